"""Response options shared by the PHQ-9 and the GAD-7 (same four frequency options, 0-3)."""

from .base import ResponseOption

FREQUENCY_OPTIONS = (
    ResponseOption(0, "Not at all"),
    ResponseOption(1, "Several days"),
    ResponseOption(2, "More than half the days", sms_label="over half the days"),
    ResponseOption(3, "Nearly every day"),
)

# The "difficulty" question that follows the PHQ-9 (and the GAD-7) on the original forms. It is
# asked only when at least one problem was reported and is never part of the total.
DIFFICULTY_OPTIONS = (
    ResponseOption(0, "Not difficult at all"),
    ResponseOption(1, "Somewhat difficult"),
    ResponseOption(2, "Very difficult"),
    ResponseOption(3, "Extremely difficult"),
)

PHQ_LICENCE = (
    "Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
    "educational grant from Pfizer Inc. No permission is required to reproduce, translate, display or "
    "distribute (PHQ Screeners, www.phqscreeners.com)."
)
