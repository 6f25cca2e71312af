"""Crisis signposting: the one place this wording and these numbers live (docs/product.md §4).

Every place that shows it reads it from here, so a change is made once: the "Need help now?" page,
the flagged-message notice, the signpost list after raising a concern, the printable set-back plan,
the error pages (all through the `crisis_signposts` Jinja global and `components/signposts.jinja`)
and the SMS reply to HELP (`CRISIS_SMS_TEXT`). Each number is held once, as a `Contact`; the words
("Call 116 123"), the tap-to-call link (`tel:116123`) and the text (`sms:85258?body=SHOUT`) are
all derived from it.

Checked on 4 December 2026 against stored copies of each organisation's own published pages (and
NHS pages where the organisation is the NHS). Re-check these before changing anything here:

| Service    | What we say                                   | Source                                            |
|------------|-----------------------------------------------|---------------------------------------------------|
| Samaritans | 116 123, free from landlines and mobiles,     | samaritans.org/how-we-can-help/contact-samaritan/ |
|            | 24 hours a day, every day                     | ("free to call from both landlines and mobiles")  |
| NHS 111    | call 111, choose the mental health option     | tewv.nhs.uk/services/crisis-advice ("select the   |
|            | (option 2), 24 hours a day, for urgent        | mental health option (2)"); shsc.nhs.uk and       |
|            | mental health help. England; Wales also uses  | lpft.nhs.uk ("select the mental health option").  |
|            | 111 option 2, Scotland NHS 24 on 111          | Since 2023 callers are asked to "choose the       |
|            |                                               | mental health option" rather than told "press 2", |
|            |                                               | so we say both.                                   |
| 999 / A&E  | if a life is at risk or you cannot keep       | NHS trust crisis pages above ("if their life is   |
|            | yourself safe                                 | at risk ... call 999 or go to A&E");              |
|            |                                               | mentalhealth.org.uk ("don't feel you can keep     |
|            |                                               | yourself safe, call 999 or go to A&E")            |
| Shout      | text SHOUT to 85258, free, confidential,      | giveusashout.org/about-us/faq (last updated       |
|            | 24 hours a day (UK residents, any age)        | 4 November 2024: "free, 24/7 text messaging ...") |
| Samaritans | 0808 164 0123, in Welsh, free, every day      | Samaritans Cymru's own statement (Sarah Stone,    |
| Welsh      | 7pm to 11pm; at other times 116 123           | Executive Director for Samaritans in Wales, July  |
| Language   | (shown on pages in Welsh only)                | 2021: "talk to Samaritans in Welsh every day      |
| Line       |                                               | between 7-11pm on 0808 164 0123"). Re-check the   |
|            |                                               | hours on samaritans.org before a Welsh service    |
|            |                                               | goes live: they have changed before.              |

Languages (docs/adr/0027-languages.md): the English words below are the msgids of the catalogues.
Pages show them through the `signposts.jinja` macros, which translate them (gettext at request
time) and keep every number left-to-right (<bdi dir="ltr">) on right-to-left pages. The properties
here (`link_text`, `words`, `how`) stay English: CRISIS_SMS_TEXT and the tests read them. Numbers
are never translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from django.utils.translation import get_language
from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: a number to call, or a word to text to a number."""

    kind: Literal["call", "text"]
    number: str  # as people say and write it: "116 123"
    spoken_name: str = ""  # who you reach, for the link's words: "Call Samaritans on 116 123"
    keyword: str = ""  # for a text: the word to send ("SHOUT")
    option: str = ""  # for a call: the choice to make once through ("the mental health option (option 2)")

    @property
    def digits(self) -> str:
        return self.number.replace(" ", "")

    @property
    def href(self) -> str:
        """tel: to call; sms: with the keyword as the body (RFC 5724), which most phones fill in."""
        if self.kind == "text":
            return f"sms:{self.digits}?body={quote(self.keyword)}" if self.keyword else f"sms:{self.digits}"
        return f"tel:{self.digits}"

    @property
    def link_text(self) -> str:
        """The link's own words, complete for a screen reader: "Call Samaritans on 116 123"."""
        if self.kind == "text":
            return f"Text {self.keyword} to {self.number}" if self.keyword else f"Text {self.number}"
        return f"Call {self.spoken_name} on {self.number}" if self.spoken_name else f"Call {self.number}"

    @property
    def then(self) -> str:
        """What to do once through, said after the link: "and choose the mental health option (option 2)"."""
        return f"and choose {self.option}" if self.option else ""

    @property
    def words(self) -> str:
        """The whole instruction as plain words, for print and text messages."""
        return f"{self.link_text} {self.then}".strip()


