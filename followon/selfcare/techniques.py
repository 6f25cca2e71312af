"""The technique library's shipped pages. A service admin can rewrite any of them for their service.

Plain English, short, and in the words pain management programmes use. Each paragraph is a
msgid (marked with gettext_noop), so FollowOn's own pages are shown in the member's language;
a service's own version (TechniquePage) is its staff's words, shown as written (presenters.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class Technique:
    slug: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        """The page text as a service admin edits it: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


DEFAULTS: tuple[Technique, ...] = (
    Technique(
        "pacing",
        N_("Pacing"),
        N_("Do a bit less than you can on a good day, and a bit more than you feel like on a bad one."),
        (
            N_("Pacing means spreading activity out so that pain does not decide your day for you."),
            N_(
                "Find your baseline: how long you can do something before pain starts to flare. Time it "
                "on an ordinary day, not your best one. Start a little below it."
            ),
            N_(
                "Build up slowly and on a plan, not on how you feel. Adding 10% a week, or a minute or "
                "two, is enough. If you have a set-back, go back to a level you managed easily and "
                "build up again."
            ),
            N_(
                "Break big jobs into parts and take short breaks before you need them. Groups often "
                "say: one of us will remind the other to slow down."
            ),
        ),
    ),
    Technique(
        "relaxation",
        N_("Relaxation"),
        N_("A few minutes of slow breathing or letting go of tension, every day, not only when pain is bad."),
        (
            N_("Relaxation calms the body's alarm system, which can turn pain up."),
            N_(
                "Try slow breathing: breathe in gently through your nose for a count of 4, and out "
                "through your mouth for a count of 6. Do this for 3 to 5 minutes."
            ),
            N_(
                "Or tense and let go: tighten one group of muscles for 5 seconds, then let them go and "
                "notice the difference. Work from your feet up to your face."
            ),
            N_(
                "It works best as a habit. Pick a regular time, like after a cup of tea, and practise "
                "when you feel fine so it is ready when you need it."
            ),
        ),
    ),
    Technique(
        "exercise",
        N_("Exercise and stretching"),
        N_("Gentle, regular movement keeps muscles and joints working. Hurt does not always mean harm."),
        (
            N_(
                "Being active is one of the best things you can do for long-term pain, even though it "
                "can feel like the opposite."
            ),
            N_(
                "Choose something you enjoy: walking, swimming, a chair-based class, gardening. Start "
                "at your baseline and build up a little each week, as with pacing."
            ),
            N_("Stretch gently every day. Hold each stretch for about 20 seconds without bouncing."),
            N_(
                "Some extra pain after new activity is normal and settles. If pain is much worse and "
                "does not settle in a day or two, drop back and talk to your GP or physiotherapist."
            ),
        ),
    ),
    Technique(
        "sleep",
        N_("Sleep"),
        N_("A regular routine helps more than a long lie-in. Keep the bed for sleep."),
        (
            N_("Pain and poor sleep feed each other, so small changes to sleep can help both."),
            N_("Get up at the same time every day, even after a bad night. Keep naps short and before 3pm."),
            N_("Wind down for an hour before bed: dim lights, no screens, a relaxation exercise."),
            N_(
                "If you cannot sleep after about 20 minutes, get up, do something calm in another room, "
                "and go back to bed when you feel sleepy. Cut down on caffeine after midday and on "
                "alcohol in the evening."
            ),
        ),
    ),
    Technique(
        "gp-appointment",
        N_("Preparing for a GP appointment"),
        N_("Make a list and write it down. Take it with you, and someone too if that helps."),
        (
            N_("Appointments are short, so plan what you want from this one."),
            N_(
                "Before you go, write down: what has changed since last time, what you have tried, what "
                "helps and what makes it worse, and the one or two things you most want to ask."
            ),
            N_("Bring a list of your medicines, with doses and how often you take them."),
            N_(
                "In the appointment, start with your most important question. Ask what happens next, "
                "and write the answer down before you leave. Your set-back plan has a space for what to "
                "say to your GP."
            ),
        ),
    ),
)

BY_SLUG = {t.slug: t for t in DEFAULTS}
SLUGS = tuple(BY_SLUG)
