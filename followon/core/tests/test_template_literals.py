"""No untranslatable literal sentence in a template (issue 18 item 1; ADR 0027).

Every template's own words must go through the translation machinery (`{{ _("...") }}`). This test
reads each `.jinja` template, removes what Jinja2 evaluates and the HTML markup, and counts the
English words left over as plain text, plus English given to an NHS.UK macro as a literal
(`{"text": "Save"}`, `hint="..."`). Templates not yet translated (mostly staff pages, a later phase)
are named in NOT_YET_TRANSLATED with how many literals they still have: the count may only go down.
A template with fewer literals than its allowance fails too, so the allowance is lowered as pages are
translated: the list shrinks and never grows.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# An element marked as English on purpose (the notice that a translation is unchecked, in English for
# whoever cannot read the page's language): its words are not the page's language (WCAG 3.1.2).
_MARKED_ENGLISH = re.compile(r"<(\w+)[^>]*\slang=\"en[^\"]*\"[^>]*>.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_WORD = re.compile(r"[A-Za-z][a-z'’-]+")
# English handed to a macro or a Jinja expression as a literal string: {"text": "Save"}, hint="...".
_LITERAL_ARGUMENT = re.compile(
    r"""(?:["'](?:text|html|heading|hint|description|titleText|label|caption|descriptionText)["']\s*:|"""
    r"""\b(?:hint|legend|label|heading|text)\s*=)\s*(["'])([A-Z][^"'{}%]*?[a-z][^"'{}%]*?)\1"""
)
# Whole words that are not sentences: the product's name, symbols, units.
_NOT_SENTENCES = {"FollowOn", "GSM-7"}


def template_literals(source: str) -> list[str]:
    """The literal English in a template: text between tags that has at least two words, and
    literal strings given to macros as text (with at least one word)."""
    source = _MARKED_ENGLISH.sub("\n", source)
    found = []
    for match in _LITERAL_ARGUMENT.finditer(source):
        found.append(match.group(2))
    text = _TAG.sub("\n", _JINJA.sub("\n", source))
    for chunk in text.split("\n"):
        sentence = " ".join(chunk.split())
        if sentence in _NOT_SENTENCES:
            continue
        if len(_WORD.findall(sentence)) >= 2 or (len(_WORD.findall(sentence)) == 1 and sentence[:1].isupper()):
            found.append(sentence)
    return found


def templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("**/*.jinja")
        if "nhsuk" not in path.parts and "node_modules" not in path.parts and "tests" not in path.parts
    )


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


