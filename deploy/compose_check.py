#!/usr/bin/env python3
"""`make compose-check`: docker-compose.yml started for real, and proven through its nginx.

`make prodcheck` re-enacts the stack without containers, so it cannot see what only the
containers do: the image's user reading files the build wrote, the volumes, the one-shot
`migrate`, several `web` replicas, the `backup` service, a database restored into a fresh
volume. The `.mo` written 0600 that stopped `migrate` on a fresh clone was one of those.
This script runs the real thing, on a machine that has no Docker engine and reaches no
container registry:

1. engine: installs Debian's docker.io if dockerd is missing and starts it by hand (no
   systemd); installs Compose v2 from Debian trixie's docker-compose package (bookworm's is
   v1, which refuses the file's `name:`), fetched with a private apt state so the host's
   apt stays on bookworm;
2. stand-ins: builds a bookworm base with mmdebstrap and, from deploy/standins/, images
   under the exact names compose and the Dockerfile use (production pulls the official
   ones); rebuilt only when their folder, the CA certificates or the base change;
3. the app image, from a copy of the project (tracked and new files, as a clone would
   have them) beside a throwaway .env, under a compose project name of its own;
4. `up -d --wait`; then through nginx, as the TLS proxy in front would ask: health, pages
   in both languages, an article, a document download, a static file, the admin login;
   the worker running a task queued by web; the containers' users, file modes and
   volumes; the README's rolling upgrade through two replicas (both serving, no failed
   request meanwhile); a backup, a restore over the live
   database and one into a fresh pgdata volume; no error or warning in any container's log.

`docker compose down -v` runs at the end whatever happens (Ctrl-C and SIGTERM included);
the logs of a failed run (or any, with COMPOSE_CHECK_KEEP_LOGS=1) are kept in the folder it
prints. Each phase's time is printed; the exit status is non-zero with the failed checks
listed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from babel.messages.pofile import read_po

from deploy.prodcheck import (
    DISCOVER_SCRIPT,
    LEAKY_NAMES,
    LEAKY_PREFIXES,
    REQUIRED_NONEMPTY,
    SITE_HOST,
    Checks,
    Fatal,
    Response,
    fetch,
    free_port,
    parse_discovered,
    say,
    stop_on_signal,
    tail,
)

ROOT = Path(__file__).resolve().parent.parent
STANDINS = ROOT / "deploy" / "standins"
CATALOGUE = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"

# The base every stand-in starts from, and the images they stand in for (folder: tag).
BASE_IMAGE = "csto-standin/debian:bookworm"
STANDIN_TAGS = {
    "python": "python:3.11-slim-bookworm",
    "postgres": "postgres:15-bookworm",
    "redis": "redis:7.2-alpine",
    "nginx": "nginx:1.26-alpine",
}
HASH_LABEL = "org.csto-press.standin.hash"
MMDEBSTRAP = ["mmdebstrap", "--variant=minbase", '--aptopt=Acquire::Check-Valid-Until "false"']
HOST_CA_CERTIFICATES = Path("/usr/local/share/ca-certificates")
# The app image compose-check builds: a tag of its own, kept between runs as a build cache.
APP_IMAGE = "csto_press:compose-check"

COMPOSE_PLUGIN = Path("/usr/local/lib/docker/cli-plugins/docker-compose")
TRIXIE_SOURCES = """\
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""
DOCKERD_LOG = Path("/var/log/csto-compose-check-dockerd.log")

# What the containers must never print (request lines aside: their paths are the visitors').
LOG_PROBLEM = re.compile(
    r"Traceback|Error:|Permission denied|\b(?:WARNING|ERROR|CRITICAL|FATAL|PANIC)\b"
    r"|\[(?:warn|error|crit|alert|emerg)\]"
)
# `docker compose logs --timestamps`: "web-1  | 2026-01-01T00:00:00.123456789Z message".
LOG_LINE = re.compile(r"^(?P<service>[\w.-]+?)-\d+\s+\| (?P<time>\S+) (?P<message>.*)$")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ACCESS_LINE = re.compile(r"logger=(?:gunicorn|nginx)\.access ")
# Printed by Redis when the Docker host's kernel has vm.overcommit_memory=0. A host setting,
# not the stack's (README "Operations"), and harmless here: the cache never forks to save.
HOST_NOTES = re.compile(r"WARNING Memory overcommit must be enabled")
# Variables of the caller that compose would prefer to the run's .env when interpolating.
COMPOSE_LEAKY_PREFIXES = (*LEAKY_PREFIXES, "POSTGRES_", "CSTO_", "BACKUP_", "COMPOSE_")
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


