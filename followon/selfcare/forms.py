"""Forms for the self-management tools. They parse and describe input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from followon.core.forms import DateFieldsMixin, NhsDateField, NhsMessagesMixin
from followon.selfcare.models import CheckIn, CheckInTextSchedule, Goal, GoalProgress, PacingActivity

CONFIDENCE_ERROR = _("Confidence must be a whole number from 0 to 10")


def _int_field(label, *, error, required=True, help_text="", width="nhsuk-input--width-3", **kwargs):
    messages = {"required": error, "invalid": error, "min_value": error, "max_value": error}
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages=messages,
        widget=forms.TextInput(attrs={"class": width, "inputmode": "numeric", "autocomplete": "off"}),
        **kwargs,
    )


class GoalForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    what = forms.CharField(
        label=_("What do you want to do?"),
        max_length=200,
        help_text=_("Something you choose, for example: walk to the post box and back"),
        error_messages={"required": _("Enter what you want to do")},
    )
    how_much = forms.CharField(
        label=_("How much or how often?"),
        max_length=200,
        required=False,
        help_text=_("This makes it measurable, for example: 3 times a week, or for 10 minutes"),
    )
    when = forms.CharField(
        label=_("When will you do it?"),
        max_length=200,
        required=False,
        help_text=_("For example: Monday, Wednesday and Friday mornings"),
    )
    target_date = NhsDateField(
        label=_("By when (optional)"),
        label_lower=pgettext_lazy("a field, in an error message", "date to reach it by"),
        required=False,
    )
    confidence = _int_field(
        _("How confident are you that you can do it, from 0 to 10?"),
        error=CONFIDENCE_ERROR,
        help_text=_("0 is not at all, 10 is completely. If it is below 7, try making the goal a little smaller"),
        min_value=0,
        max_value=10,
    )
    review = forms.ChoiceField(
        label=_("When do you want to look at how it is going?"),
        choices=Goal.Review.choices,
        initial=Goal.Review.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when to look at how it is going")},
    )
    steps = forms.CharField(
        label=_("Steps (optional)"),
        required=False,
        help_text=_("Break it into small steps, one on each line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1600,
    )

    def step_list(self) -> list[str]:
        return [line for line in (self.cleaned_data.get("steps") or "").splitlines() if line.strip()]

    def looks_measurable(self) -> bool:
        data = self.cleaned_data
        return bool((data.get("how_much") or "").strip() or any(c.isdigit() for c in data.get("what") or ""))


class GoalEditForm(GoalForm):
    status = forms.ChoiceField(
        label=_("Where are you with this goal?"),
        choices=Goal.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where you are with this goal")},
    )
    steps = None


class ProgressForm(NhsMessagesMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it go this week?"),
        choices=GoalProgress.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose done, partly or not this week"),
            "invalid_choice": _("Choose done, partly or not this week"),
        },
    )


class StepForm(NhsMessagesMixin, forms.Form):
    text = forms.CharField(label=_("Add a step"), max_length=200, error_messages={"required": _("Enter a step")})


class ShareForm(NhsMessagesMixin, forms.Form):
    groups = forms.MultipleChoiceField(
        label=_("Share with"),
        required=False,
        error_messages={"invalid_choice": _("Select only groups you are a member of")},
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of a group you tick can see it at their meetings. Leave all unticked to keep it private"),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_objects = {str(g.public_id): g for g in groups}
        self.fields["groups"].choices = [(str(g.public_id), g.name) for g in groups]

    def group_ids(self) -> set[int]:
        return {self.group_objects[key].pk for key in self.cleaned_data["groups"]}


class PacingActivityForm(NhsMessagesMixin, forms.Form):
    name = forms.CharField(
        label=_("Activity"),
        max_length=120,
        help_text=_("For example: walking, gardening, standing to cook"),
        error_messages={"required": _("Enter the activity")},
    )
    baseline_minutes = _int_field(
        _("Your baseline, in minutes"),
        error=_("Baseline must be a number of minutes from 1 to 600"),
        help_text=_("How long you can do it on an ordinary day before pain starts to flare"),
    )
    build_up = forms.ChoiceField(
        label=_("How do you want to build up?"),
        choices=PacingActivity.BuildUp.choices,
        initial=PacingActivity.BuildUp.PERCENT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to build up")},
    )
    build_up_amount = _int_field(
        _("How much each week?"),
        error=_("Build-up must be a whole number"),
        help_text=_("A percentage (10 is usual) or a number of minutes (1 or 2 is usual)"),
        initial=10,
    )


class PacingLogForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    done_on = NhsDateField(
        label=_("When did you do it?"), label_lower=pgettext_lazy("a field, in an error message", "date you did it")
    )
    minutes = _int_field(
        _("For how many minutes?"), error=_("Minutes must be a number from 0 to 1440"), min_value=0, max_value=1440
    )
    flare = forms.BooleanField(label=_("My pain flared afterwards"), required=False)


class SetbackPlanForm(NhsMessagesMixin, forms.Form):
    what_helps = forms.CharField(
        label=_("What helps me in a set-back"),
        required=False,
        max_length=2000,
        help_text=_("For example: heat, relaxation, short walks, a film, ringing a friend"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    what_to_stop = forms.CharField(
        label=_("What I will stop or cut down for a few days"),
        required=False,
        max_length=2000,
        help_text=_("For example: lifting, long drives, the big shop"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    who_to_tell = forms.CharField(
        label=_("Who I will tell, and what I will ask them"),
        required=False,
        max_length=2000,
        help_text=_("For example: my partner, to do the school run; my group, to check in with me"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    gp_notes = forms.CharField(
        label=_("What I will say to my GP"),
        required=False,
        max_length=2000,
        help_text=_("Make a list and write it down: what has changed, what you have tried, what you want to ask"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SendPlanForm(NhsMessagesMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Send it to"),
        choices=[("sms", _("My mobile, as a short text")), ("email", _("My email, the whole plan"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose text or email")},
    )


class CheckInForm(NhsMessagesMixin, forms.Form):
    pain_interference = _int_field(
        _("How much has pain got in the way of what you wanted to do this week, from 0 to 10?"),
        error=_("Pain interference must be a whole number from 0 to 10"),
        required=False,
        help_text=_("0 is not at all, 10 is completely"),
        min_value=0,
        max_value=10,
    )
    mood = forms.ChoiceField(
        label=_("How has your mood been?"),
        choices=CheckIn.Mood.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    activity = forms.ChoiceField(
        label=_("How active have you been?"),
        choices=CheckIn.Activity.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    free_text = forms.CharField(
        label=_("Anything else about your week? (optional)"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("Your note must be 300 characters or fewer")},
    )


class CheckInTextsForm(NhsMessagesMixin, forms.Form):
    active = forms.BooleanField(label=_("Send me a weekly check-in by text"), required=False)
    weekday = forms.TypedChoiceField(
        label=_("Which day?"),
        choices=CheckInTextSchedule.Weekday.choices,
        coerce=int,
        initial=CheckInTextSchedule.Weekday.FRIDAY,
        help_text=_("We send it at about 5pm. Reply with a number from 0 to 10, and a few words if you like."),
        error_messages={"required": _("Choose the day you would like the text"), "invalid_choice": _("Choose a day")},
    )


class TechniquePageForm(NhsMessagesMixin, forms.Form):
    # The words are the service's own, in English (a member's page marks them lang="en" when it is in
    # another language, selfcare/presenters.py), so the fields say so too.
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Enter a title")},
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=_("One sentence shown in the list of pages"),
        error_messages={"required": _("Enter a short summary")},
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    body = forms.CharField(
        label=_("Page text"),
        max_length=6000,
        help_text=_("Plain English. Leave a blank line between paragraphs"),
        widget=forms.Textarea(attrs={"rows": 14, "lang": "en"}),
        error_messages={"required": _("Enter the page text")},
    )
