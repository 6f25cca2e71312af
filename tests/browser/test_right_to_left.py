"""Issue 18 item 3: Urdu pages are laid out right to left on a 375 px phone, and Urdu letters are drawn.

The page's `dir="rtl"` reverses the flow of text and flex rows by itself, but NHS.UK frontend draws some
things at a physical `left`: the radio circle, the inset text's border, the back link's chevron. On an
Urdu page each must sit on the right, at the start of the line, beside the words it belongs to (a radio
circle at the far left of a phone, away from its label, reads as belonging to nothing). Measured with
getBoundingClientRect and computed styles, on the pages an Urdu-speaking member uses: her poll (radios,
back link), her group's board (inset text, a reply). The same poll in English is measured too, so the
test shows the English layout is as it was (everything on the left).

An Urdu letter must be a glyph, not a box: "ہ" (U+06C1) and "ے" (U+06D2) are measured against U+FFFF,
which no font has (a box of the same width means no font drew them), and the page asks for an Urdu face.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from followon.conversations import services as board_services
from tests.browser.journeys import sign_in_as
from tests.browser.urdu_world import urdu_group

pytestmark = pytest.mark.django_db(transaction=True)

BEA_POST = "سب کو سلام، منگل کی ملاقات میں کون آ رہا ہے؟"
ANN_REPLY = "میں آؤں گی، ہاں"

# Where the radio circles (the label's ::before, drawn by CSS) sit against their label's words.
RADIOS = """() => [...document.querySelectorAll('.nhsuk-radios__item')].map(item => {
    const label = item.querySelector('.nhsuk-radios__label');
    const words = document.createRange();
    words.selectNodeContents(label);
    const text = words.getBoundingClientRect();
    const box = item.getBoundingClientRect();
    const circle = getComputedStyle(label, '::before');
    const left = box.left + parseFloat(circle.left);
    return {
        circleLeft: left, circleRight: left + parseFloat(circle.width),
        textLeft: text.left, textRight: text.right,
        input: item.querySelector('input').getBoundingClientRect().toJSON(),
    };
})"""
# The back link's chevron (its ::before) and which way it points: the chevron is a corner rotated to point
# left (a negative `a` in its transform matrix) or right (a positive one).
BACK_LINK = """() => {
    const link = document.querySelector('.nhsuk-back-link');
    const box = link.getBoundingClientRect();
    const chevron = getComputedStyle(link, '::before');
    const words = document.createRange();
    words.selectNodeContents(link);
    const text = words.getBoundingClientRect();
    const left = box.left + parseFloat(chevron.left);
    return {
        chevronLeft: left, chevronRight: left + parseFloat(chevron.width),
        textLeft: text.left, textRight: text.right,
        pointsRight: new DOMMatrix(chevron.transform).a > 0,
    };
}"""
BORDERS = """(selector) => [...document.querySelectorAll(selector)].map(e => {
    const style = getComputedStyle(e);
    return {left: parseFloat(style.borderLeftWidth), right: parseFloat(style.borderRightWidth)};
})"""
REPLY_MARGINS = """e => {
    const style = getComputedStyle(e);
    return {left: parseFloat(style.marginLeft), right: parseFloat(style.marginRight)};
}"""
# How wide each text is drawn in the page's own font: U+FFFF is in no font, so it is drawn as the box.
TEXT_WIDTH = """(texts) => texts.map(text => {
    const probe = document.createElement('span');
    probe.textContent = text;
    document.querySelector('main').appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
})"""


def ur(message: str) -> str:
    with translation.override("ur"):
        return gettext(message)


def ur_path(name: str, *args) -> str:
    with translation.override("ur"):
        return reverse(name, args=args)


def en_path(name: str, *args) -> str:
    """English pages have no language prefix."""
    return ur_path(name, *args).removeprefix("/ur")


@pytest.fixture
def amina_with_a_poll_and_a_board(service, clinician):
    """Amina (Urdu) in a group with an open poll and a board where Bea posted and Ann replied."""
    world = urdu_group(service, clinician)
    group, poll, ann, bea, amina = world.group, world.poll, world.ann, world.bea, world.amina
    first = board_services.post_create(group=group, author=bea, body=BEA_POST).post
    board_services.post_create(group=group, author=ann, body=ANN_REPLY, parent=first)
    amina.language = "ur"
    amina.save(update_fields=["language"])
    return amina, group, poll


def test_urdu_pages_are_mirrored_and_drawn_in_an_urdu_font_on_a_phone(phone_375, amina_with_a_poll_and_a_board):
    amina, group, poll = amina_with_a_poll_and_a_board
    page = phone_375.page
    sign_in_as(phone_375, amina)

    # Her poll in Urdu: each radio circle is at the right, at the start of the line, beside its words.
    phone_375.visit(ur_path("meetings:poll", poll.public_id))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    radios = page.evaluate(RADIOS)
    assert radios, "the poll page shows no radios"
    for radio in radios:
        assert radio["circleLeft"] >= radio["textRight"] - 1, f"radio circle not right of its words: {radio}"
        assert radio["textRight"] - radio["circleRight"] < 60, f"radio circle far from its words: {radio}"
        assert radio["input"]["x"] >= radio["textRight"] - 1, f"radio input not right of its words: {radio}"
        assert radio["circleLeft"] - 4 <= radio["input"]["x"] <= radio["circleLeft"] + 4, radio
    # The back link's chevron points right (back, in a right-to-left page), on the right of its words.
    back = page.evaluate(BACK_LINK)
    assert back["pointsRight"], back
    assert back["chevronLeft"] >= back["textRight"] - 1, back
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the poll scrolls sideways"

    # Urdu letters are glyphs, in a face that has them; English inside keeps the NHS font.
    fonts = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert fonts.startswith('"Noto Nastaliq Urdu"'), fonts
    english = page.eval_on_selector_all('body [lang|="en"]', "es => es.map(e => getComputedStyle(e).fontFamily)")
    assert english and all(family.startswith("arial") for family in english), english
    heh, yeh_barree, box = page.evaluate(TEXT_WIDTH, ["ہ", "ے", "\uffff"])
    assert abs(heh - box) > 0.5 and abs(yeh_barree - box) > 0.5, f"Urdu drawn as boxes: {heh}, {yeh_barree}, {box}"
    phone_375.screenshot_at(375, "poll-ur")

    # Her group's board: the inset text's blue border is on the right, and a reply is set in from the right.
    phone_375.visit(ur_path("conversations:board", group.public_id))
    insets = page.evaluate(BORDERS, ".nhsuk-inset-text")
    assert insets and all(inset["right"] > 0 and inset["left"] == 0 for inset in insets), insets
    reply = page.eval_on_selector(".followon-post--reply", REPLY_MARGINS)
    assert reply["right"] > 0 and reply["left"] == 0, reply
    back = page.evaluate(BACK_LINK)
    assert back["pointsRight"] and back["chevronLeft"] >= back["textRight"] - 1, back
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the board scrolls sideways"
    phone_375.screenshot_at(375, "board-ur")

    # She agrees to the notice and the group's agreement, then posts nothing: the error's red bar is on
    # the right too.
    page.get_by_role("button", name=ur("I understand and agree")).click()
    phone_375.check_page("board-ur-notice-agreed")
    page.get_by_role("button", name=ur("I agree")).click()
    phone_375.check_page("board-ur-agreement-agreed")
    page.get_by_role("button", name=ur("Post"), exact=True).click()
    phone_375.check_page("board-ur-empty-post")
    errors = page.evaluate(BORDERS, ".nhsuk-form-group--error")
    assert errors and all(e["right"] > 0 and e["left"] == 0 for e in errors), errors
    phone_375.screenshot_at(375, "board-ur-empty-post")

    # The same poll in English (she chooses English) is laid out as before: everything on the left.
    amina.language = "en"
    amina.save(update_fields=["language"])
    phone_375.visit(en_path("meetings:poll", poll.public_id))
    assert page.evaluate("document.documentElement.dir") in ("", "ltr")
    for radio in page.evaluate(RADIOS):
        assert radio["circleRight"] <= radio["textLeft"] + 1, radio
    back = page.evaluate(BACK_LINK)
    assert not back["pointsRight"] and back["chevronRight"] <= back["textLeft"] + 1, back
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("arial")
    phone_375.visit(en_path("conversations:board", group.public_id))
    reply = page.eval_on_selector(".followon-post--reply", REPLY_MARGINS)
    assert reply["left"] > 0 and reply["right"] == 0, reply
    page.get_by_role("button", name="Post", exact=True).click()
    phone_375.check_page("board-empty-post")
    errors = page.evaluate(BORDERS, ".nhsuk-form-group--error")
    assert errors and all(e["left"] > 0 and e["right"] == 0 for e in errors), errors
