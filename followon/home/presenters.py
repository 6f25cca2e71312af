"""Display rows for the home pages.

Member home's "Waiting for your answer": the follow-on group questions and group invitations waiting for
the member (programmes.selectors.member_questions_waiting, peergroups.selectors.member_invitation_rows),
rendered from those values alone and remembered by them (core.fragments, ADR 0031 and 0041): a
member who comes back to their home with nothing answered gets the section's HTML without rendering
its rows again; an answered question or invitation changes the key.
"""

from __future__ import annotations

from markupsafe import Markup

from followon.core.fragments import FragmentCache

WAITING_SECTIONS = FragmentCache("home/_waiting.jinja", max_entries=4096, max_chars=20_000)


def waiting_section(questions: list[tuple], invitations: list[tuple]) -> Markup:
    """The section's HTML; empty when nothing waits. `questions`: (programme title, programme public
    id); `invitations`: (group name, group public id, its programme's title or None)."""
    if not questions and not invitations:
        return Markup("")
    key = (tuple(questions), tuple(invitations))
    return WAITING_SECTIONS.render(key, lambda: {"waiting_questions": key[0], "group_invitations": key[1]})
