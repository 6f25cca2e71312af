from django import forms
from django.utils.translation import gettext_lazy as _

from followon.core.forms import NhsMessagesMixin
from followon.notifications.models import NotificationPreference

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class PreferencesForm(NhsMessagesMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=NotificationPreference.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how we should contact you")},
    )
    texts = forms.ChoiceField(
        label=_("Do you want text messages about your groups and meetings?"),
        help_text=_(
            "This is the same as texting STOP or START to us. We will always text you sign-in codes you ask for."
        ),
        choices=[("yes", _("Yes, text me")), ("no", _("No, do not text me"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you want text messages")},
    )
    quiet_hours = forms.ChoiceField(
        label=_("Can we text you between 9pm and 8am?"),
        help_text=_(
            "If you choose no, texts that are not urgent wait until 8am. Sign-in codes you ask for come at once."
        ),
        choices=[("no", _("No, wait until 8am")), ("yes", _("Yes, text me at any time"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether we can text you between 9pm and 8am")},
    )
    digest = forms.ChoiceField(
        label=_("How do you want to hear about new posts in your groups?"),
        choices=NotificationPreference.Digest.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you want to hear about new posts")},
    )
    muted_topics = forms.MultipleChoiceField(
        label=_("Groups you do not want messages about"),
        help_text=_("You will still get sign-in codes and anything about your safety."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, topics: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["muted_topics"].choices = topics
        if not topics:
            del self.fields["muted_topics"]

    @classmethod
    def initial_for(cls, user, preference: NotificationPreference) -> dict:
        return {
            "channel": preference.channel or user.preferred_channel or NotificationPreference.Channel.SMS,
            "texts": "no" if preference.sms_stopped else "yes",
            "quiet_hours": "no" if preference.quiet_hours else "yes",
            "digest": preference.digest,
            "muted_topics": list(preference.muted_topics or []),
        }

    def clean_channel(self):
        channel = self.cleaned_data["channel"]
        if channel in ("sms", "both") and not self.user.mobile:
            raise forms.ValidationError(
                _(
                    "We do not have a mobile phone number for you. "
                    "Choose email, or ask your pain service to add your number"
                )
            )
        if channel in ("email", "both") and not self.user.email:
            raise forms.ValidationError(
                _(
                    "We do not have an email address for you. Choose text message, "
                    "or ask your pain service to add your email address"
                )
            )
        return channel
