"""Health service use in the last 3 months: a form of counts and a yes/no, not a scale."""

from .base import NONE_RECORDED, Item, ItemKind, Questionnaire, ResponseOption, ScoringMethod, ScoringRule, Source

YES_NO_OPTIONS = (ResponseOption(1, "Yes"), ResponseOption(0, "No"))
_COUNT_HINT = "a number, like 0 or 2"

HEALTH_SERVICE_USE = Questionnaire(
    id="health-service-use",
    version="1",
    title="Use of health services in the last 3 months",
    short_title="Health service use",
    instructions="These questions are about the last 3 months. If you are not sure, give your best guess.",
    sms_intro=(
        "3 questions about using health services in the last 3 months. If you are not sure, give your best guess."
    ),
    items=(
        Item(
            id="gp_visits",
            text="In the last 3 months, how many times have you seen or spoken to a GP about your pain?",
            sms_text="In the last 3 months, how many times have you seen or spoken to a GP about your pain?",
            kind=ItemKind.COUNT,
            min_value=0,
            max_value=99,
            scored=False,
            hint="Include phone and video appointments. Enter 0 if none.",
            sms_reply_hint=_COUNT_HINT,
        ),
        Item(
            id="ae_visits",
            text="In the last 3 months, how many times have you been to A&E (accident and emergency)?",
            sms_text="In the last 3 months, how many times have you been to A&E?",
            kind=ItemKind.COUNT,
            min_value=0,
            max_value=99,
            scored=False,
            hint="Enter 0 if none.",
            sms_reply_hint=_COUNT_HINT,
        ),
        Item(
            id="medication_changed",
            text="In the last 3 months, has your pain medication changed?",
            sms_text="In the last 3 months, has your pain medication changed (started, stopped or a different dose)?",
            kind=ItemKind.YES_NO,
            options=YES_NO_OPTIONS,
            scored=False,
            hint="For example, a medicine started or stopped, or a different dose.",
        ),
    ),
    scoring=ScoringRule(
        method=ScoringMethod.NONE,
        description="Not a scale: each answer is reported as it is (counts of visits, and yes or no).",
    ),
    # Validated translations (issue 18 item 6): none recorded. FollowOn holds the English wording only,
    # so members reading in Welsh, Urdu or Polish are offered it in English and told why.
    translations=NONE_RECORDED,
    source=Source(
        citation=(
            "Written for FollowOn from the study's call to measure 'how much patients use health services' "
            "(Farr et al., patient-led peer support groups after NHS pain management programmes)."
        ),
        licence="FollowOn's own wording; no restrictions.",
    ),
)
