from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from followon.core.forms import NhsMessagesMixin

# The longest text GOV.UK Notify sends (6 parts of 153 characters); the same limit as a real phone reply.
LONGEST_TEXT = 918


class DemoPhoneReplyForm(NhsMessagesMixin, forms.Form):
    message = forms.CharField(
        label=_("Text"),
        max_length=LONGEST_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example YES, NO, MAYBE, STILL HERE, HELP or STOP, or any message"),
        error_messages={
            "required": _("Enter the text to send"),
            "max_length": lazy(
                lambda: gettext("A text can be up to %(limit)s characters") % {"limit": LONGEST_TEXT}, str
            )(),
        },
    )
