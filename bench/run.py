#!/usr/bin/env python3
"""`make bench`: the production stack at 100,000 articles, measured with wrk.

1. A dedicated PostgreSQL database (csto_bench) is created afresh, migrated, given the demo
   sections/bodies and filled by bench/fill.py (100k articles, 3k meetings, 20k documents,
   60k steps; then search vectors and VACUUM ANALYZE).
2. gunicorn (production settings, 2 workers) and nginx from deploy/nginx/default.conf.template
   are started with deploy/prodcheck.py's launcher (the Bench class reuses its environment,
   process handling and nginx rendering).
3. wrk measures each page three ways:
   - uncached: straight to gunicorn, with a CSRF cookie, so the page is private and nginx
     would never answer it: every request runs the page's queries and renders it; the few
     remembered values (menu, list totals, archive months, filter choices) are in Redis, as
     in production;
   - cached: through nginx as an anonymous reader (nginx's microcache);
   - Redis stopped: uncached again, with the bench's own Redis stopped: every value is
     computed afresh and every cache call fails fast;
   plus two references in the same run: /healthz (a trivial view through the whole middleware
   stack) straight to gunicorn, and the article page saved as a static file served by nginx.
4. One table: requests/s, p50, p99, non-2xx, ratios; the targets are checked and the exit
   code is non-zero if one is missed. Everything started is stopped, whatever happens.

Options: --duration (s), --keep-data (reuse a filled csto_bench), --articles etc. for a
smaller run while developing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.prodcheck import (  # noqa: E402 - after the path is set
    PYTHON,
    SITE_HOST,
    Fatal,
    ProdCheck,
    free_port,
    say,
    tail,
)

DATABASE = "csto_bench"
# The CSRF cookie wrk sends on uncached runs (a well-formed secret, so Django sets no new one).
BYPASS_COOKIE = "csrftoken=" + "b" * 32
# wrk: threads, and connections per target. gunicorn runs 2 sync workers: 4 connections keep
# both busy with one request queued each (more workers only add context switches on two
# cores: measured, p99 rose everywhere with 5). nginx serves from memory, so it gets more.
THREADS = 2
GUNICORN_CONNECTIONS = 4
NGINX_CONNECTIONS = 32
TARGETS = {
    "uncached_p99_ms": 50.0,  # every page but search, straight to gunicorn at 4 connections
    "search_p99_ms": 100.0,
    "cached_vs_static": 0.50,  # of the static file's requests/s
}
PAGES = [
    ("home", "home"),
    ("news p1", "news"),
    ("news p2000", "news_deep"),
    ("section", "section"),
    ("article", "article"),
    ("article, 30 photos", "gallery"),
    ("meeting", "meeting"),
    ("register", "register"),
    ("search", "search"),
]


def ensure_tools() -> None:
    """wrk and nginx from Debian's packages, installed when missing (as root)."""
    missing = [
        package
        for package, binary in (("wrk", "wrk"), ("nginx", "nginx"))
        if not shutil.which(binary) and not Path(f"/usr/sbin/{binary}").exists()
    ]
    if not missing:
        return
    if os.geteuid() != 0:
        raise Fatal(f"missing {', '.join(missing)}: apt-get install {' '.join(missing)}")
    say(f"== apt-get install {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)  # noqa: S607
    subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],  # noqa: S607
        check=True,
        env=env,
    )


