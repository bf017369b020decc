#!/usr/bin/env python3
"""`make prodcheck`: the configuration of docker-compose.yml's stack, in seconds, without Docker.

Same files, same settings, other hosts: gunicorn (deploy/gunicorn.conf.py) with
`csto_press.settings.production` and the env of deploy/prodcheck.env, against this machine's
PostgreSQL and Redis, behind nginx rendered from deploy/nginx/default.conf.template (only
its addresses and paths differ from compose). Then, through nginx: pages, static and media
headers, the page microcache, health endpoints, request logging; and `check --deploy`.

What only containers can show (the image, its user and file permissions, volumes, replicas,
a backup restored into a fresh volume) is `make compose-check` (deploy/compose_check.py),
which shares the helpers below.

Everything it starts is stopped on the way out, whatever happens; it exits non-zero with
the failed checks listed. Runnable again and again: the database is created afresh.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "nginx" / "default.conf.template"
ENV_FILE = DEPLOY / "prodcheck.env"
PYTHON = sys.executable
# The Host a visitor would send, and the header the TLS proxy in front of nginx would add.
SITE_HOST = "press.prodcheck.test"
VIA_TLS = {"Host": SITE_HOST, "X-Forwarded-Proto": "https"}
# Caller variables that must not leak into the production environment under test.
LEAKY_PREFIXES = ("DJANGO_", "GUNICORN_", "AWS_", "NGINX_")
LEAKY_NAMES = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
# Models counted by DISCOVER_SCRIPT: compose-check's restore must bring every row back, and
# the first four must not be empty.
COUNTED_MODELS = [
    "news.Article",
    "meetings.Meeting",
    "meetings.Document",
    "meetings.DocumentStep",
    "news.Section",
    "meetings.Body",
    "meetings.MemberState",
    "auth.User",
]
REQUIRED_NONEMPTY = COUNTED_MODELS[:4]

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Fatal(Exception):
    """A step without which the rest cannot run."""


# --- nginx config: the compose template, rendered like the nginx image's envsubst ----------


def template_variables(text: str) -> set[str]:
    return set(_VARIABLE.findall(text))


def render_template(text: str, values: dict[str, str]) -> str:
    """Replace ${NAME} as envsubst does; a name without a value is an error, not ''."""
    missing = template_variables(text) - values.keys()
    if missing:
        raise Fatal(f"nginx template variables without a value: {', '.join(sorted(missing))}")
    return _VARIABLE.sub(lambda match: values[match.group(1)], text)


def nginx_main_conf(workdir: Path, conf_dir: Path) -> str:
    """A stand-in for the nginx image's /etc/nginx/nginx.conf, with every path in workdir."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"    {kind}_temp_path {workdir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\n"
        f"pid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'nginx-error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        "    keepalive_timeout 65;\n"
        f"{temp_paths}"
        f"    include {conf_dir}/*.conf;\n"
        "}\n"
    )


def write_nginx_config(workdir: Path, values: dict[str, str]) -> Path:
    conf_dir = workdir / "conf.d"
    conf_dir.mkdir(parents=True, exist_ok=True)
    rendered = render_template(TEMPLATE.read_text(), values)
    (conf_dir / "default.conf").write_text(rendered)
    main_conf = workdir / "nginx.conf"
    main_conf.write_text(nginx_main_conf(workdir, conf_dir))
    return main_conf


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
        None,
    )


# --- small helpers ------------------------------------------------------------------------


def say(message: str) -> None:
    print(message, flush=True)


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise Fatal("no free TCP port on 127.0.0.1")


def pg_env(database_url: str) -> dict[str, str]:
    """libpq variables for backup.sh / restore.sh, from the DATABASE_URL the app uses."""
    url = urlsplit(database_url)
    values = {
        "PGHOST": url.hostname or "127.0.0.1",
        "PGPORT": str(url.port or 5432),
        "PGUSER": unquote(url.username or "postgres"),
        "PGDATABASE": url.path.lstrip("/"),
    }
    if url.password:
        values["PGPASSWORD"] = unquote(url.password)
    return values


def tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return f"({path.name} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fetch(
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Response:
    """One request to 127.0.0.1:port as the TLS proxy in front of nginx would send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers={**VIA_TLS, **(headers or {})})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


# Run by `manage.py shell -c` (here against the local database, in compose-check inside a web
# container): prints, as JSON on its last line, the URLs of published demo objects and the
# number of rows of each of COUNTED_MODELS.
DISCOVER_SCRIPT = (
    f"COUNTED_MODELS = {COUNTED_MODELS!r}\n"
    + """
import json
from django.apps import apps
from django.urls import reverse

out = {"urls": {}, "counts": {}, "errors": []}

def published(model):
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()

def add(key, compute):
    try:
        out["urls"][key] = compute()
    except Exception as error:
        out["errors"].append(f"{key}: {type(error).__name__}: {error}")

def model(label):
    return apps.get_model(label)

add("home", lambda: reverse("home"))
add("news", lambda: reverse("news:article_list"))
add("article", lambda: published(model("news.Article")).first().get_absolute_url())
add("meetings", lambda: reverse("meetings:meeting_list"))
add("meeting", lambda: published(model("meetings.Meeting")).first().get_absolute_url())
add("documents", lambda: reverse("meetings:document_list"))
add("document", lambda: published(model("meetings.Document")).first().get_absolute_url())

def with_file():
    return published(model("meetings.Document")).exclude(file="").first()

add("download", lambda: reverse("meetings:document_download", args=[with_file().slug]))
add("document_file", lambda: with_file().file.url)
for label in COUNTED_MODELS:
    try:
        out["counts"][label] = model(label)._default_manager.count()
    except Exception as error:
        out["errors"].append(f"{label}: {type(error).__name__}: {error}")
print(json.dumps(out))
"""
)


def parse_discovered(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


class Checks:
    """Bookkeeping shared by prodcheck and compose-check: each check passes or is listed."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.failures: list[str] = []
        self.passed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            say(f"  ok    {what}")
        else:
            self.failures.append(f"{what}{': ' + detail if detail else ''}")
            say(f"  FAIL  {what}{': ' + detail if detail else ''}")
        return ok


# --- the run --------------------------------------------------------------------------------