# Templates whose sentences are not yet wrapped, with how many literals they still have. Lower a
# number (or remove the line) when you translate a page; never raise one or add a template.
NOT_YET_TRANSLATED: dict[str, int] = {
    "followon/accounts/jinja2/accounts/choices.jinja": 11,
    "followon/accounts/jinja2/accounts/close_account.jinja": 8,
    "followon/accounts/jinja2/accounts/closure_detail.jinja": 10,
    "followon/accounts/jinja2/accounts/closure_list.jinja": 6,
    "followon/accounts/jinja2/accounts/consent_decide.jinja": 5,
    "followon/accounts/jinja2/accounts/invitation_detail.jinja": 15,
    "followon/accounts/jinja2/accounts/invitation_form.jinja": 5,
    "followon/accounts/jinja2/accounts/invitation_list.jinja": 15,
    "followon/accounts/jinja2/accounts/invitation_unusable.jinja": 2,
    "followon/accounts/jinja2/accounts/mfa_activate.jinja": 7,
    "followon/accounts/jinja2/accounts/mfa_authenticate.jinja": 4,
    "followon/accounts/jinja2/accounts/mfa_index.jinja": 14,
    "followon/accounts/jinja2/accounts/mfa_reauthenticate.jinja": 3,
    "followon/accounts/jinja2/accounts/mfa_recovery_codes.jinja": 8,
    "followon/accounts/jinja2/accounts/mfa_recovery_codes_generate.jinja": 5,
    "followon/accounts/jinja2/accounts/my_account.jinja": 25,
    "followon/accounts/jinja2/accounts/my_data.jinja": 8,
    "followon/accounts/jinja2/accounts/national/choose_service.jinja": 3,
    "followon/accounts/jinja2/accounts/national/cis2_link.jinja": 7,
    "followon/accounts/jinja2/accounts/national/confirm_match.jinja": 7,
    "followon/accounts/jinja2/accounts/notice_edit.jinja": 7,
    "followon/accounts/jinja2/accounts/notice_list.jinja": 12,
    "followon/accounts/jinja2/accounts/reauthenticate.jinja": 3,
    "followon/accounts/jinja2/accounts/sign_in.jinja": 4,
    "followon/accounts/jinja2/accounts/sign_in_code.jinja": 4,
    "followon/accounts/jinja2/accounts/staff_sign_in.jinja": 8,
    "followon/conversations/jinja2/conversations/agreement.jinja": 6,
    "followon/conversations/jinja2/conversations/delete.jinja": 5,
    "followon/conversations/jinja2/conversations/edit.jinja": 2,
    "followon/conversations/jinja2/conversations/report.jinja": 6,
    "followon/conversations/jinja2/conversations/report_own.jinja": 7,
    "followon/conversations/jinja2/conversations/support.jinja": 4,
    "followon/core/jinja2/core/accessibility.jinja": 63,
    "followon/core/jinja2/core/audit_detail.jinja": 17,
    "followon/core/jinja2/core/audit_list.jinja": 9,
    "followon/core/jinja2/core/privacy.jinja": 5,
    "followon/home/jinja2/home/demo_phone.jinja": 8,
    "followon/home/jinja2/home/demo_phone_list.jinja": 7,
    "followon/home/jinja2/home/service_detail.jinja": 8,
    "followon/home/jinja2/home/staff_home.jinja": 40,
    "followon/identity/jinja2/identity/staff_links.jinja": 10,
    "followon/insights/jinja2/insights/dashboard.jinja": 87,
    "followon/insights/jinja2/insights/research_export.jinja": 32,
    "followon/meetings/jinja2/meetings/_my_account_calendar.jinja": 4,
    "followon/meetings/jinja2/meetings/attendance.jinja": 6,
    "followon/meetings/jinja2/meetings/cancel.jinja": 10,
    "followon/meetings/jinja2/meetings/meeting_new.jinja": 5,
    "followon/meetings/jinja2/meetings/meeting_record.jinja": 5,
    "followon/meetings/jinja2/meetings/plan.jinja": 4,
    "followon/meetings/jinja2/meetings/poll_new.jinja": 10,
    "followon/meetings/jinja2/meetings/poll_new_pattern.jinja": 7,
    "followon/meetings/jinja2/meetings/staff_venue_form.jinja": 3,
    "followon/meetings/jinja2/meetings/staff_venues.jinja": 9,
    "followon/meetings/jinja2/meetings/venue_new.jinja": 4,
    "followon/notifications/jinja2/notifications/preferences.jinja": 9,
    "followon/notifications/jinja2/notifications/staff_failed_messages.jinja": 12,
    "followon/notifications/jinja2/notifications/staff_replies.jinja": 8,
    "followon/peergroups/jinja2/peergroups/my_leave.jinja": 5,
    "followon/peergroups/jinja2/peergroups/my_role.jinja": 5,
    "followon/peergroups/jinja2/peergroups/remove.jinja": 12,
    "followon/peergroups/jinja2/peergroups/removed.jinja": 7,
    "followon/peergroups/jinja2/peergroups/staff_detail.jinja": 22,
    "followon/peergroups/jinja2/peergroups/staff_list.jinja": 8,
    "followon/peergroups/jinja2/peergroups/staff_new.jinja": 6,
    "followon/peergroups/jinja2/peergroups/status.jinja": 3,
    "followon/programmes/jinja2/programmes/_interest_form.jinja": 4,
    "followon/programmes/jinja2/programmes/_macros.jinja": 2,
    "followon/programmes/jinja2/programmes/admin_information_sheet.jinja": 5,
    "followon/programmes/jinja2/programmes/admin_protocol.jinja": 11,
    "followon/programmes/jinja2/programmes/admin_protocol_delete.jinja": 5,
    "followon/programmes/jinja2/programmes/admin_protocol_step.jinja": 2,
    "followon/programmes/jinja2/programmes/link_expired.jinja": 4,
    "followon/programmes/jinja2/programmes/link_interest.jinja": 3,
    "followon/programmes/jinja2/programmes/link_thanks.jinja": 5,
    "followon/programmes/jinja2/programmes/my_contact_sharing.jinja": 4,
    "followon/programmes/jinja2/programmes/my_contacts.jinja": 10,
    "followon/programmes/jinja2/programmes/my_interest.jinja": 2,
    "followon/programmes/jinja2/programmes/my_programme.jinja": 20,
    "followon/programmes/jinja2/programmes/my_programmes.jinja": 2,
    "followon/programmes/jinja2/programmes/staff_detail.jinja": 49,
    "followon/programmes/jinja2/programmes/staff_form.jinja": 7,
    "followon/programmes/jinja2/programmes/staff_interest_send.jinja": 6,
    "followon/programmes/jinja2/programmes/staff_invite.jinja": 5,
    "followon/programmes/jinja2/programmes/staff_list.jinja": 13,
    "followon/programmes/jinja2/programmes/staff_session_move.jinja": 6,
    "followon/programmes/jinja2/programmes/staff_sessions.jinja": 13,
    "followon/programmes/jinja2/programmes/staff_upload.jinja": 6,
    "followon/programmes/jinja2/programmes/staff_upload_preview.jinja": 21,
    "followon/programmes/jinja2/programmes/staff_withdraw.jinja": 7,
    "followon/safety/jinja2/safety/components/flagged_message.jinja": 14,
    "followon/safety/jinja2/safety/concern_done.jinja": 6,
    "followon/safety/jinja2/safety/concern_new.jinja": 4,
    "followon/safety/jinja2/safety/item.jinja": 21,
    "followon/safety/jinja2/safety/queue.jinja": 14,
    "followon/safety/jinja2/safety/rota.jinja": 16,
    "followon/templates/confirm_action.jinja": 1,
    "followon/templates/errors/error.jinja": 4,
    "followon/templates/layout.jinja": 3,
}


