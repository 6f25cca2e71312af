"""The ONS national indicators of loneliness: the UCLA 3-item scale and the direct question.

ONS recommends asking both; they are scored separately and never added together.
"""

from .base import (
    NONE_RECORDED,
    Band,
    Direction,
    Item,
    Questionnaire,
    ResponseOption,
    ScoringMethod,
    ScoringRule,
    Source,
)

_ONS_GUIDANCE = (
    "Office for National Statistics. Measuring loneliness: guidance for use of the national indicators on "
    "surveys. 2018."
)
_ONS_URL = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/wellbeing/methodologies/"
    "measuringlonelinessguidanceforuseofthenationalindicatorsonsurveys"
)

UCLA_OPTIONS = (
    ResponseOption(1, "Hardly ever or never"),
    ResponseOption(2, "Some of the time"),
    ResponseOption(3, "Often"),
)

UCLA3 = Questionnaire(
    id="ucla-3-loneliness",
    version="1",
    title="Loneliness (UCLA 3-item scale)",
    short_title="UCLA loneliness",
    instructions="The next questions are about how you feel about different aspects of your life.",
    sms_intro=(
        "3 questions about how you feel about parts of your life. Reply to each with a number: "
        "1 hardly ever or never, 2 some of the time, 3 often."
    ),
    items=(
        Item(
            id="q1",
            text="How often do you feel that you lack companionship?",
            sms_text="How often do you feel that you lack companionship?",
            options=UCLA_OPTIONS,
        ),
        Item(
            id="q2",
            text="How often do you feel left out?",
            sms_text="How often do you feel left out?",
            options=UCLA_OPTIONS,
        ),
        Item(
            id="q3",
            text="How often do you feel isolated from others?",
            sms_text="How often do you feel isolated from others?",
            options=UCLA_OPTIONS,
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SUM,
        min_total=3,
        max_total=9,
        direction=Direction.HIGHER_IS_WORSE,
        description=(
            "Sum of the 3 items, each 1-3 (total 3-9); higher means lonelier (Hughes et al. 2004; ONS 2018). "
            "Not banded: ONS sets no threshold for this score, and we do not invent one."
        ),
    ),
    # The default rule (no total unless all three are answered): with three items one answer is a third
    # of the scale, too much to impute.
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=(
            "Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness in large "
            f"surveys. Res Aging 2004;26(6):655-672. {_ONS_GUIDANCE}"
        ),
        licence="Published for free use; ONS guidance under the Open Government Licence v3.0.",
        url=_ONS_URL,
    ),
)

ONS_DIRECT_LONELINESS = Questionnaire(
    id="ons-direct-loneliness",
    version="1",
    title="Loneliness (ONS direct question)",
    short_title="ONS loneliness question",
    instructions="",
    sms_intro="1 question about feeling lonely.",
    items=(
        Item(
            id="q1",
            text="How often do you feel lonely?",
            sms_text="How often do you feel lonely?",
            options=(
                ResponseOption(1, "Often/always", sms_label="often or always"),
                ResponseOption(2, "Some of the time"),
                ResponseOption(3, "Occasionally"),
                ResponseOption(4, "Hardly ever"),
                ResponseOption(5, "Never"),
            ),
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SINGLE_ITEM,
        min_total=1,
        max_total=5,
        direction=Direction.HIGHER_IS_BETTER,
        description=(
            "A category, not a scale score: reported as the answer (ONS codes 1 often/always to 5 never). "
            "ONS reports 'often/always' as chronic loneliness. Never added to the UCLA score."
        ),
    ),
    bands=(
        Band(1, 1, "often_always", "Often/always"),
        Band(2, 2, "some_of_the_time", "Some of the time"),
        Band(3, 3, "occasionally", "Occasionally"),
        Band(4, 4, "hardly_ever", "Hardly ever"),
        Band(5, 5, "never", "Never"),
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=f"{_ONS_GUIDANCE} (Community Life Survey question).",
        licence="Open Government Licence v3.0.",
        url=_ONS_URL,
    ),
)
