"""PHQ-9: the nine-item depression scale of the Patient Health Questionnaire."""

from .base import (
    NONE_RECORDED,
    Band,
    Direction,
    Item,
    MissingItemRule,
    MissingMethod,
    Questionnaire,
    SafetyRule,
    ScoringMethod,
    ScoringRule,
    Source,
)
from .phq_common import DIFFICULTY_OPTIONS, FREQUENCY_OPTIONS, PHQ_LICENCE

_STEM = "Past 2 weeks, how often:"


def _item(number: int, text: str, sms: str) -> Item:
    return Item(id=f"q{number}", text=text, sms_text=f"{_STEM} {sms}?", options=FREQUENCY_OPTIONS)


PHQ9 = Questionnaire(
    id="phq-9",
    version="1",
    title="Patient Health Questionnaire (PHQ-9)",
    short_title="PHQ-9",
    instructions="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    sms_intro=(
        "9 questions about your mood over the last 2 weeks (PHQ-9). Reply to each with a number: "
        "0 not at all, 1 several days, 2 more than half the days, 3 nearly every day."
    ),
    items=(
        _item(1, "Little interest or pleasure in doing things", "little interest or pleasure in doing things"),
        _item(2, "Feeling down, depressed, or hopeless", "feeling down, depressed or hopeless"),
        _item(
            3,
            "Trouble falling or staying asleep, or sleeping too much",
            "trouble falling or staying asleep, or sleeping too much",
        ),
        _item(4, "Feeling tired or having little energy", "feeling tired or having little energy"),
        _item(5, "Poor appetite or overeating", "poor appetite or overeating"),
        _item(
            6,
            "Feeling bad about yourself, or that you are a failure or have let yourself or your family down",
            "feeling bad about yourself, or that you are a failure or have let yourself or your family down",
        ),
        _item(
            7,
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "trouble concentrating on things, such as reading the newspaper or watching TV",
        ),
        _item(
            8,
            "Moving or speaking so slowly that other people could have noticed? Or the opposite, being so "
            "fidgety or restless that you have been moving around a lot more than usual",
            "moving or speaking so slowly that others could notice, or being so fidgety or restless that "
            "you move around a lot more than usual",
        ),
        _item(
            9,
            "Thoughts that you would be better off dead or of hurting yourself in some way",
            "thoughts that you would be better off dead, or of hurting yourself in some way",
        ),
        Item(
            id="difficulty",
            text=(
                "If you checked off any problems, how difficult have these problems made it for you to do "
                "your work, take care of things at home, or get along with other people?"
            ),
            sms_text=(
                "If you have had any of these problems, how difficult have they made it to work, take care "
                "of things at home or get along with other people?"
            ),
            options=DIFFICULTY_OPTIONS,
            scored=False,
            required=False,
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SUM,
        min_total=0,
        max_total=27,
        direction=Direction.HIGHER_IS_WORSE,
        description=(
            "Sum of items 1-9, each 0-3 (total 0-27); the difficulty question is not scored. Severity "
            "bands at 5, 10, 15 and 20 (Kroenke, Spitzer & Williams 2001)."
        ),
    ),
    missing=MissingItemRule(
        method=MissingMethod.PRORATE,
        max_missing=2,
        description=(
            "With 1 or 2 of the 9 items unanswered the total is prorated: mean of the answered items x 9, "
            "rounded to the nearest whole number (halves up). This is the rule validated by Arrieta et al. "
            "2017 (J Clin Psychol 73(9):1076-1090, doi:10.1002/jclp.22390) and the rule of the CMS MDS 3.0 "
            "PHQ-9 (item D0300: sum x 9/8 or x 9/7). With 3 or more unanswered there is no total. The item 9 "
            "safety flag is raised from the answer itself, whatever else is missing."
        ),
    ),
    bands=(
        Band(0, 4, "minimal", "Minimal"),
        Band(5, 9, "mild", "Mild"),
        Band(10, 14, "moderate", "Moderate"),
        Band(15, 19, "moderately_severe", "Moderately severe"),
        Band(20, 27, "severe", "Severe"),
    ),
    safety_rules=(
        SafetyRule(
            item_id="q9",
            min_value=1,
            code="phq9_item9_positive",
            reason="Thoughts of being better off dead or of self-harm on at least several days (PHQ-9 item 9)",
        ),
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=(
            "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. "
            "J Gen Intern Med 2001;16(9):606-613."
        ),
        licence=PHQ_LICENCE,
        url="https://www.phqscreeners.com/",
    ),
    loinc_code="44249-1",
    total_loinc_code="44261-6",
)
