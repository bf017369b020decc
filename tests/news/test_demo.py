import pytest
from django.core.management import call_command
from django.urls import reverse

from news.models import Article, Section

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent(client):
    call_command("load_demo")
    counts = (Section.objects.count(), Article.objects.count())
    call_command("load_demo")
    assert (Section.objects.count(), Article.objects.count()) == counts
    assert counts[1] >= 5


def test_demo_press_releases_are_public(client):
    call_command("load_demo")
    page = client.get("/en/news/").content.decode()
    assert (
        "Aman Mambetseitov"
        in client.get(
            Article.objects.get(title__startswith="The draft statements").get_absolute_url()
        ).content.decode()
    )
    assert "International School of Diplomacy" in page


def test_demo_admin_account_gets_a_printed_password(client, capsys):
    call_command("load_demo", "--admin")
    output = capsys.readouterr().out
    password = output.split("password: ")[1].split()[0]
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
