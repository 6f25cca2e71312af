"""Escaped markup shown as text: the check the unit tests and every browser journey share.

A template that joins HTML strings to an escaped value with `~` escapes the whole string, so the page
shows `<p><strong>Call 116 123</strong></p>` as words and a screen reader reads the tags aloud. axe
does not notice (the text is valid text), so we look at the page's visible text ourselves.
"""

import re
from html.parser import HTMLParser

# A tag (<p>, </strong>, <code class="x">), a closing-tag start, or an entity that was escaped twice
# and so shows as "&lt;" / "&amp;" / "&#39;" rather than as the character.
ESCAPED_MARKUP = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>"  # a tag
    r"|</"  # the start of a closing tag
    r"|&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);"  # an entity escaped twice
)


class _VisibleText(HTMLParser):
    """The text a person sees (and a screen reader reads): no <script>, <style> or <template>."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def escaped_markup(text: str) -> list[str]:
    """Every piece of markup in `text` (a page's visible text), with a little context around it."""
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in ESCAPED_MARKUP.finditer(text)]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def links(html: str) -> list[tuple[str, str]]:
    """(href, the link's words) for every <a> in `html`."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links