class ProdCheck(Checks):
    def __init__(self) -> None:
        super().__init__()
        self.workdir = Path(tempfile.mkdtemp(prefix="csto-prodcheck-"))
        self.workdir.chmod(0o755)
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.home: Response | None = None
        self.unknown_host_request_id = ""
        self.nginx_port = free_port(int(os.environ.get("PRODCHECK_NGINX_PORT", "8089")))
        self.gunicorn_port = free_port(int(os.environ.get("PRODCHECK_GUNICORN_PORT", "8091")))
        self.env = self._app_env()
        self.pg = pg_env(self.env["DATABASE_URL"])

    def _app_env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(LEAKY_PREFIXES) and key not in LEAKY_NAMES
        }
        env.update(read_env_file(ENV_FILE))
        env.update(
            {
                # Generated on every run: nothing secret is committed, nothing reused.
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
                "DJANGO_STATIC_ROOT": str(self.workdir / "static"),
                "DJANGO_MEDIA_ROOT": str(self.workdir / "media"),
                "GUNICORN_BIND": f"127.0.0.1:{self.gunicorn_port}",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    # -- bookkeeping

    def run(self, *args: str, env: dict[str, str] | None = None, what: str = "") -> str:
        """Run a command to completion; its failure is fatal, with its output shown."""
        result = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
            args,
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            raise Fatal(
                f"{what or ' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    def manage(self, *args: str) -> str:
        return self.run(PYTHON, "manage.py", *args, what=f"manage.py {' '.join(args)}")

    def start(self, name: str, args: list[str], log: Path) -> subprocess.Popen:
        handle = log.open("ab")
        process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
            args,
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: workers are stopped with it
        )
        handle.close()
        self.processes.append((name, process))
        return process

    def stop_all(self) -> None:
        while self.processes:
            name, process = self.processes.pop()
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            say(f"  stopped {name}")

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        port: int | None = None,
    ) -> Response:
        return fetch(port or self.nginx_port, path, method=method, headers=headers)

    # -- steps

    def preflight(self) -> None:
        say("== preflight")
        self.nginx = find_nginx()
        if not self.nginx:
            raise Fatal("nginx is not installed (apt-get install nginx; .ci/run does it)")
        for tool in ("pg_isready", "createdb", "dropdb"):
            if not shutil.which(tool):
                raise Fatal(f"{tool} is missing (PostgreSQL client tools)")
        pg = {**self.env, **self.pg}
        if subprocess.run(["pg_isready", "-q"], env=pg, check=False).returncode != 0:  # noqa: S607
            raise Fatal(f"PostgreSQL does not answer on {self.pg['PGHOST']}:{self.pg['PGPORT']}")
        redis = urlsplit(self.env["REDIS_URL"])
        try:
            with socket.create_connection((redis.hostname, redis.port or 6379), timeout=3) as s:
                s.sendall(b"PING\r\n")
                pong = s.recv(16)
        except OSError as error:
            raise Fatal(f"Redis does not answer at {self.env['REDIS_URL']}: {error}") from error
        if not pong.startswith(b"+PONG"):
            raise Fatal(f"Redis answered {pong!r} to PING")
        say(
            f"  nginx {self.nginx} on 127.0.0.1:{self.nginx_port}, gunicorn on "
            f"127.0.0.1:{self.gunicorn_port}, database {self.pg['PGDATABASE']}, work dir "
            f"{self.workdir}"
        )

    def prepare(self) -> None:
        say(
            "== fresh database, migrate, demo content, translations, collectstatic"
            " (production settings)"
        )
        pg = {**self.env, **self.pg}
        database = self.pg["PGDATABASE"]
        self.run("dropdb", "--if-exists", "--force", database, env=pg, what="dropdb")
        self.run("createdb", database, env=pg, what="createdb")
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        self.manage("compile_translations")
        self.manage("collectstatic", "--noinput")
        media = Path(self.env["DJANGO_MEDIA_ROOT"]) / "prodcheck"
        media.mkdir(parents=True, exist_ok=True)
        # What a hostile upload would look like, and two honest ones.
        (media / "page.html").write_text("<html><body><script>alert(1)</script></body></html>")
        (media / "drawing.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        )
        (media / "statement.pdf").write_bytes(b"%PDF-1.4\n%prodcheck\n%%EOF\n")
        (media / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
        for directory, _, _ in os.walk(self.workdir):
            Path(directory).chmod(0o755)

    def deploy_check(self) -> None:
        say("== manage.py check --deploy --fail-level WARNING (production env)")
        output = self.manage("check", "--deploy", "--fail-level", "WARNING")
        self.check(True, f"check --deploy: {output.strip().splitlines()[-1]}")

    def start_servers(self) -> None:
        say("== start gunicorn and nginx")
        self.start(
            "gunicorn",
            [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "csto_press.wsgi"],
            self.workdir / "gunicorn.log",
        )
        values = {
            "NGINX_LISTEN": f"127.0.0.1:{self.nginx_port}",
            "NGINX_UPSTREAM": f"127.0.0.1:{self.gunicorn_port}",
            "NGINX_RESOLVER": "127.0.0.1",  # unused: the upstream is an address, not a name
            "NGINX_STATIC_ROOT": self.env["DJANGO_STATIC_ROOT"],
            "NGINX_MEDIA_ROOT": self.env["DJANGO_MEDIA_ROOT"],
            "NGINX_ACCESS_LOG": str(self.workdir / "nginx-access.log"),
            "NGINX_CACHE_PATH": str(self.workdir / "nginx-cache"),
            "NGINX_ADMIN_PATH": self.env.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/",
        }
        main_conf = write_nginx_config(self.workdir, values)
        nginx = [self.nginx, "-p", str(self.workdir), "-c", str(main_conf)]
        self.run(*nginx, "-e", str(self.workdir / "nginx-error.log"), "-t", what="nginx -t")
        self.start("nginx", [*nginx, "-g", "daemon off;"], self.workdir / "nginx-error.log")
        deadline = time.monotonic() + 30
        while True:
            for name, process in self.processes:
                if process.poll() is not None:
                    raise Fatal(f"{name} exited with {process.returncode}")
            with contextlib.suppress(OSError):
                if self.request("/healthz").status == 200:
                    break
            if time.monotonic() > deadline:
                raise Fatal("gunicorn behind nginx did not answer /healthz within 30 s")
            time.sleep(0.3)
        say("  up")

    def discover(self) -> dict:
        """The URLs of real demo objects and the row counts (DISCOVER_SCRIPT's JSON)."""
        return parse_discovered(self.manage("shell", "--no-imports", "-c", DISCOVER_SCRIPT))

    def check_pages(self, found: dict) -> None:
        say("== pages through nginx (as if behind the TLS proxy)")
        for error in found["errors"]:
            self.check(False, "find demo objects and URLs", error)
        for key in ("home", "news", "article", "meetings", "meeting", "documents", "document"):
            url = found["urls"].get(key)
            if url is None:
                self.check(False, f"{key} page", "no URL (see the error above)")
                continue
            response = self.request(url)
            self.check(response.status == 200, f"{key} {url} -> 200", f"got {response.status}")
            if key == "home":
                self.home = response
        self.check_downloads(found["urls"])
        self.check_sitemap(found["urls"])
        response = self.request("/", headers={"Host": "evil.example"})
        self.check(response.status == 400, "an unknown Host -> 400", f"got {response.status}")
        self.unknown_host_request_id = response.header("X-Request-ID")
        response = self.request("/no-such-page/")
        self.check(response.status == 404, "unknown path -> 404", f"got {response.status}")
        response = self.request("/news/", headers={"X-Forwarded-Proto": ""})
        self.check(
            response.status == 301 and response.header("Location") == f"https://{SITE_HOST}/news/",
            "plain http -> 301 to https",
            f"got {response.status} {response.header('Location')}",
        )
        hsts = self.request("/").header("Strict-Transport-Security")
        self.check(
            "max-age=31536000" in hsts and "includeSubDomains" in hsts,
            "HSTS one year with subdomains",
            hsts,
        )
        # The home page itself (the root only redirects to a language).
        response = self.request(found["urls"].get("home", "/"), headers={"Accept-Encoding": "gzip"})
        self.check(
            response.header("Content-Encoding") == "gzip",
            "pages are gzipped",
            response.header("Content-Encoding"),
        )
        too_big = self.oversized_upload()
        self.check(too_big == 413, "request body over 25 MB -> 413", f"got {too_big}")

    def check_sitemap(self, urls: dict) -> None:
        """The index names each section's sitemap by its public https address; the article
        sitemap answers and lists the demo article."""
        index = self.request("/sitemap.xml")
        listed = re.findall(r"<loc>([^<]+)</loc>", index.body.decode(errors="replace"))
        articles_map = f"https://{SITE_HOST}/sitemap-articles.xml"
        self.check(
            index.status == 200 and b"<sitemapindex" in index.body and articles_map in listed,
            "/sitemap.xml is an index of the sections' sitemaps (https addresses)",
            f"{index.status} {listed[:3]}",
        )
        sitemap = self.request("/sitemap-articles.xml")
        article = urls.get("article", "")
        self.check(
            sitemap.status == 200 and f"https://{SITE_HOST}{article}".encode() in sitemap.body,
            "/sitemap-articles.xml lists the articles",
            f"{sitemap.status}",
        )

    def check_downloads(self, urls: dict) -> None:
        """An official document's file: through Django's download view and straight from media."""
        for key in ("download", "document_file"):
            url = urls.get(key)
            if url is None:
                self.check(False, f"{key} of a document with a file", "no URL (see above)")
                continue
            response = self.request(url)
            self.check(
                response.status == 200
                and response.body.startswith(b"%PDF")
                and response.header("Content-Disposition").startswith("attachment")
                and response.header("X-Content-Type-Options") == "nosniff",
                f"{key} {url} -> 200 PDF attachment, nosniff",
                f"{response.status} {response.header('Content-Type')} "
                f"{response.header('Content-Disposition')!r}",
            )

    def oversized_upload(self) -> int:
        """nginx refuses on the Content-Length header alone, before any body is sent."""
        connection = http.client.HTTPConnection("127.0.0.1", self.nginx_port, timeout=15)
        try:
            connection.putrequest("POST", "/", skip_host=True)
            for name, value in {**VIA_TLS, "Content-Length": str(26 * 1024 * 1024)}.items():
                connection.putheader(name, value)
            connection.endheaders()
            return connection.getresponse().status
        finally:
            connection.close()

    def check_static(self) -> None:
        say("== static files from nginx")
        static_root = Path(self.env["DJANGO_STATIC_ROOT"])
        manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
        hashed = manifest.get("css/site.css")
        if not self.check(bool(hashed), "css/site.css is in the static manifest"):
            return
        url = f"/static/{hashed}"
        self.check(
            self.home is not None and url in self.home.text, f"home page links the hashed {url}"
        )
        response = self.request(url, headers={"Accept-Encoding": "gzip"})
        cache_control = response.header("Cache-Control")
        self.check(response.status == 200, f"{url} -> 200", f"got {response.status}")
        self.check(
            "max-age=31536000" in cache_control and "immutable" in cache_control,
            "static Cache-Control: a year, immutable",
            cache_control,
        )
        self.check(
            response.header("Content-Type").startswith("text/css"),
            "static CSS is text/css",
            response.header("Content-Type"),
        )
        self.check(
            response.header("Content-Encoding") == "gzip",
            "static CSS is gzipped",
            response.header("Content-Encoding"),
        )
        gunicorn_log = (self.workdir / "gunicorn.log").read_text(errors="replace")
        self.check(f'path="{url}"' not in gunicorn_log, "static files never reach gunicorn")

    def check_media(self) -> None:
        say("== uploaded files are inert")
        for name in ("page.html", "drawing.svg"):
            response = self.request(f"/media/prodcheck/{name}")
            content_type = response.header("Content-Type")
            self.check(response.status == 200, f"media {name} -> 200", f"got {response.status}")
            self.check(
                content_type == "application/octet-stream",
                f"media {name} is not served as a document",
                content_type,
            )
            self.check(
                response.header("X-Content-Type-Options") == "nosniff", f"media {name} nosniff"
            )
            self.check(
                response.header("Content-Disposition").startswith("attachment"),
                f"media {name} is an attachment",
                response.header("Content-Disposition"),
            )
            self.check(
                "sandbox" in response.header("Content-Security-Policy"),
                f"media {name} has a sandboxing CSP",
                response.header("Content-Security-Policy"),
            )
        response = self.request("/media/prodcheck/statement.pdf")
        self.check(
            response.status == 200
            and response.header("Content-Type") == "application/pdf"
            and response.header("Content-Disposition").startswith("attachment")
            and response.header("X-Content-Type-Options") == "nosniff",
            "media PDF: application/pdf, attachment, nosniff",
            f"{response.status} {dict(response.headers)}",
        )
        response = self.request("/media/prodcheck/photo.png")
        self.check(
            response.status == 200
            and response.header("Content-Type") == "image/png"
            and not response.header("Content-Disposition"),
            "media PNG: image/png, shown inline",
            f"{response.status} {dict(response.headers)}",
        )

    def check_health_and_logs(self) -> None:
        say("== health endpoints, request ids and logs")
        for path in ("/healthz", "/readyz"):
            response = self.request(path)
            self.check(
                response.status == 200 and response.text.strip() == "ok",
                f"{path} -> 200 ok",
                f"{response.status} {response.text[:80]}",
            )
            self.check(
                "no-store" in response.header("Cache-Control"),
                f"{path} is not cacheable",
                response.header("Cache-Control"),
            )
        # The containers' own HEALTHCHECK command runs in each replica: make compose-check.

        request_id = f"prodcheck-{secrets.token_hex(8)}"
        news = self.news_url
        # A query string of its own, so that nginx's page microcache cannot answer it.
        response = self.request(
            f"{news}?prodcheck={request_id}", headers={"X-Request-ID": request_id}
        )
        self.check(
            response.header("X-Request-ID") == request_id,
            "a front proxy's X-Request-ID is kept and returned",
            response.header("X-Request-ID"),
        )
        generated = self.request(f"/?prodcheck={secrets.token_hex(8)}").header("X-Request-ID")
        self.check(
            re.fullmatch(r"[0-9a-f]{32}", generated) is not None,
            "nginx gives every request an id",
            generated,
        )
        time.sleep(0.5)
        gunicorn_log = (self.workdir / "gunicorn.log").read_text(errors="replace")
        access_line = next(
            (line for line in gunicorn_log.splitlines() if f"request_id={request_id}" in line), ""
        )
        self.check(
            f'path="{news}"' in access_line
            and "status=200" in access_line
            and "duration_ms=" in access_line,
            "gunicorn logs one line per request: id, path, status, duration",
            access_line or "no line with that id",
        )
        self.check(f"request_id={generated}" in gunicorn_log, "nginx's id reaches gunicorn's log")
        self.check(
            f"logger=django.security.DisallowedHost request_id={self.unknown_host_request_id}"
            not in gunicorn_log,
            "an unknown Host is not logged as an error",
        )
        self.check(
            "Not Found: /no-such-page/" not in gunicorn_log,
            "a 404 is logged once (by gunicorn), not again by Django",
        )
        nginx_log = (self.workdir / "nginx-access.log").read_text(errors="replace")
        self.check(
            f"request_id={request_id}" in nginx_log, "nginx logs the same id", "not in nginx log"
        )
        self.check(
            'path="/healthz"' not in nginx_log and 'path="/readyz"' not in nginx_log,
            "health checks are not in nginx's access log",
        )

    def check_microcache(self, found: dict) -> None:
        """nginx keeps public pages for anonymous readers briefly, and nobody else's."""
        say("== page microcache (nginx)")
        url = found["urls"].get("news")
        if url is None:
            self.check(False, "news list URL for the microcache checks")
            return
        url = f"{url}?microcache={secrets.token_hex(4)}"
        first, second = self.request(url), self.request(url)
        cache_control = first.header("Cache-Control")
        self.check(
            first.status == 200 and first.header("X-Cache") == "MISS",
            "first anonymous request: a miss",
            f"{first.status} X-Cache={first.header('X-Cache')}",
        )
        self.check(
            second.header("X-Cache") == "HIT" and second.body == first.body,
            "second anonymous request: served by nginx's microcache",
            f"X-Cache={second.header('X-Cache')}",
        )
        shared = re.search(r"s-maxage=(\d+)", cache_control)
        self.check(
            "public" in cache_control
            and "max-age=0" in cache_control
            and shared is not None
            and int(shared.group(1)) == int(self.env["CSTO_SHARED_CACHE_SECONDS"]),
            "public page: browsers revalidate, shared caches keep it CSTO_SHARED_CACHE_SECONDS",
            cache_control,
        )
        self.check(
            not first.header("Set-Cookie") and "cookie" not in first.header("Vary").lower(),
            "an anonymous public page sets no cookie and does not vary on Cookie",
            f"Set-Cookie={first.header('Set-Cookie')!r} Vary={first.header('Vary')!r}",
        )
        etag = first.header("ETag")
        revalidated = self.request(url, headers={"If-None-Match": etag})
        self.check(
            bool(etag) and revalidated.status == 304,
            "a repeat visit with the ETag gets 304",
            f"ETag={etag!r} -> {revalidated.status}",
        )
        for cookie in ("sessionid=prodcheck", "csrftoken=" + "p" * 32, "messages=x"):
            response = self.request(url, headers={"Cookie": cookie})
            self.check(
                response.header("X-Cache") == "BYPASS"
                and "private" in response.header("Cache-Control"),
                f"with a {cookie.split('=')[0]} cookie: past both caches, marked private",
                f"X-Cache={response.header('X-Cache')} "
                f"Cache-Control={response.header('Cache-Control')}",
            )
        admin = "/" + self.env.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/login/"
        statuses = [self.request(admin).header("X-Cache") for _ in range(2)]
        self.check(
            "HIT" not in statuses,
            "the admin login page is never served from the microcache",
            str(statuses),
        )
        self.check_edit_reaches_readers(found)

    def check_edit_reaches_readers(self, found: dict) -> None:
        """An edit made behind every cache's back (QuerySet.update) reaches anonymous readers
        through nginx once the shared and value lifetimes have passed, and not before: here
        CSTO_SHARED_CACHE_SECONDS + CSTO_VALUE_CACHE_SECONDS (prodcheck.env: 2 + 1; in
        production 10 + 5 = 15 s)."""
        article = found["urls"].get("article", "")
        url = f"{article}?edit={secrets.token_hex(4)}"
        before = self.request(url)
        title = f"Edited by prodcheck {secrets.token_hex(3)}"
        slug = article.rstrip("/").rsplit("/", 1)[-1]
        self.manage(
            "shell", "--no-imports", "-c",
            "from news.models import Article;"
            f"Article.objects.filter(slug={slug!r}).update(title_en={title!r}, title_ru={title!r})",
        )  # fmt: skip
        cached = self.request(url)
        wait = int(self.env["CSTO_SHARED_CACHE_SECONDS"]) + int(
            self.env["CSTO_VALUE_CACHE_SECONDS"]
        )
        time.sleep(wait + 0.5)
        after = self.request(url)
        self.check(
            before.status == 200 and title not in cached.text and cached.header("X-Cache") == "HIT",
            "right after an edit, nginx still answers with its copy",
            cached.header("X-Cache"),
        )
        self.check(
            title in after.text,
            f"the edit reaches anonymous readers through nginx within {wait} s",
            after.header("X-Cache"),
        )

    def cleanup_success(self) -> None:
        pg = {**self.env, **self.pg}
        subprocess.run(  # noqa: S603
            ["dropdb", "--if-exists", "--force", self.pg["PGDATABASE"]],  # noqa: S607
            env=pg,
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)

    def main(self) -> int:
        try:
            self.preflight()
            self.prepare()
            self.deploy_check()
            self.start_servers()
            found = self.discover()
            self.news_url = found["urls"].get("news", "/news/")
            self.check_pages(found)
            self.check_static()
            self.check_media()
            self.check_health_and_logs()
            self.check_microcache(found)
        except Fatal as error:
            self.failures.append(str(error))
            say(f"  FAIL  {error}")
        finally:
            if self.processes:
                say("== stopping")
                self.stop_all()
        elapsed = time.monotonic() - self.started
        if self.failures:
            for log in ("gunicorn.log", "nginx-error.log"):
                say(f"--- last lines of {log}\n{tail(self.workdir / log)}")
            total = self.passed + len(self.failures)
            say(f"\nprodcheck FAILED: {len(self.failures)} of {total} checks, {elapsed:.0f} s")
            say(f"logs and config kept in {self.workdir}")
            for failure in self.failures:
                say(f"  - {failure.splitlines()[0]}")
            return 1
        self.cleanup_success()
        say(f"\nprodcheck passed: {self.passed} checks in {elapsed:.0f} s")
        return 0


def stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    sys.exit(ProdCheck().main())
