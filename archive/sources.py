"""Readers of the old site's exports, each yielding one ``Record`` per release and language,
one at a time (the files are streamed, never loaded whole):

- RSS 2.0 and Atom feeds saved as files (``.xml``, ``.rss``, ``.atom``);
- a folder of saved article pages (``.html``), read with the CSS selectors of a mapping
  file, so another layout needs another mapping, not new code;
- JSON Lines (``.jsonl``), JSON (``.json``, an array) and CSV (``.csv``) exports.

A value a reader cannot make sense of (a date in no known form) becomes the record's
``problem``: the importer reports and skips that record and goes on.
"""

import csv
import datetime
import email.utils
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone
from lxml import etree, html

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
PAGE_SUFFIXES = {".html", ".htm"}
MONTHS_RU = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


class SourceError(Exception):
    """A whole source cannot be read (a missing file, a mapping that is not JSON)."""


# What stops the reading of a source part way (the records before it are imported).
UNREADABLE = (SourceError, etree.XMLSyntaxError, OSError, UnicodeError, csv.Error)


@dataclass
class Record:
    """One release in one language, as an export gives it."""

    key: str
    language: str
    title: str = ""
    date: datetime.datetime | None = None
    lead: str = ""
    body: str = ""
    section: str = ""
    kind: str = ""
    signature: str = ""
    images: list = field(default_factory=list)
    image_alt: str = ""
    attachments: list = field(default_factory=list)
    # The title each attachment is given where the export has one (a link's text, an Atom
    # link's title, a JSON object's "title"), "" where not: same length as ``attachments``.
    attachment_titles: list = field(default_factory=list)
    urls: list = field(default_factory=list)
    # Where its relative file references are read from (a page's own folder), and the
    # export's root, where references like /upload/x.jpg or https://old-site/upload/x.jpg
    # are looked for (the folder of pages, or a feed's or export's folder).
    base: Path = Path(".")
    root: Path | None = None
    origin: str = ""
    problem: str = ""

    def digest(self, file_stats):
        """What this record looks like, files included (size and time): equal digests mean
        nothing to import."""
        data = {
            name: getattr(self, name)
            for name in ("key", "language", "title", "lead", "body", "section", "kind",
                         "signature", "images", "image_alt", "attachments", "urls")
        }  # fmt: skip
        data["date"] = self.date.isoformat() if self.date else ""
        data["files"] = file_stats
        if self.attachments:
            # Only where there are files: the digests of the other records stay as they were
            # (a run after this was added re-imports only the releases with attachments).
            data["attachment_titles"] = self.attachment_titles

        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def parse_date(text, date_format=None):
    """A publication time from the forms old exports use; naive times are Moscow's (the
    site's time zone). None when it is none of them."""
    text = " ".join((text or "").split())
    if not text:
        return None
    moment = None
    formats = (date_format,) if date_format else DATE_FORMATS
    for candidate in formats:
        try:
            moment = datetime.datetime.strptime(text, candidate)  # noqa: DTZ007 - made aware below
            break
        except ValueError:
            continue
    if moment is None:
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                moment = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                match = re.fullmatch(
                    r"(\d{1,2}) (\w+) (\d{4})(?: (\d{1,2}):(\d{2}))?", text.lower()
                )
                if not match or match[2] not in MONTHS_RU:
                    return None
                moment = datetime.datetime(  # noqa: DTZ001 - made aware below
                    int(match[3]), MONTHS_RU[match[2]], int(match[1]),
                    int(match[4] or 0), int(match[5] or 0),
                )  # fmt: skip
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def split_list(value):
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in re.split(r"[|\n]", value or "") if part.strip()]


def section_of(url):
    """The old section code in an address: ``/news/news_odkb/<slug>/`` -> ``news_odkb``."""
    segments = [part for part in urlsplit(url or "").path.split("/") if part]
    return segments[-2] if len(segments) >= 2 else ""


