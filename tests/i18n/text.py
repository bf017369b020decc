"""What a reader of a rendered page perceives as text: content, <title>, and the
attributes read out or shown (alt, title, aria-label, placeholder, meta description);
parts marked lang="en" (the switcher's link to the English version) are left out."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}  # fmt: skip
HIDDEN = {"script", "style", "template"}
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip_depth = 0  # > 0 inside a lang="en" or hidden element

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skip_depth:
            if tag not in VOID:
                self.skip_depth += 1
            return
        lang = (attrs.get("lang") or "").lower()
        if tag in HIDDEN or (tag != "html" and lang.startswith("en")):
            if tag not in VOID:
                self.skip_depth = 1
            return
        self.parts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
        if tag == "meta" and attrs.get("name") == "description":
            self.parts.append(attrs.get("content") or "")

    def handle_startendtag(self, tag, attrs):
        if not self.skip_depth:
            self.handle_starttag(tag, attrs)
            self.skip_depth = 0

    def handle_endtag(self, tag):
        if self.skip_depth and tag not in VOID:
            self.skip_depth -= 1

    def handle_data(self, data):
        if not self.skip_depth and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's perceivable text, whitespace collapsed to single spaces."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())
