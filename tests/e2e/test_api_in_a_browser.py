"""The open API in a real browser: its Swagger UI docs work under the site's CSP from the
site's own files, and another site's page reads the API through CORS, ETag and 304 included."""

import pytest

from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_docs_show_every_resource_from_the_sites_own_files(page, live_server):
    from playwright.sync_api import expect

    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("CSTO press site: open API")
    for path in ("/api/v1/articles/", "/api/v1/documents/{id}/", "/api/v1/member-states/"):
        expect(page.locator(f"[data-path='{path}']").first).to_be_visible()
    # Try one operation from the page itself.
    page.locator("[data-path='/api/v1/sections/']").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200"
    )
    assert hosts == {live_server.url.split("/")[2]}, hosts  # no CDN, nothing from elsewhere
    assert page.js_errors == []  # among them, anything the CSP refused


@pytest.fixture
def partner_site():
    """Another site: a blank page from a server of its own (another origin, on loopback like
    the API, so only CORS decides)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Blank(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>Partner</title>")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Blank)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_sites_page_reads_the_api_and_revalidates_with_its_etag(
    page, live_server, partner_site
):
    ArticleFactory(section=SectionFactory(slug="statements"), title="Summit in Minsk")
    page.goto(partner_site)
    result = page.evaluate(
        """async (url) => {
            const first = await fetch(url, {cache: "no-store"});
            const data = await first.json();
            const etag = first.headers.get("ETag");
            const again = await fetch(url, {cache: "no-store", headers: {"If-None-Match": etag}});
            const posted = (await fetch(url, {method: "POST"})).status;
            let put = "sent";
            try { await fetch(url, {method: "PUT"}); } catch (error) { put = "refused"; }
            const title = data.results[0].title;
            return {status: first.status, title, etag, again: again.status, posted, put};
        }""",
        live_server.url + "/api/v1/articles/?lang=en",
    )
    assert result["status"] == 200 and result["title"] == "Summit in Minsk"
    assert result["etag"]  # exposed to the other site's script
    assert result["again"] == 304
    # A write: the browser refuses to send a PUT (the preflight allows GET and HEAD only),
    # and a POST (which needs no preflight) is refused by the API itself.
    assert result["put"] == "refused" and result["posted"] == 405
