"""The press office's pages: the gate, the menu, breadcrumbs, sanitizing, the tree, search,
the sitemap and the admin's roles."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.publishing import PublicationStatus
from core.roles import EDITOR, PUBLISHER
from pages.models import Page
from tests.factories import PageFactory, RoleUserFactory

pytestmark = pytest.mark.django_db


def menu_of(response):
    return response.text.split('class="site-nav__list"', 1)[1].split("</ul>", 1)[0]


def test_page_shows_its_title_and_body_at_its_own_address(client):
    page = PageFactory(title="Press accreditation", slug="press-accreditation")
    assert page.get_absolute_url() == "/en/pages/press-accreditation/"
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Press accreditation</h1>" in response.text
    assert "What the press office wants readers to know." in response.text


@pytest.mark.parametrize("hidden", [{"draft": True}, {"embargoed": True}, {"title_ru": ""}])
def test_hidden_pages_are_404_and_out_of_the_menu(client, hidden):
    language = "ru" if "title_ru" in hidden else "en"
    page = PageFactory(**{"title": "Hidden page", "title_ru": "", "show_in_menu": True, **hidden})
    if language == "en":
        assert client.get(page.get_absolute_url()).status_code == 404
    PageFactory(title="Visible page", title_ru="Видимая страница", show_in_menu=True)
    response = client.get(f"/{language}/news/")
    assert "Hidden page" not in menu_of(response)
    assert ("Visible page" if language == "en" else "Видимая страница") in menu_of(response)


def test_menu_shows_marked_pages_in_the_editors_order_in_each_language(client):
    PageFactory(title="Contacts", title_ru="Контакты", position=20, show_in_menu=True)
    PageFactory(title="About the CSTO", title_ru="Об ОДКБ", position=10, show_in_menu=True)
    PageFactory(title="Founding documents", show_in_menu=False)
    english = menu_of(client.get("/en/news/"))
    assert english.index("About the CSTO") < english.index("Contacts")
    assert "Founding documents" not in english
    russian = menu_of(client.get("/ru/news/"))
    assert russian.index("Об ОДКБ") < russian.index("Контакты")


def test_editor_places_a_page_before_all_news_or_after_documents(client):
    PageFactory(title="About the CSTO", title_ru="Об ОДКБ", show_in_menu=True, menu_place="start")
    PageFactory(title="Contacts", title_ru="Контакты", show_in_menu=True)
    for language, about, news, documents, contacts in [
        ("en", "About the CSTO", "All news", "Documents", "Contacts"),
        ("ru", "Об ОДКБ", "Все новости", "Документы", "Контакты"),
    ]:
        menu = menu_of(client.get(f"/{language}/news/"))
        assert menu.index(about) < menu.index(news) < menu.index(documents) < menu.index(contacts)


def test_current_page_is_marked_in_the_menu(client):
    page = PageFactory(title="Contacts", show_in_menu=True)
    response = client.get(page.get_absolute_url())
    assert f'<a href="{page.get_absolute_url()}" aria-current="page">Contacts</a>' in response.text


def test_breadcrumbs_link_the_public_ancestors(client):
    about = PageFactory(title="About the CSTO")
    structure = PageFactory(title="Structure of the Secretariat", parent=about)
    hidden = PageFactory(title="Draft middle", parent=about, draft=True)
    leaf = PageFactory(title="Press office", parent=structure)
    crumbs = client.get(leaf.get_absolute_url()).text.split('class="breadcrumbs"')[1]
    crumbs = crumbs.split("</nav>")[0]
    assert crumbs.index("About the CSTO") < crumbs.index("Structure of the Secretariat")
    assert f'href="{about.get_absolute_url()}"' in crumbs
    assert '<li aria-current="page">Press office</li>' in crumbs
    below_draft = PageFactory(title="Below a draft", parent=hidden)
    crumbs = client.get(below_draft.get_absolute_url()).text.split('class="breadcrumbs"')[1]
    assert "Draft middle" not in crumbs.split("</nav>")[0]


def test_page_lists_its_public_sub_pages_in_order(client):
    about = PageFactory(title="About the CSTO")
    PageFactory(title="Second child", parent=about, position=2)
    PageFactory(title="First child", parent=about, position=1)
    PageFactory(title="Draft child", parent=about, draft=True)
    text = client.get(about.get_absolute_url()).text
    assert text.index("First child") < text.index("Second child")
    assert "Draft child" not in text


def test_page_body_is_sanitized_even_when_written_behind_the_admins_back(client):
    page = PageFactory(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    assert "<script>" not in page.body and "onclick" not in page.body
    Page.objects.filter(pk=page.pk).update(body_en='<img src=x onerror="alert(1)">')
    text = client.get(page.get_absolute_url()).text
    assert "onerror" not in text


@pytest.mark.parametrize(
    "path", ["/en/pages/no-such-page/", "/en/pages/%D0%B6/", "/en/pages/a/b/", "/en/pages/-/"]
)
def test_unknown_pages_are_404(client, path):
    assert client.get(path).status_code == 404


def test_tree_refuses_loops_and_more_than_three_levels():
    top = PageFactory()
    middle = PageFactory(parent=top)
    bottom = PageFactory(parent=middle)
    with pytest.raises(ValidationError):
        PageFactory.build(parent=bottom).clean()
    top.parent = bottom
    with pytest.raises(ValidationError):
        top.clean()
    top.refresh_from_db()
    top.parent = top
    with pytest.raises(ValidationError):
        top.clean()


def test_search_and_sitemap_find_published_pages_only(client):
    PageFactory(title="Press accreditation rules", body="<p>Journalists apply by mail.</p>")
    PageFactory(title="Secret accreditation draft", draft=True)
    results = client.get(reverse("search"), {"q": "accreditation"}).text
    assert "rules</a>" in results
    assert "draft</a>" not in results
    sitemap = client.get(reverse("sitemap_section", args=["information-pages"])).text
    assert "/en/pages/" in sitemap and sitemap.count("<url>") == 1


def page_form(**overrides):
    data = {
        "title_en": "Press accreditation",
        "title_ru": "Аккредитация СМИ",
        "slug": "press-accreditation",
        "body_en": "<p>How to apply.</p>",
        "body_ru": "<p>Как подать заявку.</p>",
        "parent": "",
        "position": "10",
        "show_in_menu": "on",
        "menu_place": "end",
        "status": PublicationStatus.PUBLISHED,
        "published_at_0": "2024-07-16",
        "published_at_1": "10:00:00",
        "review_note": "",
    }
    data.update(overrides)
    return data


def test_an_editors_page_stays_a_draft_until_a_publisher_publishes_it(client):
    editor = Client()
    editor.force_login(RoleUserFactory(username="editor", role=EDITOR))
    response = editor.post(reverse("admin:pages_page_add"), page_form())
    assert response.status_code == 302, response.text[:3000]
    page = Page.objects.get()
    assert page.status == PublicationStatus.DRAFT
    assert client.get(page.get_absolute_url()).status_code == 404
    publisher = Client()
    publisher.force_login(RoleUserFactory(username="publisher", role=PUBLISHER))
    change = reverse("admin:pages_page_change", args=[page.pk])
    response = publisher.post(change, page_form())
    assert response.status_code == 302, response.text[:3000]
    assert "Press accreditation" in menu_of(client.get("/en/news/"))
    assert "Аккредитация СМИ" in menu_of(client.get("/ru/news/"))
    assert page.history.count() == 2


def test_preview_of_an_unsaved_page_under_a_parent_in_both_languages():
    import re

    editor = Client()
    editor.force_login(RoleUserFactory(username="editor", role=EDITOR))
    parent = PageFactory(title="About the CSTO", title_ru="Об ОДКБ")
    data = page_form(parent=str(parent.pk), slug="", body_en="<p>Text<script>x()</script></p>")
    start = editor.post(reverse("admin:pages_page_preview"), data)
    assert start.status_code == 302
    frame = re.search(r'<iframe[^>]* src="([^"]+)"', editor.get(start["Location"]).text).group(1)
    english = editor.get(frame)
    assert english.status_code == 200
    assert "<h1>Press accreditation</h1>" in english.text and "<script>x" not in english.text
    assert f'href="{parent.get_absolute_url()}"' in english.text.split('class="breadcrumbs"')[1]
    russian = editor.get(frame.replace("/en/", "/ru/"))
    assert "<h1>Аккредитация СМИ</h1>" in russian.text
    assert Page.objects.count() == 1