@dataclass(frozen=True)
class Signpost:
    name: str
    contacts: tuple[Contact, ...]
    when: str  # who it is for and when it is open, one sentence
    short_when: str  # the same in a few words, for a text message
    also: str = ""  # another way in that is not a number ("go to A&E")
    emergency: bool = False  # shown first and as an emergency on the "Need help now?" page

    @property
    def how(self) -> str:
        """The whole instruction in plain words, no link: "Call Samaritans on 116 123", "Call 999 or go to A&E"."""
        return " or ".join([*(contact.words for contact in self.contacts), *([self.also] if self.also else [])])


# N_ (gettext_noop) marks the words for the catalogues without translating them here.
CRISIS_SIGNPOSTS: tuple[Signpost, ...] = (
    Signpost(
        N_("Samaritans"),
        (Contact("call", "116 123", spoken_name=N_("Samaritans")),),
        N_("Free, any time, day or night, to talk about anything that is troubling you."),
        "free, any time",
    ),
    Signpost(
        N_("NHS 111"),
        (Contact("call", "111", option=N_("the mental health option (option 2)")),),
        N_("For urgent help with your mental health, 24 hours a day."),
        "for urgent mental health help",
    ),
    Signpost(
        N_("999 or A&E"),
        (Contact("call", "999"),),
        N_("If a life is at risk or you cannot keep yourself safe."),
        "if a life is at risk",
        also=N_("go to A&E"),
        emergency=True,
    ),
    Signpost(
        N_("Shout"),
        (Contact("text", "85258", keyword="SHOUT"),),
        N_("Free, confidential text support, 24 hours a day."),
        "free, any time",
    ),
)

# Samaritans' Welsh Language Line (source and date in the table above): on pages in Welsh, after
# Samaritans' own 24-hour number, which stays first because it is open at any hour.
WELSH_LANGUAGE_LINE = Signpost(
    N_("Samaritans Welsh Language Line"),
    (Contact("call", "0808 164 0123", spoken_name=N_("Samaritans in Welsh")),),
    N_("Talk to Samaritans in Welsh, free, every day from 7pm to 11pm. At other times, call 116 123."),
    "in Welsh, 7pm to 11pm",
)


def crisis_signposts_for(language: str | None) -> tuple[Signpost, ...]:
    """The signposts for a page in `language`: in Welsh, the Welsh Language Line after Samaritans."""
    if language == "cy":
        first, *rest = CRISIS_SIGNPOSTS
        return (first, WELSH_LANGUAGE_LINE, *rest)
    return CRISIS_SIGNPOSTS


class SignpostsForThePage:
    """The crisis signposts for the page being written: `crisis_signposts_for` the active language,
    read each time the page iterates them. It is the Jinja global `crisis_signposts`, so every list of
    signposts (the flagged-message notice, a concern raised, the error pages), not only Need help now?,
    has Samaritans' Welsh Language Line on a Welsh page."""

    def __iter__(self):
        return iter(crisis_signposts_for(get_language()))

    def __len__(self) -> int:
        return len(crisis_signposts_for(get_language()))

    def __bool__(self) -> bool:
        return True


CRISIS_SIGNPOSTS_FOR_THE_PAGE = SignpostsForThePage()

CRISIS_CONTACTS: tuple[Contact, ...] = tuple(contact for s in CRISIS_SIGNPOSTS for contact in s.contacts)

# The reply to HELP and the words in flagged check-in texts, built from the same numbers.
CRISIS_SMS_TEXT = "If you need help now: " + " ".join(f"{s.how}, {s.short_when}." for s in CRISIS_SIGNPOSTS)
