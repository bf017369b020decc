#!/usr/bin/env python3
"""`make bench-import`: import 100,000 generated releases with their photos, timed, with the
importer's memory watched (README "Moving in", bench/README.md "Import").

1. An export is generated once into --work (kept for the next run): releases.jsonl with a
   Russian and an English record per release (one shared key), each release with its own
   JPEG photo (320x240, drawn from its number, so every file differs) and a body with a link.
2. A fresh database (--database, default csto_bench_import) is created, migrated and given
   the demo sections.
3. `manage.py import_archive` runs as a child process; its resident memory is read from
   /proc every second. Then it runs again over the same export (nothing to do: all skipped
   as unchanged).
4. One table: releases, records, time, records/s, memory at 10 % / 50 % / end and its peak.
   Exit code 1 when the first import takes longer than --target-minutes (15).
"""

# ruff: noqa: S603, S607, S108 - fixed commands of this machine's tools; a scratch folder in /tmp
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def say(text):
    print(text, flush=True)


def generate(work: Path, releases: int) -> Path:
    from PIL import Image, ImageDraw

    export = work / f"export-{releases}"
    done = export / "DONE"
    if done.exists():
        say(f"== reusing the export in {export}")
        return export
    say(f"== generating {releases:,} releases with photos into {export}")
    started = time.monotonic()
    (export / "photos").mkdir(parents=True, exist_ok=True)
    sections = [("news_odkb", "csto-news"), ("smi", "media-about-the-csto"),
                ("statements", "statements")]  # fmt: skip
    with open(export / "releases.jsonl", "w", encoding="utf-8") as lines:
        for number in range(1, releases + 1):
            folder = export / "photos" / f"{number // 1000:03d}"
            if number % 1000 in (0, 1):
                folder.mkdir(exist_ok=True)
            image = Image.new("RGB", (320, 240), (number % 256, (number // 256) % 256, 90))
            ImageDraw.Draw(image).rectangle(
                (number % 200, number % 120, number % 200 + 100, number % 120 + 100),
                fill=((number * 7) % 256, 200, (number * 13) % 256),
            )
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=80)
            photo = f"photos/{number // 1000:03d}/{number}.jpg"
            (export / photo).write_bytes(buffer.getvalue())
            old_code, _new = sections[number % 3]
            day = f"{2010 + number % 15}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            for lang, host, title, text in (
                ("ru", "odkb-csto.org", f"Заседание номер {number}", "Текст сообщения"),
                ("en", "en.odkb-csto.org", f"Meeting number {number}", "Text of the release"),
            ):
                slug = f"{'zasedanie' if lang == 'ru' else 'meeting'}-{number}"
                record = {
                    "id": number,
                    "lang": lang,
                    "title": title,
                    "date": f"{day}T{number % 24:02d}:{number % 60:02d}:00+03:00",
                    "section": old_code,
                    "lead": f"{text} {number}.",
                    "body": f"<p>{text} {number}.</p><p><a href='/news/'>News</a></p>" * 3,
                    "url": f"https://{host}/news/{old_code}/{slug}/?ELEMENT_ID={number}",
                    "images": [photo],
                }
                lines.write(json.dumps(record, ensure_ascii=False) + "\n")
            if number % 10000 == 0:
                say(f"   {number:,} releases ({time.monotonic() - started:.0f} s)")
    done.write_text(str(releases))
    say(f"   generated in {time.monotonic() - started:.0f} s")
    return export


def prepare_database(name: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "csto_press.settings.local")
    env.setdefault("DJANGO_DEBUG", "off")  # as in production: no query log kept
    pg = {**os.environ, "PGHOST": "127.0.0.1", "PGUSER": "postgres"}
    say(f"== fresh database {name}: migrate, demo sections")
    subprocess.run(["dropdb", "--if-exists", "--force", name], env=pg, check=True)
    subprocess.run(["createdb", name], env=pg, check=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    subprocess.run([PYTHON, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return env


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_import(env, export: Path, media: Path, records: int) -> dict:
    env = {**env, "DJANGO_MEDIA_ROOT": str(media)}
    command = [PYTHON, "manage.py", "import_archive", str(export / "releases.jsonl"),
               "--no-progress"]  # fmt: skip
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    cpu_before = os.times()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    samples = []  # (seconds, MB)
    while child.poll() is None:
        memory = rss_mb(child.pid)
        if memory is not None:
            samples.append((time.monotonic() - started, memory))
        time.sleep(1)
    output = child.stdout.read()
    elapsed = time.monotonic() - started
    cpu_after = os.times()
    cpu = (cpu_after.children_user - cpu_before.children_user) + (
        cpu_after.children_system - cpu_before.children_system
    )
    if child.returncode != 0:
        raise SystemExit(f"import_archive failed ({child.returncode}):\n{output}")

    def at(fraction):
        if not samples:
            return 0.0
        return samples[min(len(samples) - 1, int(len(samples) * fraction))][1]

    return {
        "seconds": elapsed,
        "rate": records / elapsed,
        "rss_10": at(0.1),
        "rss_50": at(0.5),
        "rss_end": samples[-1][1] if samples else 0.0,
        "rss_peak": max((mb for _s, mb in samples), default=0.0),
        "summary": output.strip().splitlines()[0] if output.strip() else "",
        "cpu": cpu,
        "load": (load_before + os.getloadavg()[0]) / 2,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--database", default="csto_bench_import")
    parser.add_argument("--work", type=Path, default=Path("/tmp/csto-bench-import"))
    parser.add_argument("--target-minutes", type=float, default=15.0)
    args = parser.parse_args()

    export = generate(args.work, args.releases)
    env = prepare_database(args.database)
    media = args.work / f"media-{args.database}"
    subprocess.run(["rm", "-rf", str(media)], check=True)
    records = args.releases * 2
    say(f"== importing {args.releases:,} releases ({records:,} records, one photo each)")
    first = run_import(env, export, media, records)
    say(f"   {first['summary']}")
    say("== importing the same export again (nothing changed)")
    again = run_import(env, export, media, records)
    say(f"   {again['summary']}")

    say("")
    say("| run | time | records/s | importer CPU | load avg | RSS at 10 % | at 50 % | at end "
        "| peak |")  # fmt: skip
    say("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, run in (("first import", first), ("again, unchanged", again)):
        say(
            f"| {name} | {run['seconds'] / 60:.1f} min | {run['rate']:.0f} | "
            f"{run['cpu']:.0f} s | {run['load']:.1f} | "
            f"{run['rss_10']:.0f} MB | {run['rss_50']:.0f} MB | {run['rss_end']:.0f} MB | "
            f"{run['rss_peak']:.0f} MB |"
        )
    projected = first["seconds"] * 100_000 / args.releases / 60
    say(f"\n100,000 releases at this rate: {projected:.1f} min "
        f"(target {args.target_minutes:.0f} min)")  # fmt: skip
    return 0 if projected <= args.target_minutes else 1


if __name__ == "__main__":
    sys.exit(main())