class Bench(ProdCheck):
    """ProdCheck's launcher, pointed at the bench database and its own cache prefix."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        super().__init__()
        self.results: list[dict] = []

    def _app_env(self) -> dict[str, str]:
        env = super()._app_env()
        # A Redis of the bench's own, which it may stop (never the machine's shared one).
        self.redis_port = free_port(6389)
        env.update(
            {
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
                "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "DJANGO_CACHE_KEY_PREFIX": "csto-bench",
                "GUNICORN_WORKERS": "2",
                # Measured: the request log stays on (as in production), worker recycling
                # does not (a recycled worker re-imports Django mid-run; see bench/README.md).
                "GUNICORN_MAX_REQUESTS": "0",
            }
        )
        return env

    def prepare(self) -> None:
        pg = {**self.env, **self.pg}
        if self.args.keep_data and self._database_is_filled(pg):
            say(f"== reusing the filled database {DATABASE} (--keep-data)")
        else:
            say(f"== fresh database {DATABASE}: migrate, demo sections/bodies, fill")
            started = time.monotonic()
            self.run("dropdb", "--if-exists", "--force", DATABASE, env=pg, what="dropdb")
            self.run("createdb", DATABASE, env=pg, what="createdb")
            self.manage("migrate", "--noinput")
            self.manage("load_demo")
            fill = subprocess.run(  # noqa: S603 - fixed arguments
                [
                    PYTHON,
                    "bench/fill.py",
                    f"--articles={self.args.articles}",
                    f"--meetings={self.args.meetings}",
                    f"--documents={self.args.documents}",
                ],
                cwd=ROOT,
                env=self.env,
                check=False,
            )
            if fill.returncode != 0:
                raise Fatal(f"bench/fill.py exited {fill.returncode}")
            self.fill_seconds = time.monotonic() - started
            say(f"  database ready in {self.fill_seconds:.0f} s (create, migrate, fill)")
        self.manage("collectstatic", "--noinput", "-v0")

    def start_redis(self) -> None:
        self.start(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            self.workdir / "redis.log",
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.redis_port), "ping"],  # noqa: S607
            capture_output=True,
            check=False,
        ).returncode:
            if time.monotonic() > deadline:
                raise Fatal("the bench's Redis did not start")
            time.sleep(0.1)

    def stop_redis(self) -> None:
        name, process = next(item for item in self.processes if item[0] == "redis")
        self.processes.remove((name, process))
        process.terminate()
        process.wait(timeout=10)

    def _database_is_filled(self, pg: dict[str, str]) -> bool:
        result = subprocess.run(  # noqa: S603
            ["psql", "-tAc", "SELECT count(*) FROM news_article"],  # noqa: S607
            env={**pg, "PGDATABASE": DATABASE},
            capture_output=True,
            text=True,
            check=False,
        )
        return result.returncode == 0 and int(result.stdout.strip() or 0) >= self.args.articles

    def discover_pages(self) -> dict[str, str]:
        script = """
