"""Outages don't become errors: Redis or PostgreSQL stopped under the real production path.

The stack is the production one (gunicorn with the production settings behind nginx rendered
from the compose template), but its PostgreSQL cluster and its Redis are the test's own,
started on free ports: stopping them never touches the machine's shared services.

- Redis down: every public page still answers from the database, to anonymous readers and to
  visitors with a cookie; staff sign in, edit and publish; the error is logged once a minute
  per process, not per request; when Redis returns, caching resumes with no restart.
- PostgreSQL down: what nginx holds is still served, marked stale; everything else is a 503
  with the site's own page and Retry-After, in the admin too; /readyz is 503, /healthz 200;
  when PostgreSQL returns, the next request succeeds with no restart.
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from deploy.prodcheck import find_nginx, free_port, write_nginx_config

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "press.outage.test"
VIA_TLS = {"Host": HOST, "X-Forwarded-Proto": "https"}
PASSWORD = "a long password for the outage test"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not PG_BIN.is_dir() or not shutil.which("redis-server"),
    reason="needs root (to run a PostgreSQL cluster as postgres), PostgreSQL 15 and Redis",
)


def as_postgres(*args, **kwargs):
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, **kwargs)  # noqa: S603,S607


class Stack:
    """PostgreSQL, Redis, gunicorn and nginx of the test's own, in one temporary folder."""

    def __init__(self, workdir):
        self.dir = workdir
        self.dir.chmod(0o755)
        self.pg_port, self.redis_port = free_port(55432), free_port(56379)
        self.gunicorn_port, self.nginx_port = free_port(58000), free_port(58080)
        self.pgdata = self.dir / "pgdata"
        self.processes = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CSTO_"))},
            "DJANGO_SETTINGS_MODULE": "csto_press.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/outage",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            # The task queue on the same Redis: while it is down, publishing still works and
            # the mail waits in the outbox.
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "DJANGO_STATIC_ROOT": str(self.dir / "static"),
            "DJANGO_MEDIA_ROOT": str(self.dir / "media"),
            "GUNICORN_BIND": f"127.0.0.1:{self.gunicorn_port}",
            "GUNICORN_WORKERS": "2",
            "CSTO_TRUSTED_PROXIES": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }

    # -- services

    def start_postgres(self):
        if not self.pgdata.exists():
            self.pgdata.mkdir()
            shutil.chown(self.pgdata, "postgres", "postgres")
            as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-A", "trust", "-U", "postgres",
                capture_output=True,
            )  # fmt: skip
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.pgdata / "log"),
            "-o", f"-p {self.pg_port} -k {self.pgdata} -c listen_addresses=127.0.0.1",
            "-w", "start", capture_output=True,
        )  # fmt: skip

    def stop_postgres(self):
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop",
            capture_output=True,
        )  # fmt: skip

    def start_redis(self):
        self.start(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.redis("PING").startswith("PONG"):
            assert time.monotonic() < deadline, "redis did not start"
            time.sleep(0.1)

    def stop_redis(self):
        self.stop("redis")

    def redis(self, *command):
        result = subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.redis_port), *command],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip()

    def start(self, name, args):
        log = (self.dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def stop(self, name):
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)

    def manage(self, *args):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
            capture_output=True,
        )  # fmt: skip

    def up(self):
        self.start_postgres()
        as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "outage",
            capture_output=True,
        )  # fmt: skip
        self.start_redis()
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput")
        self.manage(
            "shell", "-c",
            "from django.contrib.auth.models import Group, User;"
            f"u = User.objects.create_user('publisher', password='{PASSWORD}', is_staff=True);"
            "u.groups.add(Group.objects.get(name='Publisher'))",
        )  # fmt: skip
        self.start(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py",
             "csto_press.wsgi"],
        )  # fmt: skip
        values = {
            "NGINX_LISTEN": f"127.0.0.1:{self.nginx_port}",
            "NGINX_UPSTREAM": f"127.0.0.1:{self.gunicorn_port}",
            "NGINX_RESOLVER": "127.0.0.1",
            "NGINX_STATIC_ROOT": self.env["DJANGO_STATIC_ROOT"],
            "NGINX_MEDIA_ROOT": self.env["DJANGO_MEDIA_ROOT"],
            "NGINX_ACCESS_LOG": str(self.dir / "nginx-access.log"),
            "NGINX_CACHE_PATH": str(self.dir / "nginx-cache"),
            "NGINX_ADMIN_PATH": "admin/",
        }
        conf = write_nginx_config(self.dir, values)
        self.start(
            "nginx", [find_nginx(), "-p", str(self.dir), "-c", str(conf), "-g", "daemon off;"]
        )
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if self.get("/healthz").status == 200:
                    return
            assert time.monotonic() < deadline, (self.dir / "gunicorn.log").read_text()[-3000:]
            time.sleep(0.3)

    def down(self):
        for name in list(self.processes):
            self.stop(name)
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop_postgres()

    # -- requests through nginx

    def request(self, method, path, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.nginx_port, timeout=20)
        try:
            connection.request(method, path, body=body, headers={**VIA_TLS, **(headers or {})})
            response = connection.getresponse()
            response.text = response.read().decode("utf-8", "replace")
            return response
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def log(self, name="gunicorn"):
        return (self.dir / f"{name}.log").read_text(errors="replace")


@pytest.fixture(scope="module")
def stack():
    if not find_nginx():
        pytest.fail("nginx is needed for the outage tests (apt-get install nginx)")
    # Not pytest's temporary folder: the postgres user must be able to reach the cluster's.
    workdir = Path(tempfile.mkdtemp(prefix="csto-outage-"))
    stack = Stack(workdir)
    try:
        stack.up()
        yield stack
    finally:
        stack.down()
        shutil.rmtree(workdir, ignore_errors=True)


