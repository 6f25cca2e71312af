"""Display rows for the self-management pages.

Technique pages: FollowOn's own pages (techniques.DEFAULTS) are our words, translated like any other
page. A service's own version (TechniquePage) is written by its staff, in English (the editor asks for
plain English; there is no per-language version): on a page in another language it is shown as
written, marked `lang="en"` (WCAG 3.1.2), and the page says so in the member's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from followon.selfcare.techniques import Technique


@dataclass(frozen=True)
class TechniqueView:
    slug: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    lang: str  # "en" when the words are the service's own and the page is in another language, else ""


def paragraphs(body: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n") if p.strip())


def technique_view(page) -> TechniqueView:
    if isinstance(page, Technique):
        return TechniqueView(
            slug=page.slug,
            title=gettext(page.title),
            summary=gettext(page.summary),
            paragraphs=tuple(gettext(paragraph) for paragraph in page.paragraphs),
            lang="",
        )
    in_english = (get_language() or "en").startswith("en")
    return TechniqueView(
        slug=page.slug,
        title=page.title,
        summary=page.summary,
        paragraphs=paragraphs(page.body),
        lang="" if in_english else "en",
    )
