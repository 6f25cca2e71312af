"""Display rows for the self-management pages.

Technique pages: FollowOn's own pages (techniques.DEFAULTS) are our words, translated like any other
page. A service's own version (TechniquePage) is written by its staff, in English (the editor asks for
plain English; there is no per-language version): on a page in another language it is shown as
written, marked `lang="en"` (WCAG 3.1.2), and the page says so in the member's language.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import get_language, gettext
from markupsafe import Markup

from followon.accounts.models import User
from followon.core.fragments import FragmentCache
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


# -- the member home page's section ----------
#
# The goals, the next meeting and group-mates' latest answers (selectors.member_home_summary) as member
# home shows them, rendered from these values alone and remembered by them (core.fragments, ADR 0031):
# a member who comes back to their home with nothing changed gets the section's HTML without rendering
# it again; anything changed (an answer this week, a new goal, a moved meeting) is a new key (ADR 0041).


class HomeGoal(NamedTuple):
    public_id: uuid.UUID
    what: str
    latest_outcome: str | None
    latest_week: dt.date | None


class HomeNextMeeting(NamedTuple):
    group_public_id: uuid.UUID
    group_name: str
    starts_at: dt.datetime


class HomeActivity(NamedTuple):
    name: str  # the goal's owner as pages show a person (User.name_shown)
    outcome: str
    goal: str


HOME_SECTIONS = FragmentCache("selfcare/home_section.jinja", max_entries=4096, max_chars=20_000)


def member_home_section(summary: dict) -> Markup:
    """The HTML of member home's self-management section for `summary` (member_home_summary's dict)."""
    nxt = summary["home_next_meeting"]
    key = (
        tuple(HomeGoal._make(row) for row in summary["home_goals"]),
        HomeNextMeeting(nxt.group.public_id, nxt.group.name, nxt.starts_at) if nxt else None,
        tuple(
            HomeActivity(User.name_shown(name), outcome, goal) for name, outcome, goal in summary["home_group_activity"]
        ),
    )
    return HOME_SECTIONS.render(
        key, lambda: {"home_goals": key[0], "home_next_meeting": key[1], "home_group_activity": key[2]}
    )
