"""manage.py check_links: internal links asked of the site itself, external ones of a real
local HTTP server (politely, with a timeout), private addresses never asked (nor reached
through a DNS answer that changes after the check), and the broken ones shown per item in
the admin."""

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from archive.models import BrokenLink, OldAddress
from tests.factories import ArticleFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


# /новости/заявление?год=2025, as a browser sends it.
CYRILLIC_PATH = quote("/новости/заявление") + "?" + quote("год") + "=2025"


class Handler(BaseHTTPRequestHandler):
    seen = []  # (method, path, monotonic time)
    hosts = []  # the Host header of each request

    def _answer(self, with_body):
        Handler.seen.append((self.command, self.path, time.monotonic()))
        Handler.hosts.append(self.headers["Host"])
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/no-head" and self.command == "HEAD":
            status = 405
        elif self.path in ("/ok", "/slow", "/no-head", CYRILLIC_PATH):
            status = 200
        elif self.path == "/moved":
            status = 301
        else:
            status = 404
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "http://10.0.0.1/internal-admin")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802 - http.server's name
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def remote_site():
    Handler.seen, Handler.hosts = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def dns(monkeypatch):
    """Answers for host names, there being no DNS server here: after ``dns[name] = [a, b]``
    the first lookup of ``name`` answers ``a``, the next ones ``b`` (a name rebound after
    its first answer). Other names resolve as usual."""
    answers, resolve = {}, socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return resolve(host, port, *args, **kwargs)
        queue = answers[host]
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def checker_settings(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ARCHIVE_LINKCHECK_PRIVATE_HOSTS = ["127.0.0.1"]


def run_check(**options):
    out = io.StringIO()
    call_command("check_links", stdout=out, **options)
    return out.getvalue()


def test_broken_links_are_found_and_working_ones_are_not(checker_settings, remote_site):
    default_storage.save("archive/files/here.docx", ContentFile(b"x"))
    good = ArticleFactory(title="Good")
    body = (
        f'<p><a href="{remote_site}/ok">ok</a> <a href="{remote_site}/gone">gone</a> '
        f'<a href="{remote_site}/slow">slow</a> <a href="{remote_site}/no-head">no head</a> '
        f'<a href="{remote_site}/moved">moved</a> '
        f'<a href="{remote_site}/новости/заявление?год=2025">Cyrillic</a> '
        f'<a href="{good.get_absolute_url()}">good page</a> <a href="/en/news/x/missing/">no</a> '
        '<a href="/media/archive/files/here.docx">here</a> '
        '<a href="/media/archive/files/lost.docx">lost</a> '
        '<a href="http://10.1.2.3/private">private</a> '
        '<a href="https://odkb-csto.org/news/news_odkb/known/">old known</a> '
        '<a href="https://odkb-csto.org/news/news_odkb/unknown/">old unknown</a></p>'
    )
    OldAddress.objects.create(path="/news/news_odkb/known/", article=good)
    article = ArticleFactory(title="Links", body=body)
    ArticleFactory(title="Draft", body=f'<a href="{remote_site}/draft-link">x</a>', draft=True)

    output = run_check(timeout=0.5, interval=0.2)

    broken = dict(BrokenLink.objects.filter(object_id=article.pk).values_list("url", "problem"))
    assert set(broken) == {
        f"{remote_site}/gone",
        f"{remote_site}/slow",
        "/en/news/x/missing/",
        "/media/archive/files/lost.docx",
        "https://odkb-csto.org/news/news_odkb/unknown/",
    }, broken
    assert broken[f"{remote_site}/gone"] == "the server answers 404"
    assert broken[f"{remote_site}/slow"].startswith("no answer")
    assert broken["/en/news/x/missing/"] == "this site answers 404"
    assert "1 on private addresses not asked" in output
    paths = [path for _method, path, _at in Handler.seen]
    assert "/draft-link" not in paths  # drafts are not checked
    assert CYRILLIC_PATH in paths  # asked as a browser asks it, and found working
    assert ("GET", "/no-head") in [(m, p) for m, p, _at in Handler.seen]
    # Polite: requests to the one host are at least the interval apart.
    times = [at for _method, _path, at in Handler.seen]
    assert all(b - a >= 0.19 for a, b in zip(times, times[1:], strict=False))


def test_a_fixed_link_leaves_the_list_at_the_next_run(checker_settings, remote_site):
    article = ArticleFactory(body=f'<a href="{remote_site}/gone">x</a>')
    run_check(interval=0)
    assert BrokenLink.objects.filter(object_id=article.pk).count() == 1
    article.body = f'<a href="{remote_site}/ok">x</a>'
    article.save()
    run_check(interval=0)
    assert not BrokenLink.objects.exists()


def test_a_private_address_is_never_asked(settings, remote_site, dns):
    settings.ALLOWED_HOSTS = ["testserver"]  # and 127.0.0.1 not allowed for the checker
    dns["intranet.example"] = ["127.0.0.1"]
    port = urlsplit(remote_site).port
    ArticleFactory(
        body=f'<a href="{remote_site}/gone">x</a> <a href="http://intranet.example:{port}/ok">y</a>'
    )
    output = run_check(interval=0)
    assert Handler.seen == []
    assert not BrokenLink.objects.exists()
    assert "2 on private addresses not asked" in output


def test_a_name_rebound_after_its_check_is_asked_at_the_address_checked(settings, remote_site, dns):
    """DNS rebinding: the name answers one address when it is checked and another after.
    The requests (a HEAD, then a GET on a new connection) go to the address checked (the
    local server, under the link's host name), never to the later answer (127.0.0.2, where
    nothing listens: asked there, the link would be reported broken)."""
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ARCHIVE_LINKCHECK_PRIVATE_HOSTS = ["partner.example"]
    dns["partner.example"] = ["127.0.0.1", "127.0.0.2"]
    port = urlsplit(remote_site).port
    ArticleFactory(body=f'<a href="http://partner.example:{port}/no-head">x</a>')

    run_check(interval=0)

    assert [(method, path) for method, path, _at in Handler.seen] == [
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]
    assert Handler.hosts == [f"partner.example:{port}"] * 2
    assert not BrokenLink.objects.exists()


def test_staff_see_the_broken_links_per_item_in_the_admin(checker_settings, remote_site):
    article = ArticleFactory(title="Summit in Minsk", body=f'<a href="{remote_site}/gone">x</a>')
    run_check(interval=0)
    admin = Client()
    admin.force_login(StaffUserFactory(username="root"))
    page = admin.get("/admin/archive/brokenlink/").content.decode()
    assert "Summit in Minsk" in page and f"{remote_site}/gone" in page
    assert f"/admin/news/article/{article.pk}/change/" in page


def test_a_published_documents_missing_file_is_reported(checker_settings):
    from meetings.models import Document
    from tests.factories import DocumentFactory

    kept = DocumentFactory(title="Kept")
    lost = DocumentFactory(title="Lost")
    default_storage.save("documents/kept.pdf", ContentFile(b"%PDF-1.4"))
    Document.objects.filter(pk=kept.pk).update(file="documents/kept.pdf")
    Document.objects.filter(pk=lost.pk).update(file="documents/lost.pdf")

    run_check(internal_only=True)

    assert list(BrokenLink.objects.values_list("item_title", "url")) == [
        ("Lost", "documents/lost.pdf")
    ]
