"""Fill the bench database: 100,000 articles, 3,000 meetings, 20,000 documents, 60,000 steps.

Run by bench/run.py with the bench's environment (production settings, DATABASE_URL of the
bench database), after `migrate` and `load_demo` (sections, bodies, member states). Rows go
in with bulk_create in batches (the database computes their search vectors and the documents'
current status as they go in); then VACUUM ANALYZE gives the planner its statistics (and
index-only scans their visibility map).

Usage: python bench/fill.py [--articles N] [--meetings N] [--documents N] [--seed N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Words of the Organization's own releases, so full-text search has realistic terms, mixed
# into a Zipf-like vocabulary of made-up words: a real word turns up in a few percent of
# the articles (as in a real archive), not in every one.
def _words(text: str) -> list[str]:
    return text.split()


REAL_WORDS = _words(
    "collective security treaty organization secretariat member states council ministers "
    "foreign affairs defence permanent representatives meeting session summit statement "
    "declaration cooperation exercise peacekeeping forces border terrorism extremism drug "
    "trafficking migration cyber information armenia belarus kazakhstan kyrgyzstan "
    "russia tajikistan moscow minsk astana bishkek dushanbe yerevan secretary general "
    "delegation consultations agreement protocol decision resolution plan programme training "
    "military political situation afghanistan central asia region stability crisis response "
    "rapid deployment joint staff committee working group draft document adopted signed "
    "ratified implementation coordination interaction united nations osce cis sco briefing "
    "press service interview speech visit headquarters anniversary conference report "
    "emergency humanitarian assistance chemical biological radiological threats mandate"
)
FILLER = _words("the of and to in on for with at by from as was were is are be has have this that")
SYLLABLES = _words("ka ri to mo sa ne lu vi da pe ro mi tu na be go zi ke la so")
KINDS = ["news", "statement", "interview", "speech"]
STEP_PATHS = [
    ["drafted", "under_consideration", "domestic_approval"],
    ["drafted", "under_consideration", "agreed"],
    ["drafted", "submitted", "adopted"],
    ["drafted", "adopted", "signed"],
    ["drafted", "signed", "in_force"],
    ["drafted", "returned", "under_consideration"],
]
BATCH = 2_000
WORDS: list[str] = []
WEIGHTS: list[float] = []


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done, self.started = label, total, 0, time.monotonic()
        self.draw()

    def advance(self, count: int) -> None:
        self.done += count
        self.draw()

    def draw(self) -> None:
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r  {self.label:<22} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>7}/{self.total:<7} {elapsed:5.1f} s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def vocabulary(rng: random.Random, size: int = 3_000):
    """Words and cumulative Zipf weights: filler words first, the real ones from rank 40."""
    made_up = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)}
    words = FILLER + sorted(made_up)[:40] + REAL_WORDS + sorted(made_up)[40:]
    total, cumulative = 0.0, []
    for rank in range(len(words)):
        total += 1 / (rank + 1) ** 1.05
        cumulative.append(total)
    return words, cumulative


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(WORDS, cum_weights=WEIGHTS, k=words))
    return text[0].upper() + text[1:] + "."


def batches(total: int):
    for start in range(0, total, BATCH):
        yield start, min(BATCH, total - start)


def fill(articles: int, meetings: int, documents: int, seed: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.utils import timezone

    from meetings.models import Body, Document, DocumentStep, Meeting, MemberState
    from news.models import Article, Section

    global WORDS, WEIGHTS
    rng = random.Random(seed)  # noqa: S311 - made-up test data, not a secret
    WORDS, WEIGHTS = vocabulary(rng)
    now = timezone.now()
    sections = list(Section.objects.all())
    bodies = list(Body.objects.all())
    states = list(MemberState.objects.all())
    if not (sections and bodies and states):
        raise SystemExit("run `manage.py load_demo` first: sections, bodies, member states")
    span = datetime.timedelta(days=365 * 10).total_seconds()

    bar = Progress("articles", articles)
    for start, count in batches(articles):
        rows = []
        for i in range(start, start + count):
            title = sentence(rng, rng.randint(6, 12))[:-1]
            body = "".join(f"<p>{sentence(rng, rng.randint(25, 45))}</p>" for _ in range(3))
            # About 1 in 500 is a draft; the rest were published over the last ten years.
            draft = rng.random() < 0.002
            rows.append(
                Article(
                    section=sections[i % len(sections)],
                    kind=KINDS[i % len(KINDS)],
                    title=title,
                    slug=f"bench-{i}",
                    lead=sentence(rng, rng.randint(18, 30)),
                    body=body,
                    signature="CSTO press service",
                    status="draft" if draft else "published",
                    published_at=now - datetime.timedelta(seconds=rng.random() * span + 60),
                )
            )
        Article.objects.bulk_create(rows)
        bar.advance(count)
    # One release with a gallery of 30 photos (drawn by gallery/demo.py, as a camera's size):
    # its page must cost the same queries as any other.
    from gallery.demo import add_gallery, picture

    gallery = Article.objects.create(
        section=sections[0],
        title="Photo report: the summit in thirty pictures",
        slug="bench-gallery",
        lead=sentence(rng, 20),
        body=f"<p>{sentence(rng, 40)}</p>",
        status="published",
        published_at=now - datetime.timedelta(hours=1),
        image=SimpleUploadedFile("lead.jpg", picture(seed), "image/jpeg"),
        image_alt="The summit hall",
    )
    add_gallery(gallery, [(f"Photo {n}", f"Фото {n}") for n in range(1, 31)], seed=seed)
    # A few embargoed releases, days ahead: the cache must not serve them early.
    Article.objects.bulk_create(
        Article(
            section=sections[0],
            title=f"Embargoed statement {i}",
            slug=f"bench-embargoed-{i}",
            lead="Not yet.",
            body="<p>Not yet.</p>",
            status="published",
            published_at=now + datetime.timedelta(days=2 + i),
        )
        for i in range(3)
    )

    bar = Progress("meetings", meetings)
    meeting_ids = []
    for start, count in batches(meetings):
        rows = [
            Meeting(
                body=bodies[i % len(bodies)],
                title=f"Session of the {bodies[i % len(bodies)].name}",
                slug=f"bench-meeting-{i}",
                date=(now - datetime.timedelta(days=rng.randint(1, 3650))).date(),
                place=rng.choice(["Moscow", "Minsk", "Astana", "Bishkek", "Dushanbe", "Yerevan"]),
                chair_state=states[i % len(states)],
                chair_name="Chair of the session",
                summary=f"<p>{sentence(rng, 40)}</p>",
                status="published",
                published_at=now - datetime.timedelta(days=rng.randint(1, 3650)),
            )
            for i in range(start, start + count)
        ]
        meeting_ids += [meeting.pk for meeting in Meeting.objects.bulk_create(rows)]
        bar.advance(count)
    meeting_rows = dict(Meeting.objects.values_list("pk", "date"))

    bar = Progress("documents + 3 steps", documents)
    for start, count in batches(documents):
        with transaction.atomic():
            docs = Document.objects.bulk_create(
                Document(
                    title=f"Draft {sentence(rng, rng.randint(6, 10))[:-1].lower()}",
                    slug=f"bench-document-{i}",
                    kind=rng.choice(["statement", "decision", "plan", "agreement", "protocol"]),
                    body=bodies[i % len(bodies)],
                    reference_number=f"BENCH-{i}",
                    summary=sentence(rng, 30),
                    status="published",
                    published_at=now - datetime.timedelta(days=rng.randint(1, 3650)),
                )
                for i in range(start, start + count)
            )
            steps = []
            for document in docs:
                meeting = rng.choice(meeting_ids)
                day = meeting_rows[meeting]
                for order, status in enumerate(rng.choice(STEP_PATHS)):
                    steps.append(
                        DocumentStep(
                            document=document,
                            status=status,
                            date=day + datetime.timedelta(days=30 * order),
                            order=order,
                            meeting_id=meeting if order == 1 else None,
                            body=bodies[order % len(bodies)],
                        )
                    )
            DocumentStep.objects.bulk_create(steps)
        bar.advance(count)

    # The search vectors and each document's current status were computed by the database as
    # the rows went in (generated columns, the steps trigger): nothing to refresh.
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE: {time.monotonic() - started:.1f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=3_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csto_press.settings.production")
    import django

    django.setup()
    started = time.monotonic()
    fill(args.articles, args.meetings, args.documents, args.seed)
    print(f"  filled in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
