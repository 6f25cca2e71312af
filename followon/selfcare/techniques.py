"""The technique library's shipped pages. A service admin can rewrite any of them for their service.

Plain English, short, and in the words pain management programmes use. Bodies are
plain text: paragraphs separated by a blank line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Technique:
    slug: str
    title: str
    summary: str
    body: str


DEFAULTS: tuple[Technique, ...] = (
    Technique(
        "pacing",
        "Pacing",
        "Do a bit less than you can on a good day, and a bit more than you feel like on a bad one.",
        "Pacing means spreading activity out so that pain does not decide your day for you.\n\n"
        "Find your baseline: how long you can do something before pain starts to flare. Time it on "
        "an ordinary day, not your best one. Start a little below it.\n\n"
        "Build up slowly and on a plan, not on how you feel. Adding 10% a week, or a minute or two, "
        "is enough. If you have a set-back, go back to a level you managed easily and build up again.\n\n"
        "Break big jobs into parts and take short breaks before you need them. Groups often say: one "
        "of us will remind the other to slow down.",
    ),
    Technique(
        "relaxation",
        "Relaxation",
        "A few minutes of slow breathing or letting go of tension, every day, not only when pain is bad.",
        "Relaxation calms the body's alarm system, which can turn pain up.\n\n"
        "Try slow breathing: breathe in gently through your nose for a count of 4, and out through "
        "your mouth for a count of 6. Do this for 3 to 5 minutes.\n\n"
        "Or tense and let go: tighten one group of muscles for 5 seconds, then let them go and notice "
        "the difference. Work from your feet up to your face.\n\n"
        "It works best as a habit. Pick a regular time, like after a cup of tea, and practise when "
        "you feel fine so it is ready when you need it.",
    ),
    Technique(
        "exercise",
        "Exercise and stretching",
        "Gentle, regular movement keeps muscles and joints working. Hurt does not always mean harm.",
        "Being active is one of the best things you can do for long-term pain, even though it can "
        "feel like the opposite.\n\n"
        "Choose something you enjoy: walking, swimming, a chair-based class, gardening. Start at your "
        "baseline and build up a little each week, as with pacing.\n\n"
        "Stretch gently every day. Hold each stretch for about 20 seconds without bouncing.\n\n"
        "Some extra pain after new activity is normal and settles. If pain is much worse and does not "
        "settle in a day or two, drop back and talk to your GP or physiotherapist.",
    ),
    Technique(
        "sleep",
        "Sleep",
        "A regular routine helps more than a long lie-in. Keep the bed for sleep.",
        "Pain and poor sleep feed each other, so small changes to sleep can help both.\n\n"
        "Get up at the same time every day, even after a bad night. Keep naps short and before 3pm.\n\n"
        "Wind down for an hour before bed: dim lights, no screens, a relaxation exercise.\n\n"
        "If you cannot sleep after about 20 minutes, get up, do something calm in another room, and "
        "go back to bed when you feel sleepy. Cut down on caffeine after midday and on alcohol in the "
        "evening.",
    ),
    Technique(
        "gp-appointment",
        "Preparing for a GP appointment",
        "Make a list and write it down. Take it with you, and someone too if that helps.",
        "Appointments are short, so plan what you want from this one.\n\n"
        "Before you go, write down: what has changed since last time, what you have tried, what helps "
        "and what makes it worse, and the one or two things you most want to ask.\n\n"
        "Bring a list of your medicines, with doses and how often you take them.\n\n"
        "In the appointment, start with your most important question. Ask what happens next, and "
        "write the answer down before you leave. Your set-back plan has a space for what to say to "
        "your GP.",
    ),
)

BY_SLUG = {t.slug: t for t in DEFAULTS}
SLUGS = tuple(BY_SLUG)