def public_pages(stack):
    """One address of every kind of public page, with a query string of this run's own so
    nginx's microcache cannot answer for Django."""
    found = stack.get("/en/news/").text
    article = re.search(r'href="(/en/news/[a-z0-9-]+/[a-z0-9-]+/)"', found).group(1)
    meeting = re.search(r'href="(/en/meetings/[a-z0-9-]+/)"', stack.get("/en/meetings/").text)
    document = re.search(r'href="(/en/documents/[a-z0-9-]+/)"', stack.get("/en/documents/").text)
    pages = [
        "/en/", "/ru/", "/en/news/", "/ru/news/", article, "/en/news/statements/",
        "/en/meetings/", meeting.group(1), "/en/documents/", document.group(1),
        "/en/search/?q=council", f"/ru/search/?q={quote('совет')}", "/en/news/feed/rss/",
        "/sitemap.xml", "/robots.txt", "/en/news/archive/2019/",
    ]  # fmt: skip
    tag = secrets.token_hex(4)
    return [f"{page}{'&' if '?' in page else '?'}run={tag}" for page in pages]


def sign_in(stack):
    """A staff member's browser: the login page's CSRF cookie and token, then the form."""
    page = stack.get("/admin/login/")
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = stack.request(
        "POST",
        "/admin/login/",
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}/admin/login/",
            "Origin": f"https://{HOST}",
        },
        body=urlencode(
            {"username": "publisher", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ),
    )
    assert response.status == 302, response.text[:500]
    jar = dict([cookie.split("=", 1)])
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.split(";", 1)[0].partition("=")
            jar[key] = rest
    return "; ".join(f"{key}={value}" for key, value in jar.items())


def test_with_redis_down_every_page_answers_and_staff_publish(stack):
    pages = public_pages(stack)
    stack.stop_redis()
    try:
        for page in pages:
            assert stack.get(page).status == 200, page
            response = stack.get(page, Cookie="csrftoken=" + "c" * 32)
            assert response.status == 200, page
        cookie = sign_in(stack)
        admin = stack.get("/admin/news/article/", Cookie=cookie)
        assert admin.status == 200
        article = re.search(r'href="/admin/news/article/(\d+)/change/', admin.text).group(1)
        form = stack.get(f"/admin/news/article/{article}/change/", Cookie=cookie).text
        shortcut = re.search(r'href="(/admin/r/\d+/\d+/)"', form).group(1)  # "View on site"
        location = stack.get(shortcut, Cookie=cookie).getheader("Location")
        public_url = re.search(r"(/(?:en|ru)/news/[^?#]+)", location)
        form = stack.get(f"/admin/news/article/{article}/change/", Cookie=cookie)
        assert form.status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        for action in ("unpublish", "publish"):
            done = stack.request(
                "POST",
                "/admin/news/article/",
                headers={
                    "Cookie": cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}/admin/news/article/",
                },
                body=urlencode(
                    {
                        "action": action,
                        "_selected_action": article,
                        "index": "0",
                        "csrfmiddlewaretoken": token,
                    }
                ),
            )
            assert done.status == 302, done.text[:500]
            # Readers see the change (a query string of its own: nginx's copy is not asked).
            seen = stack.get(f"{public_url.group(1)}?after={action}").status
            assert seen == (404 if action == "unpublish" else 200), action
        cache_errors = [line for line in stack.log().splitlines() if "logger=csto.cache" in line]
        # Dozens of requests, two workers: one line per worker and minute, not per request.
        assert 1 <= len(cache_errors) <= 2, cache_errors
    finally:
        stack.start_redis()
    # Back: caching resumes without a restart (the remembered values are stored again).
    for page in public_pages(stack)[:4]:
        assert stack.get(page).status == 200
    assert stack.redis("--scan", "--pattern", "*csto:value*"), "nothing cached after Redis returned"
    assert stack.get("/readyz").text.strip() == "ok"


def test_with_postgresql_down_cached_pages_are_served_and_the_rest_is_a_503(stack):
    cached = "/en/news/"
    assert stack.get(cached).status == 200  # now in nginx's microcache
    uncached = public_pages(stack)[4]
    stack.stop_postgres()
    try:
        time.sleep(0.5)
        stale = stack.get(cached)
        assert stale.status == 200
        assert stale.getheader("X-Cache") in ("HIT", "STALE")
        for page in (uncached, "/en/meetings/?run=down", "/admin/", "/admin/news/article/"):
            response = stack.get(page, Cookie="sessionid=" + "s" * 32)
            assert response.status == 503, (page, response.status)
            assert response.getheader("Retry-After") == "30"
            assert "briefly unavailable" in response.text
            assert "Traceback" not in response.text
        assert stack.get("/readyz").status == 503
        assert stack.get("/healthz").status == 200
        for _ in range(10):
            assert stack.get(uncached).status == 503
        outage_lines = [line for line in stack.log().splitlines() if "logger=csto.outage" in line]
        request_lines = [
            line for line in stack.log().splitlines() if "logger=django.request" in line
        ]
        # A dozen failed requests on two workers: a line a minute per worker, not a request.
        assert 1 <= len(outage_lines) <= 2, outage_lines
        assert len(request_lines) <= 2, request_lines
    finally:
        stack.start_postgres()
    assert stack.get(uncached).status == 200
    assert stack.get("/readyz").status == 200
    # The cached copy was marked stale while it stood in for the page; fresh ones follow.
    time.sleep(0.1)
    assert stack.get(f"{cached}?after=1").status == 200
