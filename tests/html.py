"""Reading rendered pages the way a browser would: tags and attributes, not substrings."""

from html.parser import HTMLParser

DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "form", "input", "button", "textarea", "select", "base", "link", "meta",
    "template", "noscript", "xmp", "plaintext", "marquee", "video", "audio", "source",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
    "background",
    "cite",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    """Every start tag in ``html`` as ``(tag, {attr: value})``."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def live_markup_problems(html):
    """What in ``html`` a browser would execute or let restyle the page; empty if none."""
    problems = []
    for tag, attrs in elements(html):
        if tag in DANGEROUS_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>")
            if name == "style":
                problems.append(f"<{tag} style>")
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower().split(":", 1)[0]
                if ":" in "".join(value.split()) and scheme in {"javascript", "data", "vbscript"}:
                    problems.append(f"<{tag} {name}={value!r}>")
    return problems


def links(html):
    """``{text: href}`` of every link whose text is plain, for navigation assertions."""
    found = {}

    class _Links(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.href = None
            self.text = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.href = dict(attrs).get("href")
                self.text = []

        def handle_data(self, data):
            if self.href is not None:
                self.text.append(data)

        def handle_endtag(self, tag):
            if tag == "a" and self.href is not None:
                found.setdefault(" ".join("".join(self.text).split()), self.href)
                self.href = None

    parser = _Links()
    parser.feed(html)
    return found