import json
from django.urls import reverse
from meetings.models import Body, Meeting
from news.models import Article, Section
article = Article.objects.published().filter(slug__startswith="bench-").order_by("pk")[500]
meeting = Meeting.objects.published().filter(slug__startswith="bench-").order_by("pk")[100]
section = Section.objects.order_by("position").first()
# Page 2,000 of all news at 100k articles (the last pages on a smaller run).
deep = max(1, min(2000, Article.objects.published().count() // 12 - 1))
print(json.dumps({
    "home": reverse("home"),
    "news": reverse("news:article_list"),
    "news_deep": reverse("news:article_list") + f"?page={deep}",
    "section": section.get_absolute_url(),
    "article": article.get_absolute_url(),
    "gallery": Article.objects.published().get(slug="bench-gallery").get_absolute_url(),
    "meeting": meeting.get_absolute_url(),
    "register": reverse("meetings:document_list") + "?status=domestic_approval",
    "search": reverse("search") + "?q=peacekeeping+exercise+dushanbe",
    "trivial": reverse("healthz"),
}))
"""
        output = self.manage("shell", "--no-imports", "-c", script)
        return json.loads(output.strip().splitlines()[-1])

    def check_pages(self, urls: dict[str, str]) -> None:
        """Every measured URL answers 200 both ways before it is measured (no redirects)."""
        say("== each page answers 200, uncached and cached")
        bypass = {"Cookie": BYPASS_COOKIE}
        for _, key in PAGES:
            direct = self.request(urls[key], port=self.gunicorn_port, headers=bypass)
            self.check(
                direct.status == 200, f"{urls[key]} straight to gunicorn -> 200", f"{direct.status}"
            )
            self.check(not direct.header("Set-Cookie"), f"{urls[key]} sets no cookie")
            first = self.request(urls[key])
            self.check(first.status == 200, f"{urls[key]} through nginx -> 200", f"{first.status}")
        static = self.request(urls["static"])
        self.check(static.status == 200, f"{urls['static']} -> 200", f"{static.status}")
        if self.failures:
            raise Fatal("a page does not answer 200; nothing measured")

    def save_static_copy(self, urls: dict[str, str]) -> None:
        """The article page as nginx would serve a file: the static-file reference."""
        page = self.request(urls["article"])
        target = Path(self.env["DJANGO_STATIC_ROOT"]) / "bench" / "article.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.body)
        for directory in (target.parent, target.parent.parent):
            directory.chmod(0o755)
        target.chmod(0o644)
        urls["static"] = "/static/bench/article.html"

    def wrk(
        self,
        label: str,
        kind: str,
        path: str,
        *,
        port: int,
        connections: int,
        headers: dict[str, str],
        script: Path | None = None,
    ) -> dict:
        args = [
            "wrk",
            f"-t{THREADS}",
            f"-c{connections}",
            f"-d{self.args.duration}s",
            "--latency",
            "--timeout",
            "5s",
        ]
        if script is not None:
            args += ["-s", str(script)]
        for name, value in {"Host": SITE_HOST, "X-Forwarded-Proto": "https", **headers}.items():
            args += ["-H", f"{name}: {value}"]
        args.append(f"http://127.0.0.1:{port}{path}")
        result = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
        out = result.stdout
        if result.returncode != 0 or "Requests/sec" not in out:
            raise Fatal(f"wrk failed for {label}: {out}{result.stderr}")
        row = {
            "label": label,
            "kind": kind,
            "path": path,
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
            "p99": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
            "non2xx": int(m.group(1))
            if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out))
            else 0,
            "errors": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)),
        }
        self.results.append(row)
        say(
            f"  {kind:<9} {label:<12} {row['rps']:>9.0f} req/s  p50 {row['p50']:>7.2f} ms  "
            f"p99 {row['p99']:>7.2f} ms  non-2xx {row['non2xx']}  errors {row['errors']}"
        )
        return row

    def search_script(self, search_url: str) -> Path:
        """A wrk script asking the search page for two words of the archive each time."""
        from bench.fill import REAL_WORDS

        path = search_url.split("?", 1)[0]
        words = ", ".join(f'"{word}"' for word in REAL_WORDS)
        script = self.workdir / "search.lua"
        script.write_text(
            f"local words = {{{words}}}\n"
            "request = function()\n"
            "  local q = words[math.random(#words)] .. '+' .. words[math.random(#words)]\n"
            f"  return wrk.format(nil, '{path}?q=' .. q)\n"
            "end\n"
        )
        return script

    def warm(self, path: str) -> None:
        for _ in range(3):
            self.request(path)

    def measure(self, urls: dict[str, str]) -> None:
        say(
            f"== wrk -t{THREADS} -d{self.args.duration}s --latency (gunicorn: "
            f"{GUNICORN_CONNECTIONS} connections, nginx: {NGINX_CONNECTIONS})"
        )
        gunicorn = {"port": self.gunicorn_port, "connections": GUNICORN_CONNECTIONS}
        nginx = {"port": self.nginx_port, "connections": NGINX_CONNECTIONS}
        bypass = {"Cookie": BYPASS_COOKIE}
        self.wrk("trivial", "reference", urls["trivial"], headers={}, **gunicorn)
        for label, key in PAGES:
            self.request(urls[key], port=self.gunicorn_port, headers=bypass)  # warm the worker
            self.wrk(label, "uncached", urls[key], headers=bypass, **gunicorn)
        # Search as readers use it: a different query on every request, so nothing a search
        # computed can be reused by the next (wrk picks two of the archive's words each time).
        self.wrk(
            "search, new query",
            "uncached",
            urls["search"],
            headers=bypass,
            script=self.search_script(urls["search"]),
            **gunicorn,
        )
        self.wrk("static file", "reference", urls["static"], headers={}, **nginx)
        for label, key in PAGES:
            self.warm(urls[key])
            self.wrk(label, "cached", urls[key], headers={}, **nginx)
        # The site without its cache: Redis stopped, every value computed on every request.
        self.stop_redis()
        for label, key in PAGES:
            self.request(urls[key], port=self.gunicorn_port, headers=bypass)
            self.wrk(label, "no redis", urls[key], headers=bypass, **gunicorn)

    def report(self) -> list[str]:
        rows = {(row["kind"], row["label"]): row for row in self.results}
        trivial = rows[("reference", "trivial")]["rps"]
        static = rows[("reference", "static file")]["rps"]
        missed = []
        lines = [
            "| page | uncached req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms "
            "| vs static | Redis stopped req/s | p99 ms | non-2xx |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for label, _ in PAGES:
            u, c, r = (rows[(kind, label)] for kind in ("uncached", "cached", "no redis"))
            c_ratio = c["rps"] / static
            lines.append(
                f"| {label} | {u['rps']:.0f} | {u['p50']:.2f} | {u['p99']:.2f} | "
                f"{c['rps']:.0f} | {c['p50']:.2f} | {c['p99']:.2f} | {c_ratio:.0%} | "
                f"{r['rps']:.0f} | {r['p99']:.2f} | {u['non2xx'] + c['non2xx'] + r['non2xx']} |"
            )
            limit = TARGETS["search_p99_ms" if label == "search" else "uncached_p99_ms"]
            if u["p99"] >= limit:
                missed.append(f"{label}: uncached p99 {u['p99']:.1f} ms (>= {limit:.0f} ms)")
            if c_ratio < TARGETS["cached_vs_static"]:
                missed.append(f"{label}: cached {c_ratio:.0%} of the static file (< 50%)")
        fresh = rows[("uncached", "search, new query")]
        lines.append(
            f"| search, new query | {fresh['rps']:.0f} | {fresh['p50']:.2f} | {fresh['p99']:.2f} "
            f"| | | | | | | {fresh['non2xx']} |"
        )
        # For information: the target is the search above (the same query as in issue 8).
        for kind, label in (("reference", "trivial"), ("reference", "static file")):
            row = rows[(kind, label)]
            lines.append(
                f"| *{label}* | {row['rps']:.0f} | {row['p50']:.2f} | {row['p99']:.2f} | | | | "
                f"| | | {row['non2xx']} |"
            )
        for row in self.results:
            if row["non2xx"] or row["errors"]:
                missed.append(
                    f"{row['kind']} {row['label']}: {row['non2xx']} non-2xx, "
                    f"{row['errors']} socket errors"
                )
        say("\n" + "\n".join(lines))
        say(
            f"\ntrivial view (/healthz via gunicorn): {trivial:.0f} req/s; static file via "
            f"nginx: {static:.0f} req/s"
        )
        return missed

    def machine(self) -> str:
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "unknown CPU",
        )
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False)  # noqa: S607
        total = memory.stdout.splitlines()[1].split()[1] if memory.stdout else "?"
        return f"{os.cpu_count()} cores ({cpu}), {total} memory"

    def main(self) -> int:
        missed: list[str] = []
        try:
            ensure_tools()
            self.start_redis()
            self.preflight()
            self.prepare()
            self.start_servers()
            urls = self.discover_pages()
            self.save_static_copy(urls)
            self.check_pages(urls)
            self.measure(urls)
            missed = self.report()
        except Fatal as error:
            self.failures.append(str(error))
            say(f"  FAIL  {error}")
        finally:
            if self.processes:
                say("== stopping")
                self.stop_all()
        say(f"machine: {self.machine()}; {time.strftime('%Y-%m-%d %H:%M %Z')}")
        if self.failures:
            for log in ("gunicorn.log", "nginx-error.log"):
                say(f"--- last lines of {log}\n{tail(self.workdir / log)}")
            say(f"\nbench FAILED to run: logs in {self.workdir}")
            return 2
        shutil.rmtree(self.workdir, ignore_errors=True)
        if missed:
            say("\ntargets MISSED:\n" + "\n".join(f"  - {line}" for line in missed))
            return 1
        say("\nall targets met")
        return 0


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the production stack with wrk.")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--keep-data", action="store_true", help="reuse a filled csto_bench")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=3_000)
    parser.add_argument("--documents", type=int, default=20_000)
    return parser.parse_args()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(Bench(parse_args()).main())
    sys.exit(130)
