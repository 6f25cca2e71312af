"""PSEQ-10: the Pain Self-Efficacy Questionnaire (Nicholas)."""

from .base import (
    NONE_RECORDED,
    Band,
    Direction,
    Item,
    MissingItemRule,
    MissingMethod,
    Questionnaire,
    ResponseOption,
    ScoringMethod,
    ScoringRule,
    Source,
)

CONFIDENCE_OPTIONS = (
    ResponseOption(0, "0 - Not at all confident"),
    *(ResponseOption(value, str(value)) for value in range(1, 6)),
    ResponseOption(6, "6 - Completely confident"),
)
_SMS_REPLY = "0 (not at all confident) to 6 (completely confident)"

# (item wording as published by Nicholas 2007, short SMS wording)
_ITEMS = (
    ("I can enjoy things, despite the pain.", "enjoy things, despite the pain"),
    (
        "I can do most of the household chores (e.g. tidying-up, washing dishes, etc.), despite the pain.",
        "do most household chores (like tidying up or washing dishes), despite the pain",
    ),
    (
        "I can socialise with my friends or family members as often as I used to do, despite the pain.",
        "socialise with friends or family as often as you used to, despite the pain",
    ),
    ("I can cope with my pain in most situations.", "cope with your pain in most situations"),
    (
        'I can do some form of work, despite the pain. ("work" includes housework, paid and unpaid work).',
        "do some form of work (including housework, paid and unpaid work), despite the pain",
    ),
    (
        "I can still do many of the things I enjoy doing, such as hobbies or leisure activity, despite pain.",
        "still do many of the things you enjoy, like hobbies or leisure activity, despite the pain",
    ),
    ("I can cope with my pain without medication.", "cope with your pain without medication"),
    (
        "I can still accomplish most of my goals in life, despite the pain.",
        "still achieve most of your goals in life, despite the pain",
    ),
    ("I can live a normal lifestyle, despite the pain.", "live a normal lifestyle, despite the pain"),
    ("I can gradually become more active, despite the pain.", "gradually become more active, despite the pain"),
)

PSEQ10 = Questionnaire(
    id="pseq-10",
    version="1",
    title="Pain Self-Efficacy Questionnaire (PSEQ)",
    short_title="PSEQ",
    instructions=(
        "Please rate how confident you are that you can do the following things at present, despite the "
        "pain. Choose a number from 0 (not at all confident) to 6 (completely confident). This is not asking "
        "whether or not you have been doing these things, but how confident you are that you can do them at "
        "present, despite the pain."
    ),
    sms_intro=(
        "10 questions about how confident you are that you can do things now, despite the pain (PSEQ). "
        "Reply to each with a number from 0 (not at all confident) to 6 (completely confident)."
    ),
    items=tuple(
        Item(
            id=f"q{number}",
            text=text,
            sms_text=f"How confident are you that you can {sms}?",
            options=CONFIDENCE_OPTIONS,
            sms_reply_hint=_SMS_REPLY,
        )
        for number, (text, sms) in enumerate(_ITEMS, start=1)
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SUM,
        min_total=0,
        max_total=60,
        direction=Direction.HIGHER_IS_BETTER,
        description=(
            "Sum of the 10 items, each 0-6 (total 0-60); higher means more confidence in doing things despite "
            "the pain (Nicholas 2007). Severity ranges as used by the Electronic Persistent Pain Outcomes "
            "Collaboration (ePPOC): severe 0-19, moderate 20-30, mild 31-40, minimal 41-60."
        ),
    ),
    missing=MissingItemRule(
        method=MissingMethod.PRORATE,
        max_missing=2,
        description=(
            "Nicholas 2007 gives no missing-item rule. We use the common rule of prorating when no more than 2 "
            "of the 10 items are unanswered (mean of the answered items x 10, rounded halves up), the same "
            "share of imputed items (at most 20%) as the PHQ-9 rule validated by Arrieta et al. 2017. With 3 "
            "or more unanswered there is no total."
        ),
    ),
    bands=(
        Band(0, 19, "severe", "Severe"),
        Band(20, 30, "moderate", "Moderate"),
        Band(31, 40, "mild", "Mild"),
        Band(41, 60, "minimal", "Minimal"),
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=(
            "Nicholas MK. The pain self-efficacy questionnaire: taking pain into account. Eur J Pain "
            "2007;11(2):153-163. First presented: Nicholas MK, Self-efficacy and chronic pain, Annual "
            "Conference of the British Psychological Society, St Andrews, 1989."
        ),
        licence=(
            "Copyright M.K. Nicholas. The wording is widely reproduced for clinical and research use without "
            "charge (item wording as in the appendix of Nicholas 2007). Confirm terms with the author before "
            "any commercial redistribution outside NHS clinical use."
        ),
        notes="Bands: ePPOC (Australasian Electronic Persistent Pain Outcomes Collaboration) severity ranges.",
    ),
)