def sha256_of_tree(*parts: bytes, folders: list[Path]) -> str:
    """A digest of some bytes and every file (path and content) under the folders."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part + b"\0")
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(b"x" if path.stat().st_mode & 0o111 else b"-")  # as git keeps modes
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def utc_now() -> str:
    """Now as docker's --timestamps write it (RFC 3339, UTC), so the two compare as text."""
    seconds, nanoseconds = divmod(time.time_ns(), 10**9)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{nanoseconds:09d}Z"


def classify_logs(output: str, rollout: tuple[str, str]) -> tuple[list[str], list[str], list[str]]:
    """The errors and warnings in `docker compose logs --timestamps` output, as (problems,
    host notes, nginx's failover reports while the old replica stopped within `rollout`)."""
    found: dict[str, tuple[str, str]] = {}  # message -> (service, first timestamp)
    for line in ANSI_ESCAPE.sub("", output).splitlines():
        match = LOG_LINE.match(line)
        message = match["message"] if match else ""
        if LOG_PROBLEM.search(message) and not ACCESS_LINE.search(message):
            found.setdefault(message, (match["service"], match["time"]))
    notes = [message for message in found if HOST_NOTES.search(message)]
    # While the old replica stops, nginx reports the connections it could not open and
    # sends those requests to the other replica (the rollout checks prove nobody noticed).
    start, end = rollout
    failover = [
        message
        for message, (service, when) in found.items()
        if service == "nginx" and "upstream" in message and start <= when <= end
    ]
    problems = [
        f"{service}: {message}"
        for message, (service, _) in found.items()
        if message not in notes and message not in failover
    ]
    return problems, notes, failover


def project_files(root: Path) -> list[str]:
    """What a clone holds plus new files not ignored: git's view of the work tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


class Poller(threading.Thread):
    """Asks nginx for a page every 0.1 s, past its microcache, and counts the answers."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.answers: dict[int | str, int] = {}
        self.slowest = 0.0
        self.stalled = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        token, sent = secrets.token_hex(4), 0
        while not self.stopping.wait(0.1):
            sent += 1
            started = time.monotonic()
            try:
                status: int | str = fetch(self.port, f"/en/?poll={token}-{sent}").status
            except OSError as error:
                status = type(error).__name__
            elapsed = time.monotonic() - started
            self.slowest = max(self.slowest, elapsed)
            self.stalled += elapsed > 1
            self.answers[status] = self.answers.get(status, 0) + 1

    def stop(self) -> dict[int | str, int]:
        self.stopping.set()
        self.join(timeout=30)
        return self.answers


