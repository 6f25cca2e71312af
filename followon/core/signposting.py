"""Crisis signposting: the one place this wording lives (docs/product.md §4).

Every page that shows it (the "Need help now?" page, safety messages, SMS
replies to HELP) reads it from here, so a change is made once.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Signpost:
    name: str
    how: str
    when: str


CRISIS_SIGNPOSTS: tuple[Signpost, ...] = (
    Signpost(
        "Samaritans", "Call 116 123", "Free, any time, day or night, to talk about anything that is troubling you."
    ),
    Signpost("NHS 111", "Call 111 and choose option 2", "For urgent help with your mental health, 24 hours a day."),
    Signpost("999 or A&E", "Call 999 or go to A&E", "If a life is at risk or you cannot keep yourself safe."),
    Signpost("Shout", "Text SHOUT to 85258", "Free, confidential text support, 24 hours a day."),
)

CRISIS_SMS_TEXT = (
    "If you need help now: Samaritans 116 123 (free, 24 hours). NHS 111, option 2 for mental health. "
    "Text SHOUT to 85258. If a life is at risk call 999 or go to A&E."
)
