"""0-10 pain intensity and pain interference items (the P and G items of the PEG scale)."""

from .base import NONE_RECORDED, Direction, Item, Questionnaire, ResponseOption, ScoringMethod, ScoringRule, Source


def _zero_to_ten(low: str, high: str) -> tuple[ResponseOption, ...]:
    return (
        ResponseOption(0, f"0 - {low}"),
        *(ResponseOption(value, str(value)) for value in range(1, 10)),
        ResponseOption(10, f"10 - {high}"),
    )


_PEG_SOURCE = Source(
    citation=(
        "Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the PEG, a three-item "
        "scale assessing pain intensity and interference. J Gen Intern Med 2009;24(6):733-738. The 0-10 "
        "numeric rating scale is recommended by IMMPACT (Dworkin et al. Pain 2005;113:9-19)."
    ),
    licence=(
        "The PEG items are published for clinical use without charge; they are adapted from the Brief Pain "
        "Inventory (Cleeland). Confirm terms before any commercial redistribution."
    ),
    notes=(
        "No severity bands: published cut points for 0-10 pain ratings disagree (e.g. Serlin 1995: 5 and 7; "
        "Boonstra 2014: 6 and 8), so the raw score and its change are reported."
    ),
)

PAIN_INTENSITY = Questionnaire(
    id="pain-intensity",
    version="1",
    title="Pain intensity (0 to 10)",
    short_title="Pain intensity",
    instructions="Choose the number that best describes your pain.",
    sms_intro="1 question about your pain in the past week.",
    items=(
        Item(
            id="average_pain",
            text="What number best describes your pain on average in the past week?",
            sms_text="What number best describes your pain on average in the past week?",
            options=_zero_to_ten("No pain", "Pain as bad as you can imagine"),
            sms_reply_hint="0 (no pain) to 10 (pain as bad as you can imagine)",
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SINGLE_ITEM,
        min_total=0,
        max_total=10,
        direction=Direction.HIGHER_IS_WORSE,
        description="The answer itself, 0-10 (PEG item P, Krebs et al. 2009).",
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=_PEG_SOURCE,
)

PAIN_INTERFERENCE = Questionnaire(
    id="pain-interference",
    version="1",
    title="Pain interference (0 to 10)",
    short_title="Pain interference",
    instructions="Choose the number that best describes how much pain has got in the way of your usual activity.",
    sms_intro="1 question about how pain has affected your activity in the past week.",
    items=(
        Item(
            id="general_activity",
            text=(
                "What number best describes how, during the past week, pain has interfered with your general activity?"
            ),
            sms_text="In the past week, how much has pain interfered with your general activity?",
            options=_zero_to_ten("Does not interfere", "Completely interferes"),
            sms_reply_hint="0 (does not interfere) to 10 (completely interferes)",
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SINGLE_ITEM,
        min_total=0,
        max_total=10,
        direction=Direction.HIGHER_IS_WORSE,
        description="The answer itself, 0-10 (PEG item G, Krebs et al. 2009).",
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=_PEG_SOURCE,
)