class ComposeCheck(Checks):
    def __init__(self) -> None:
        super().__init__()
        self.workdir = Path(tempfile.mkdtemp(prefix="csto-compose-check-"))
        self.project_dir = self.workdir / "project"
        self.logs = self.workdir / "logs"
        self.logs.mkdir()
        self.command_log = self.logs / "commands.log"
        # Lower case, digits and "_": a name no other stack uses, so `down -v` touches only ours.
        self.project = f"csto_cc_{secrets.token_hex(4)}"
        self.port = free_port(int(os.environ.get("COMPOSE_CHECK_PORT", "8095")))
        self.admin_path = "/admin/"
        self.timings: list[tuple[str, float]] = []
        self.stack_started = False
        self.stopping_window = ("", "")
        self.docker_cli = "docker"

    # -- running commands

    def sh(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        environment: dict[str, str] | None = None,
        cwd: Path | None = None,
        timeout: int = 900,
        check: bool = True,
        what: str = "",
    ) -> subprocess.CompletedProcess:
        """Run a command to completion, its output logged; a failure is fatal if check.
        `env` adds to this process's environment, `environment` replaces it."""
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603 - fixed argument lists, no shell
            args,
            cwd=cwd or (self.project_dir if self.project_dir.is_dir() else ROOT),
            env=environment if environment is not None else {**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        with self.command_log.open("a") as log:
            log.write(
                f"$ {' '.join(args)}\n# exit {result.returncode} in "
                f"{time.monotonic() - started:.1f} s\n{result.stdout}{result.stderr}\n"
            )
        if check and result.returncode != 0:
            raise Fatal(
                f"{what or ' '.join(args[:4])} exited {result.returncode}\n"
                f"{result.stdout[-2000:]}{result.stderr[-3000:]}"
            )
        return result

    def docker(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return self.sh(self.docker_cli, *args, **kwargs)

    def compose(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(COMPOSE_LEAKY_PREFIXES) and key not in LEAKY_NAMES
        }
        return self.sh(
            self.docker_cli,
            "compose",
            "--project-name",
            self.project,
            "--project-directory",
            str(self.project_dir),
            *args,
            environment={**env, "COMPOSE_PROJECT_NAME": self.project},
            **kwargs,
        )

    def manage(self, *args: str) -> str:
        """manage.py in a one-off web container (db and redis must be up)."""
        return self.compose(
            "run", "--rm", "--no-deps", "-T", "web", "python", "manage.py", *args
        ).stdout

    def discover(self) -> dict:
        return parse_discovered(self.manage("shell", "--no-imports", "-c", DISCOVER_SCRIPT))

    @contextlib.contextmanager
    def phase(self, name: str):
        say(f"== {name}")
        started = time.monotonic()
        try:
            yield
        finally:
            elapsed = time.monotonic() - started
            self.timings.append((name, elapsed))
            say(f"   ({elapsed:.0f} s)")

    def request(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return fetch(self.port, path, headers=headers)

    # -- 1. engine

    def apt_install(self, *packages: str) -> None:
        say(f"  apt-get install {' '.join(packages)}")
        self.sh("apt-get", "update", "-qq", env=APT_ENV, what="apt-get update")
        self.sh(
            "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=APT_ENV
        )

    def engine(self) -> None:
        if not shutil.which("dockerd"):
            self.apt_install("docker.io")
        # Debian's CLI matches its dockerd; another one on PATH (e.g. /usr/local/bin) may not.
        clis = {path for path in ("/usr/bin/docker", shutil.which("docker")) if path}
        versions = {}
        for cli in sorted(clis):
            result = self.sh(cli, "--version", check=False)
            versions[cli] = result.stdout.strip()
        self.docker_cli = "/usr/bin/docker" if "/usr/bin/docker" in versions else sorted(clis)[0]
        for cli, version in versions.items():
            say(f"  {cli}: {version}{'  (used)' if cli == self.docker_cli else ''}")

        if self.docker("info", check=False).returncode != 0:
            say(f"  starting dockerd (log: {DOCKERD_LOG})")
            with DOCKERD_LOG.open("ab") as log:
                subprocess.Popen(  # noqa: S603 - left running for later runs, like a service
                    ["setsid", "dockerd"],  # noqa: S607
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            deadline = time.monotonic() + 60
            while self.docker("info", check=False).returncode != 0:
                if time.monotonic() > deadline:
                    raise Fatal(f"dockerd did not answer within 60 s:\n{tail(DOCKERD_LOG)}")
                time.sleep(1)
        server = self.docker("version", "--format", "{{.Server.Version}}").stdout.strip()
        say(f"  engine {server}")

        compose = self.docker("compose", "version", "--short", check=False)
        if compose.returncode != 0 or not compose.stdout.strip().lstrip("v").startswith("2"):
            self.install_compose_v2()
            compose = self.docker("compose", "version", "--short")
        say(f"  compose {compose.stdout.strip()}")

    def install_compose_v2(self) -> None:
        """Debian trixie's docker-compose is Compose v2, one static binary: take just that."""
        say("  Compose v2 from Debian trixie's docker-compose package (private apt state)")
        apt_dir = self.workdir / "trixie-apt"
        for sub in ("lists/partial", "cache/archives/partial", "download"):
            (apt_dir / sub).mkdir(parents=True, exist_ok=True)
        (apt_dir / "trixie.sources").write_text(TRIXIE_SOURCES)
        (apt_dir / "status").touch()
        options = []
        for key, value in {
            "Dir::Etc::SourceList": apt_dir / "trixie.sources",
            "Dir::Etc::SourceParts": "/dev/null",
            "Dir::Etc::Preferences": "/dev/null",
            "Dir::Etc::PreferencesParts": "/dev/null",
            "Dir::State::Lists": apt_dir / "lists",
            "Dir::State::status": apt_dir / "status",
            "Dir::Cache": apt_dir / "cache",
            "APT::Sandbox::User": "root",
        }.items():
            options += ["-o", f"{key}={value}"]
        self.sh("apt-get", *options, "update", what="apt-get update (trixie, private)")
        download = apt_dir / "download"
        # apt-get download writes into the working directory.
        self.sh(
            "apt-get", *options, "download", "docker-compose", cwd=download, what="apt-get download"
        )
        debs = sorted(download.glob("docker-compose_*.deb"))
        if not debs:
            raise Fatal("apt-get download docker-compose fetched nothing")
        unpacked = apt_dir / "unpacked"
        self.sh("dpkg-deb", "-x", str(debs[-1]), str(unpacked))
        binary = unpacked / "usr/libexec/docker/cli-plugins/docker-compose"
        if not binary.is_file():
            raise Fatal(f"{debs[-1].name} has no usr/libexec/docker/cli-plugins/docker-compose")
        COMPOSE_PLUGIN.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(binary, COMPOSE_PLUGIN)
        COMPOSE_PLUGIN.chmod(0o755)
        shutil.rmtree(apt_dir, ignore_errors=True)

    # -- 2. stand-in images

    def image_label(self, image: str) -> str | None:
        """The stand-in hash label of a local image, "" without one, None when absent."""
        result = self.docker(
            "image",
            "inspect",
            "--format",
            f'{{{{index .Config.Labels "{HASH_LABEL}"}}}}',
            image,
            check=False,
        )
        if result.returncode != 0:
            return None
        return result.stdout.strip().replace("<no value>", "")

    def standins(self) -> None:
        if self.image_label(BASE_IMAGE) is None:
            if not shutil.which("mmdebstrap"):
                self.apt_install("mmdebstrap")
            rootfs = self.workdir / "rootfs.tar"
            say(f"  {' '.join(MMDEBSTRAP)} bookworm (about 25 s)")
            self.sh(*MMDEBSTRAP, "bookworm", str(rootfs), what="mmdebstrap")
            self.docker("import", "--change", 'CMD ["bash"]', str(rootfs), BASE_IMAGE)
            rootfs.unlink()
            say(f"  {BASE_IMAGE}: imported")
        else:
            say(f"  {BASE_IMAGE}: present")
        base_id = self.docker("image", "inspect", "--format", "{{.Id}}", BASE_IMAGE).stdout
        certificates = sorted(HOST_CA_CERTIFICATES.glob("*.crt"))
        for folder, tag in STANDIN_TAGS.items():
            context = self.workdir / "standins" / folder
            shutil.copytree(STANDINS / folder, context)
            (context / "certs").mkdir()
            for certificate in certificates:
                shutil.copy(certificate, context / "certs" / certificate.name)
            digest = sha256_of_tree(base_id.strip().encode(), folders=[context])
            label = self.image_label(tag)
            if label == digest:
                say(f"  {tag}: up to date")
                continue
            if label == "":
                # Not one of ours: the official image, where a registry could be reached.
                say(f"  {tag}: present (not a stand-in), used as is")
                continue
            started = time.monotonic()
            self.docker(
                "build",
                "--label",
                f"{HASH_LABEL}={digest}",
                "--tag",
                tag,
                str(context),
                env={"DOCKER_BUILDKIT": "0"},
                what=f"docker build {tag}",
            )
            elapsed = time.monotonic() - started
            say(f"  {tag}: built from deploy/standins/{folder} in {elapsed:.0f} s")
        # Stand-ins replaced by a rebuild leave their old layers untagged: drop those.
        self.docker("image", "prune", "--force", "--filter", f"label={HASH_LABEL}", check=False)

    # -- 3. the project, its .env and the app image

    def stage_project(self) -> None:
        files = project_files(ROOT)
        for name in files:
            target = self.project_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        env = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": SITE_HOST,
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{SITE_HOST}",
            "POSTGRES_PASSWORD": secrets.token_hex(24),
            "GUNICORN_WORKERS": "2",
            "NGINX_HTTP_PORT": f"127.0.0.1:{self.port}",
            "CSTO_IMAGE": APP_IMAGE,
        }
        env_file = self.project_dir / ".env"
        env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
        env_file.chmod(0o600)
        (self.project_dir / "backups").mkdir(exist_ok=True)
        say(f"  {len(files)} files in {self.project_dir}, a throwaway .env")

    def build_app(self) -> None:
        old = self.docker("image", "inspect", "--format", "{{.Id}}", APP_IMAGE, check=False)
        self.compose("build", what="docker compose build")
        new = self.docker("image", "inspect", "--format", "{{.Id}}", APP_IMAGE).stdout.strip()
        if old.returncode == 0 and old.stdout.strip() != new:
            self.docker("image", "rm", old.stdout.strip(), check=False)
        # `migrate` and `web` share the build: compose builds it for each, and the first is
        # left untagged. The build cache is kept for the next run, within bounds.
        project_label = f"label=com.docker.compose.project={self.project}"
        self.docker("image", "prune", "--force", "--filter", project_label, check=False)
        self.docker("builder", "prune", "--force", "--keep-storage", "2GB", check=False)
        say(f"  {APP_IMAGE} {new[7:19]}")

    # -- 4. the stack

    def up(self) -> None:
        self.stack_started = True
        self.compose("up", "--detach", "--wait", timeout=600, what="docker compose up --wait")
        states = self.service_states()
        self.check(
            states.get("migrate") == ["exited (0)"],
            "migrate exited 0 (web and nginx wait for it)",
            str(states),
        )
        for service in ("db", "redis", "queue", "web", "worker", "nginx"):
            self.check(
                states.get(service) == ["running (healthy)"]
                or (service == "nginx" and states.get(service) == ["running"]),
                f"{service} is up" + (" and healthy" if service != "nginx" else ""),
                str(states.get(service)),
            )

    def check_worker(self) -> None:
        """The worker takes what the site queues: a task sent from a web container through
        the `queue` Redis is run by the worker, as its log says."""
        sent = self.compose(
            "exec", "-T", "web", "python", "manage.py", "shell", "--no-imports", "-c",
            "from subscriptions.tasks import send_due; print(send_due.delay().id)",
        ).stdout.split()  # fmt: skip
        task = sent[-1] if sent else "?"
        deadline, logs = time.monotonic() + 60, ""
        while time.monotonic() < deadline:
            logs = self.compose("logs", "--no-color", "worker", check=False).stdout
            if f"send_due[{task}] succeeded" in logs:
                break
            time.sleep(1)
        self.check(
            f"send_due[{task}] succeeded" in logs,
            "the worker runs a task web queued (subscriptions.tasks.send_due through `queue`)",
            logs[-800:],
        )

    def service_states(self) -> dict[str, list[str]]:
        output = self.compose("ps", "--all", "--format", "json").stdout
        rows = []
        for line in output.splitlines():
            line = line.strip()
            if line.startswith("["):
                rows += json.loads(line)
            elif line:
                rows.append(json.loads(line))
        states: dict[str, list[str]] = {}
        for row in rows:
            state = row.get("State", "")
            if state == "exited":
                state += f" ({row.get('ExitCode')})"
            elif row.get("Health"):
                state += f" ({row['Health']})"
            states.setdefault(row["Service"], []).append(state)
        return states

    def container_ids(self, service: str) -> list[str]:
        return self.compose("ps", "--quiet", service).stdout.split()

    def check_containers(self) -> None:
        """What the image and the volumes look like from inside, as the app's user."""
        web = self.container_ids("web")[0]
        identity = self.docker("exec", web, "id").stdout.strip()
        self.check(
            identity.startswith("uid=10001(csto) gid=10001(csto)"),
            "web runs as the non-root user csto",
            identity,
        )
        modes = self.docker(
            "exec",
            web,
            "stat",
            "--format",
            "%a %U %n",
            "/app/locale/ru/LC_MESSAGES/django.mo",
            "/app/media",
            "/app/staticfiles",
        ).stdout.split("\n")
        self.check(
            modes[0].startswith("644 "), "the compiled catalogue is readable (0644)", modes[0]
        )
        self.check(
            " csto " in f" {modes[1]} " and " csto " in f" {modes[2]} ",
            "media and staticfiles belong to csto (volumes seeded from the image)",
            " | ".join(modes),
        )
        writable = self.docker(
            "exec", web, "sh", "-c", "touch /app/media/.cc && rm /app/media/.cc", check=False
        )
        self.check(writable.returncode == 0, "web can write uploads to the media volume")
        readonly = self.docker(
            "exec", web, "sh", "-c", "touch /app/manage.py", check=False
        ).returncode
        self.check(readonly != 0, "web cannot change its own code")
        nginx = self.container_ids("nginx")[0]
        rendered = self.docker("exec", nginx, "cat", "/etc/nginx/conf.d/default.conf").stdout
        self.check(
            "${" not in rendered and "listen 80 default_server" in rendered,
            "nginx rendered its template (every variable substituted)",
        )

    def check_pages(self, found: dict) -> None:
        for error in found["errors"]:
            self.check(False, "find demo objects and URLs", error)
        for path in ("/healthz", "/readyz"):
            response = self.request(path)
            self.check(
                response.status == 200 and response.text.strip() == "ok",
                f"{path} -> 200 ok",
                f"{response.status} {response.text[:120]}",
            )
        with CATALOGUE.open("rb") as handle:
            catalogue = read_po(handle)
        english = "Skip to main content"
        russian = catalogue.get(english).string
        for language, text in (("en", english), ("ru", russian)):
            response = self.request(f"/{language}/")
            self.check(
                response.status == 200
                and f'<html lang="{language}"' in response.text
                and text in response.text,
                f"/{language}/ -> 200 in {language} ({text!r}, from the compiled catalogue)",
                f"{response.status}",
            )
            if language == "en":
                home = response
        article = found["urls"].get("article")
        if self.check(bool(article), "a published article's URL from the app"):
            response = self.request(article)
            self.check(response.status == 200, f"article {article} -> 200", f"{response.status}")
        for key in ("download", "document_file"):
            url = found["urls"].get(key)
            if not self.check(bool(url), f"the {key} URL of a document with a file"):
                continue
            response = self.request(url)
            self.check(
                response.status == 200
                and response.body.startswith(b"%PDF")
                and response.header("Content-Disposition").startswith("attachment"),
                f"{key} {url} -> 200, a PDF attachment"
                + (" (from the media volume)" if key == "document_file" else ""),
                f"{response.status} {response.header('Content-Type')}",
            )
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
        if self.check(bool(stylesheet), "the home page links a hashed stylesheet"):
            response = self.request(stylesheet[1])
            self.check(
                response.status == 200
                and b"{" in response.body
                and "max-age=31536000" in response.header("Cache-Control")
                and "immutable" in response.header("Cache-Control"),
                f"{stylesheet[1]} -> 200 from the static volume, cached a year, immutable",
                f"{response.status} {response.header('Cache-Control')}",
            )
        response = self.request(f"{self.admin_path}login/")
        self.check(
            response.status == 200 and 'name="username"' in response.text,
            f"admin login page {self.admin_path}login/ -> 200",
            f"{response.status}",
        )
        self.check_lockout_address(response)

    def check_lockout_address(self, login_page: Response) -> None:
        """A failed login through nginx is counted against the address nginx saw, never the
        one a client writes into X-Forwarded-For (the app trusts nginx's fixed address)."""
        cookie = login_page.header("Set-Cookie").split(";", 1)[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)
        body = urlencode(
            {"username": "compose-check", "password": "wrong", "csrfmiddlewaretoken": token[1]}
        )
        fetch(
            self.port,
            f"{self.admin_path}login/",
            method="POST",
            body=body.encode(),
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{SITE_HOST}",
                "Referer": f"https://{SITE_HOST}{self.admin_path}login/",
                "X-Forwarded-For": "203.0.113.66",
            },
        )
        recorded = self.manage(
            "shell", "--no-imports", "-c",
            "from axes.models import AccessAttempt;"
            "print(list(AccessAttempt.objects.filter(username='compose-check')"
            ".values_list('ip_address', flat=True)))",
        ).strip().splitlines()[-1]  # fmt: skip
        self.check(
            "203.0.113.66" not in recorded and "172.30.80." in recorded,
            "a failed login is counted against the address nginx saw, not a forged one",
            recorded,
        )

    def rolling_upgrade(self) -> None:
        """README "Upgrading": migrate with the new image, a second replica on it, the old one
        stopped, nginx reloaded; nginx keeps answering throughout, without a stall (a poller
        counts and times every answer). Here the "new" image is the one just built: the
        commands are the same."""
        poller = Poller(self.port)
        poller.start()
        try:
            old = self.container_ids("web")
            self.compose("run", "--rm", "migrate", what="run --rm migrate")
            self.compose(
                "up",
                "--detach",
                "--no-deps",
                "--no-recreate",
                "--scale",
                "web=2",
                "--wait",
                "web",
                timeout=600,
                what="up --no-recreate --scale web=2",
            )
            replicas = self.container_ids("web")
            if self.check(
                len(replicas) == 2 and set(old) < set(replicas),
                "a second web replica beside the running one",
                str(replicas),
            ):
                self.check_replicas(replicas)
            self.stopping_window = (utc_now(), "")
            self.docker("stop", "--time", "30", *old)
            self.docker("rm", *old)
            # New nginx workers ask Docker's DNS afresh: the stopped address is forgotten now,
            # not when the 10 s cache expires (until then it cost a 1 s connect timeout).
            self.compose("exec", "-T", "nginx", "nginx", "-s", "reload")
            time.sleep(3)
            self.stopping_window = (self.stopping_window[0], utc_now())
        finally:
            answers = poller.stop()
        remaining = self.container_ids("web")
        self.check(
            len(remaining) == 1 and remaining[0] not in old,
            "the old replica is gone, the new one serves",
            str(remaining),
        )
        failed = {status: count for status, count in answers.items() if status != 200}
        self.check(
            answers.get(200, 0) >= 20 and not failed,
            f"no failed request during the rollout ({answers.get(200, 0)} answered 200)",
            str(answers),
        )
        self.check(
            poller.stalled <= 2 and poller.slowest < 3,
            f"no request waited on the stopped replica (slowest {poller.slowest:.2f} s)",
            f"{poller.stalled} answers took over a second",
        )

    def check_replicas(self, replicas: list[str]) -> None:
        """Each replica healthy and answering nginx's traffic (its own log proves it)."""
        for replica in replicas:
            health = self.docker(
                "inspect", "--format", "{{.State.Health.Status}}", replica
            ).stdout.strip()
            own = self.docker(
                "exec", replica, "python", "deploy/healthcheck.py", "/readyz", check=False
            )
            self.check(
                health == "healthy" and own.returncode == 0,
                f"replica {replica[:12]} is healthy and answers its own /readyz",
                f"{health}; {own.stdout.strip()}",
            )
        # nginx asks Docker's DNS for "web" at most every 10 s and round-robins the addresses.
        token = secrets.token_hex(6)
        served: dict[str, int] = {}
        deadline, sent = time.monotonic() + 40, 0
        while time.monotonic() < deadline:
            for _ in range(10):
                sent += 1
                self.request(f"/en/?replica={token}-{sent}", {"X-Request-ID": f"cc-{token}-{sent}"})
            served = {
                replica: self.docker("logs", replica).stdout.count(f"request_id=cc-{token}-")
                for replica in replicas
            }
            if all(served.values()):
                break
            time.sleep(1)
        addresses = {
            replica: self.docker(
                "inspect",
                "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                replica,
            ).stdout.strip()
            for replica in replicas
        }
        self.check(
            all(served.values()) and sum(served.values()) == sent,
            f"nginx spreads {sent} requests over both replicas",
            ", ".join(f"{addresses[r]}: {served[r]}" for r in replicas),
        )
        say("        " + ", ".join(f"{addresses[r]} served {served[r]}" for r in replicas))

    def backup_and_restore(self) -> None:
        """README's commands: a backup; a restore over the live database; then the volume
        lost: a restore into a fresh pgdata volume, and the stack back up."""
        before = self.discover()["counts"]
        for label in REQUIRED_NONEMPTY:
            self.check(before.get(label, 0) > 0, f"demo data has {label} rows", str(before))
        archive = self.compose("run", "--rm", "backup").stdout.strip().splitlines()[-1]
        on_host = self.project_dir / "backups" / Path(archive).name
        self.check(
            archive.startswith("/backups/") and on_host.is_file() and on_host.stat().st_size > 0,
            f"backup service wrote {archive} (./backups on the host)",
        )
        restore = ("run", "--rm", "backup", "bash", "/deploy/restore.sh", archive)

        self.compose("stop", "web", "nginx")
        self.compose(*restore, what="restore.sh over the live database")
        again = self.discover()["counts"]
        self.check(
            again == before, "restore over the live database gives the same rows", str(again)
        )

        self.save_logs()
        self.compose("rm", "--stop", "--force", "db")
        volume = f"{self.project}_pgdata"
        self.docker("volume", "rm", volume, what=f"docker volume rm {volume}")
        self.compose("up", "--detach", "--wait", "db", what="up db (fresh volume)")
        tables = self.compose(
            "exec",
            "-T",
            "db",
            "sh",
            "-c",
            'psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc '
            "\"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'\"",
        ).stdout.strip()
        self.check(tables == "0", "the new pgdata volume starts empty", f"{tables} tables")
        self.compose(*restore, what="restore.sh into the fresh volume")
        self.compose("up", "--detach", "--wait", timeout=600, what="up after the restore")
        found = self.discover()
        self.check(
            found["counts"] == before,
            f"restore into a fresh volume brings back every row: {found['counts']}",
            f"before {before}",
        )
        response = self.request(found["urls"].get("article", "/"))
        self.check(response.status == 200, "the restored site serves the article again")

    def save_logs(self) -> str:
        """Every container's log so far, kept (a container removed later takes its log)."""
        output = self.compose("logs", "--no-color", "--timestamps", check=False).stdout
        with (self.logs / "compose.log").open("a") as log:
            log.write(output)
        return output

    def check_logs(self) -> None:
        output = (self.logs / "compose.log").read_text() + self.save_logs()
        problems, notes, failover = classify_logs(output, self.stopping_window)
        for note in notes:
            say(f"  note  a host setting, not the stack's: {note[:100]}")
        if failover:
            say(f"  note  nginx sent {len(failover)} requests on as the old replica stopped")
        self.check(
            not problems,
            "no error or warning in any container's log",
            "\n      ".join(problems[:15]),
        )

    # -- the run

    def teardown(self) -> None:
        """`down -v`, whatever happened; a second Ctrl-C does not leave half a stack."""
        previous = {
            signum: signal.signal(signum, signal.SIG_IGN)
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        }
        try:
            if self.stack_started:
                say("== docker compose down -v")
                with contextlib.suppress(Exception):
                    self.save_logs()
                    ps = self.compose("ps", "--all", check=False)
                    (self.logs / "ps.txt").write_text(ps.stdout)
                result = self.compose(
                    "down", "--volumes", "--remove-orphans", "--timeout", "10", check=False
                )
                if result.returncode != 0:
                    self.failures.append(f"docker compose down -v failed: {result.stderr[-500:]}")
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def main(self) -> int:
        interrupted = None
        try:
            with self.phase("engine: Docker and Compose v2"):
                self.engine()
            with self.phase("stand-in images (no registry: Debian packages, same names)"):
                self.standins()
            with self.phase("project copy, throwaway .env, app image"):
                self.stage_project()
                self.build_app()
            with self.phase(f"docker compose up --wait (project {self.project})"):
                self.up()
                self.check_containers()
            with self.phase("demo content, then pages through nginx"):
                self.manage("load_demo")
                self.check_pages(self.discover())
                self.check_worker()
            with self.phase("rolling upgrade through two web replicas"):
                self.rolling_upgrade()
            with self.phase("backup, restore into a fresh volume, restore over it"):
                self.backup_and_restore()
            with self.phase("container logs"):
                self.check_logs()
        except Fatal as error:
            self.failures.append(str(error))
            say(f"  FAIL  {error}")
        except (KeyboardInterrupt, SystemExit) as error:
            interrupted = error
            self.failures.append(f"interrupted ({type(error).__name__})")
        finally:
            with self.phase("teardown"):
                self.teardown()
        elapsed = time.monotonic() - self.started
        say("\nphases:")
        for name, seconds in self.timings:
            say(f"  {seconds:6.0f} s  {name}")
        if self.failures:
            total = self.passed + len(self.failures)
            say(f"\ncompose-check FAILED: {len(self.failures)} of {total} checks, {elapsed:.0f} s")
            say(f"logs kept in {self.logs} (commands.log, compose.log)")
            for failure in self.failures:
                say(f"  - {failure.splitlines()[0]}")
            if isinstance(interrupted, SystemExit):
                return interrupted.code if isinstance(interrupted.code, int) else 1
            return 130 if interrupted else 1
        if os.environ.get("COMPOSE_CHECK_KEEP_LOGS"):
            say(f"logs kept in {self.logs} (COMPOSE_CHECK_KEEP_LOGS)")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)
        say(f"\ncompose-check passed: {self.passed} checks in {elapsed:.0f} s")
        return 0


if __name__ == "__main__":
    if os.geteuid() != 0:
        sys.exit("compose-check installs and starts Docker: run it as root (CI does)")
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    sys.exit(ComposeCheck().main())