def key_from(text, pattern):
    if pattern and text:
        match = re.search(pattern, text)
        if match:
            return match.group(1)
    return None


def language_of(url, default):
    host = urlsplit(url or "").hostname or ""
    return "en" if host.startswith("en.") else default


# --- feeds --------------------------------------------------------------------------------


def _text(element, *tags):
    for tag in tags:
        found = element.find(tag)
        if found is not None:
            if found.get("type") == "xhtml":
                return "".join(etree.tostring(child, encoding="unicode") for child in found)
            if found.text:
                return found.text.strip()
    return ""


def read_feed(path, mapping):
    """Items of an RSS 2.0 or Atom file, streamed: each is forgotten once read."""
    language = mapping.get("language")
    key_pattern = mapping.get("key_pattern", r"ELEMENT_ID=(\d+)")
    parser_options = {"resolve_entities": False, "no_network": True, "huge_tree": False}
    number = 0
    for event, element in etree.iterparse(
        str(path), events=("start", "end"), remove_comments=True, **parser_options
    ):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if language is None and element.get(XML_LANG):
                language = element.get(XML_LANG)[:2].lower()
            continue
        if tag == "language" and language is None and element.text:
            language = element.text.strip()[:2].lower()
        if tag not in ("item", f"{ATOM}entry"):
            continue
        number += 1
        yield _feed_record(element, path, number, language or "ru", key_pattern)
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]


def _feed_record(item, path, number, language, key_pattern):
    atom = item.tag.startswith(ATOM)
    if atom:
        link = next(
            (
                found.get("href", "")
                for found in item.findall(f"{ATOM}link")
                if found.get("rel", "alternate") == "alternate"
            ),
            "",
        )
        guid = _text(item, f"{ATOM}id")
        date_text = _text(item, f"{ATOM}published", f"{ATOM}updated")
        body = _text(item, f"{ATOM}content")
        lead = _text(item, f"{ATOM}summary")
        categories = [found.get("term", "") for found in item.findall(f"{ATOM}category")]
        enclosures = [
            (found.get("href", ""), found.get("type", ""), found.get("title", ""))
            for found in item.findall(f"{ATOM}link")
            if found.get("rel") == "enclosure"
        ]
        title = _text(item, f"{ATOM}title")
    else:
        link = _text(item, "link")
        guid = _text(item, "guid")
        date_text = _text(item, "pubDate", "{http://purl.org/dc/elements/1.1/}date")
        body = _text(item, CONTENT) or _text(item, "description")
        lead = _text(item, "description") if item.find(CONTENT) is not None else ""
        categories = [found.text or "" for found in item.findall("category")]
        enclosures = [
            (found.get("url", ""), found.get("type", ""), "") for found in item.iter("enclosure")
        ]
        title = _text(item, "title")
    files = [(url, label) for url, kind, label in enclosures
             if url and not kind.startswith("image/")]  # fmt: skip
    record = Record(
        key=key_from(link, key_pattern) or key_from(guid, key_pattern) or guid or link,
        language=language_of(link, language),
        title=title,
        lead=html_to_text(lead),
        body=body,
        section=section_of(link) or next((c.strip() for c in categories if c.strip()), ""),
        images=[url for url, kind, _label in enclosures if kind.startswith("image/")],
        attachments=[url for url, _label in files],
        attachment_titles=[" ".join(label.split()) for _url, label in files],
        urls=[url for url in dict.fromkeys([link, guid]) if url.startswith(("http", "/"))],
        base=path.parent,
        origin=f"{path.name}: item {number}",
    )
    record.date = parse_date(date_text)
    if record.date is None:
        record.problem = f"no publication date it can read ({date_text!r})"
    return record


def html_to_text(fragment):
    if not fragment or "<" not in fragment:
        return (fragment or "").strip()
    try:
        return " ".join(
            html.fragment_fromstring(fragment, create_parent="div").text_content().split()
        )
    except etree.ParserError:
        return ""


