"""GAD-7: the seven-item generalised anxiety disorder scale."""

from .base import (
    NONE_RECORDED,
    Band,
    Direction,
    Item,
    MissingItemRule,
    MissingMethod,
    Questionnaire,
    ScoringMethod,
    ScoringRule,
    Source,
)
from .phq_common import FREQUENCY_OPTIONS, PHQ_LICENCE

_STEM = "Past 2 weeks, how often:"

_ITEMS = (
    ("Feeling nervous, anxious, or on edge", "feeling nervous, anxious or on edge"),
    ("Not being able to stop or control worrying", "not being able to stop or control worrying"),
    ("Worrying too much about different things", "worrying too much about different things"),
    ("Trouble relaxing", "trouble relaxing"),
    ("Being so restless that it is hard to sit still", "being so restless that it is hard to sit still"),
    ("Becoming easily annoyed or irritable", "becoming easily annoyed or irritable"),
    ("Feeling afraid, as if something awful might happen", "feeling afraid, as if something awful might happen"),
)

GAD7 = Questionnaire(
    id="gad-7",
    version="1",
    title="Generalised Anxiety Disorder assessment (GAD-7)",
    short_title="GAD-7",
    instructions="Over the last 2 weeks, how often have you been bothered by the following problems?",
    sms_intro=(
        "7 questions about worry and anxiety over the last 2 weeks (GAD-7). Reply to each with a number: "
        "0 not at all, 1 several days, 2 more than half the days, 3 nearly every day."
    ),
    items=tuple(
        Item(id=f"q{number}", text=text, sms_text=f"{_STEM} {sms}?", options=FREQUENCY_OPTIONS)
        for number, (text, sms) in enumerate(_ITEMS, start=1)
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SUM,
        min_total=0,
        max_total=21,
        direction=Direction.HIGHER_IS_WORSE,
        description="Sum of items 1-7, each 0-3 (total 0-21); cut points 5, 10 and 15 (Spitzer et al. 2006).",
    ),
    missing=MissingItemRule(
        method=MissingMethod.PRORATE,
        max_missing=1,
        description=(
            "The GAD-7's authors publish no missing-item rule. We prorate only when 1 of the 7 items is "
            "unanswered (mean of the 6 answered x 7, rounded halves up) and give no total with 2 or more "
            "missing. This keeps the share of imputed items within the PHQ-9's validated limit (2 of 9, "
            "22%; Arrieta et al. 2017): allowing 2 of 7 would impute 29%."
        ),
    ),
    bands=(
        Band(0, 4, "minimal", "Minimal"),
        Band(5, 9, "mild", "Mild"),
        Band(10, 14, "moderate", "Moderate"),
        Band(15, 21, "severe", "Severe"),
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=(
            "Spitzer RL, Kroenke K, Williams JBW, Lowe B. A brief measure for assessing generalized anxiety "
            "disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097."
        ),
        licence=PHQ_LICENCE,
        url="https://www.phqscreeners.com/",
    ),
    loinc_code="69737-5",
    total_loinc_code="70274-6",
)