def test_the_scan_finds_literal_sentences_and_ignores_translated_ones():
    source = """
      <h1>{{ _("Your groups") }}</h1>
      <p>No meetings planned yet.</p>
      {{ button({"text": "Save my answers"}) }}
      {{ button({"text": _("Save my answer")}) }}
      {{ radios(name, id, legend, items, hint="Everyone will be told") }}
      <p>{{ count }} · {{ _("and") }}</p>
    """
    assert template_literals(source) == ["Save my answers", "Everyone will be told", "No meetings planned yet."]


@pytest.mark.parametrize("path", templates(), ids=_name)
def test_no_template_has_an_untranslated_sentence(path):
    name = _name(path)
    literals = template_literals(path.read_text())
    allowed = NOT_YET_TRANSLATED.get(name, 0)
    assert len(literals) <= allowed, (
        f"{name} has text not wrapped in _(): {literals[:5]}. Wrap it, then run "
        "`manage.py catalogues update` and translate (ADR 0027)."
    )
    assert len(literals) == allowed, (
        f"{name} now has {len(literals)} untranslated literals, fewer than its allowance of {allowed}: "
        "lower its number in NOT_YET_TRANSLATED (the list only shrinks)."
    )


def test_the_allow_list_names_only_templates_that_exist():
    names = {_name(path) for path in templates()}
    assert set(NOT_YET_TRANSLATED) <= names
