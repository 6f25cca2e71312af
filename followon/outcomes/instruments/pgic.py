"""PGIC: the Patient Global Impression of Change (7 categories)."""

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

PGIC = Questionnaire(
    id="pgic",
    version="1",
    title="Patient Global Impression of Change (PGIC)",
    short_title="PGIC",
    instructions="",
    sms_intro="1 question about any change in your overall condition since your pain management programme started.",
    items=(
        Item(
            id="q1",
            text=(
                "Since the start of your pain management programme, how would you describe the change (if any) "
                "in your overall status?"
            ),
            sms_text="Since your pain management programme started, how is your overall status?",
            options=(
                ResponseOption(1, "Very much improved"),
                ResponseOption(2, "Much improved"),
                ResponseOption(3, "Minimally improved"),
                ResponseOption(4, "No change"),
                ResponseOption(5, "Minimally worse"),
                ResponseOption(6, "Much worse"),
                ResponseOption(7, "Very much worse"),
            ),
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.SINGLE_ITEM,
        min_total=1,
        max_total=7,
        direction=Direction.HIGHER_IS_WORSE,
        description=(
            "A category, 1 very much improved to 7 very much worse (Guy 1976; Farrar et al. 2001). 'Much' or "
            "'very much improved' is the IMMPACT benchmark for a clinically important improvement "
            "(Dworkin et al. 2008)."
        ),
    ),
    bands=(
        Band(1, 2, "much_improved", "Much or very much improved"),
        Band(3, 3, "minimally_improved", "Minimally improved"),
        Band(4, 4, "no_change", "No change"),
        Band(5, 7, "worse", "Worse"),
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=(
            "Guy W. ECDEU Assessment Manual for Psychopharmacology (Clinical Global Impressions). US DHEW, 1976. "
            "Farrar JT, Young JP, LaMoreaux L, et al. Clinical importance of changes in chronic pain intensity "
            "measured on an 11-point numerical pain rating scale. Pain 2001;94(2):149-158. Dworkin RH, et al. "
            "Interpreting the clinical importance of treatment outcomes in chronic pain clinical trials: "
            "IMMPACT recommendations. J Pain 2008;9(2):105-121."
        ),
        licence="Public domain (US government publication, Guy 1976).",
        notes="Anchored to the start of the programme so that every follow-up (3, 6, 12 months) asks the same thing.",
    ),
)