# --- saved pages ----------------------------------------------------------------------------


def _spec(value):
    """A mapping entry: a selector string, or {"selector", "attr", "pattern", "format"}."""
    if value is None:
        return None
    return {"selector": value} if isinstance(value, str) else dict(value)


def _select(document, spec, many=False):
    if spec is None:
        return [] if many else ""
    if "value" in spec:
        return [spec["value"]] if many else spec["value"]
    values = [value for element in document.cssselect(spec["selector"])
              if (value := _value(element, spec))]  # fmt: skip
    return values if many else (values[0] if values else "")


def _value(element, spec):
    if spec.get("attr"):
        value = element.get(spec["attr"], "")
    else:
        value = " ".join(element.text_content().split())
    if spec.get("pattern"):
        value = key_from(value, spec["pattern"]) or ""
    return value.strip()


def _select_files(document, spec):
    """(reference, title) of each file the mapping's ``attachments`` selects: the title is
    the link's text when the reference is read from an attribute (``href``), else ""."""
    if spec is None:
        return []
    if "value" in spec:
        return [(spec["value"], "")]
    return [
        (value, " ".join(element.text_content().split()) if spec.get("attr") else "")
        for element in document.cssselect(spec["selector"])
        if (value := _value(element, spec))
    ]


# A charset declared in a page's head: <meta charset=…> or <meta http-equiv … charset=…>.
DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)


def parse_page(path):
    """A saved page's document: read in the charset it declares (an old page may be in
    windows-1251), else as UTF-8, where libxml2 would guess Latin-1 and garble Cyrillic."""
    data = Path(path).read_bytes()
    declared = DECLARED_CHARSET.search(data[:8192])
    parser = html.html_parser if declared else html.HTMLParser(encoding="utf-8")
    return html.parse(io.BytesIO(data), parser=parser).getroot()


def read_pages(folder, mapping):
    """Saved article pages under ``folder``, read as the mapping says."""
    specs = {name: _spec(mapping.get(name)) for name in (
        "key", "language", "title", "date", "lead", "section", "kind", "signature", "url",
        "images", "image_alt", "attachments",
    )}  # fmt: skip
    body_spec = _spec(mapping.get("body")) or {"selector": "body"}
    drop = mapping.get("remove", [])
    for path in sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in PAGE_SUFFIXES):
        origin = str(path.relative_to(folder))
        try:
            document = parse_page(path)
        except (OSError, etree.ParserError) as error:
            yield Record(key=origin, language="ru", origin=origin, problem=f"unreadable: {error}")
            continue
        if document is None:
            yield Record(key=origin, language="ru", origin=origin, problem="an empty file")
            continue
        url = _select(document, specs["url"])
        language = (_select(document, specs["language"]) or document.get("lang") or "")[:2]
        record = Record(
            key=_select(document, specs["key"]) or url or origin,
            language=language.lower() or language_of(url, "ru"),
            title=_select(document, specs["title"]),
            lead=_select(document, specs["lead"]),
            section=_select(document, specs["section"]) or section_of(url),
            kind=_select(document, specs["kind"]),
            signature=_select(document, specs["signature"]),
            images=_select(document, specs["images"], many=True),
            image_alt=_select(document, specs["image_alt"]),
            urls=[url] if url else [],
            base=path.parent,
            root=Path(folder),
            origin=origin,
        )
        files = _select_files(document, specs["attachments"])
        record.attachments = [reference for reference, _title in files]
        record.attachment_titles = [title for _reference, title in files]
        bodies = document.cssselect(body_spec["selector"])
        if bodies:
            body = bodies[0]
            for selector in drop:
                for element in body.cssselect(selector):
                    element.drop_tree()
            record.body = (body.text or "") + "".join(
                html.tostring(child, encoding="unicode") for child in body
            )
        date_text = _select(document, specs["date"])
        record.date = parse_date(date_text, (specs["date"] or {}).get("format"))
        if record.date is None:
            record.problem = f"no publication date it can read ({date_text!r})"
        yield record


# --- JSON and CSV exports -------------------------------------------------------------------


def _row_record(row, path, number):
    url_list = split_list(row.get("urls") or row.get("url") or "")
    language = (row.get("lang") or row.get("language") or "").strip()[:2].lower()
    record = Record(
        key=str(row.get("key") or row.get("release") or row.get("id") or "").strip(),
        language=language or language_of(url_list[0] if url_list else "", "ru"),
        title=(row.get("title") or "").strip(),
        lead=(row.get("lead") or "").strip(),
        body=row.get("body") or "",
        section=(row.get("section") or "").strip() or section_of(url_list[0] if url_list else ""),
        kind=(row.get("kind") or "").strip(),
        signature=(row.get("signature") or "").strip(),
        images=split_list(row.get("images") or row.get("image") or ""),
        image_alt=(row.get("image_alt") or "").strip(),
        urls=url_list,
        base=path.parent,
        origin=f"{path.name}: record {number}",
    )
    files = _row_files(row.get("attachments"))
    record.attachments = [reference for reference, _title in files]
    record.attachment_titles = [title for _reference, title in files]
    date_text = str(row.get("date") or row.get("published_at") or "")
    record.date = parse_date(date_text)
    if not record.key:
        record.key = f"{path.name}:{number}"
        record.problem = "no key (id) to recognise it by on the next run"
    elif record.date is None:
        record.problem = f"no publication date it can read ({date_text!r})"
    return record


def _row_files(value):
    """(reference, title) of an export's ``attachments``: a list whose items are paths or
    ``{"file": …, "title": …}`` objects (``"url"`` for ``"file"`` also read), or a
    ``|``-separated text (CSV)."""
    if not isinstance(value, list):
        text = value if isinstance(value, str) else ""
        return [(reference, "") for reference in split_list(text)]
    files = []
    for item in value:
        if isinstance(item, dict):
            reference = str(item.get("file") or item.get("url") or "").strip()
            title = " ".join(str(item.get("title") or "").split())
        else:
            reference, title = str(item).strip(), ""
        if reference:
            files.append((reference, title))
    return files


def _unreadable(path, where, problem):
    return Record(key=f"{path.name}:{where}", language="ru", origin=f"{path.name}: {where}",
                  problem=problem)  # fmt: skip


def read_json_lines(path, mapping):
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield _unreadable(path, f"line {number}", f"not JSON: {error}")
                continue
            if not isinstance(row, dict):
                yield _unreadable(path, f"line {number}", "not an object")
                continue
            yield _row_record(row, path, number)


def read_json(path, mapping):
    """A JSON array (read whole: use JSON Lines for very large exports)."""
    with open(path, encoding="utf-8") as handle:
        try:
            rows = json.load(handle)
        except json.JSONDecodeError as error:
            raise SourceError(f"{path.name} is not JSON: {error}") from None
    if isinstance(rows, dict):
        rows = rows.get("items") or rows.get("releases") or []
    for number, row in enumerate(rows, 1):
        if isinstance(row, dict):
            yield _row_record(row, path, number)
        else:
            yield _unreadable(path, f"record {number}", "not an object")


def read_csv(path, mapping):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 1):
            yield _row_record(row, path, number)


def records(path, mapping):
    """Every record of ``path`` (a file, or a folder of pages), by its kind."""
    path = Path(path)
    if path.is_dir():
        return read_pages(path, mapping)
    if not path.is_file():
        raise SourceError(f"{path} is neither a file nor a folder")
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return read_feed(path, mapping)
    if suffix == ".jsonl":
        return read_json_lines(path, mapping)
    if suffix == ".json":
        return read_json(path, mapping)
    if suffix == ".csv":
        return read_csv(path, mapping)
    raise SourceError(f"{path.name}: a feed (.xml, .rss, .atom), .jsonl, .json, .csv or a folder")
