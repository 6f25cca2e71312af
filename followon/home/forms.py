from django import forms

from followon.core.forms import NhsMessagesMixin

# The longest text GOV.UK Notify sends (6 parts of 153 characters); the same limit as a real phone reply.
LONGEST_TEXT = 918


class DemoPhoneReplyForm(NhsMessagesMixin, forms.Form):
    message = forms.CharField(
        label="Text",
        max_length=LONGEST_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example YES, NO, MAYBE, STILL HERE, HELP or STOP, or any message",
        error_messages={
            "required": "Enter the text to send",
            "max_length": f"A text can be up to {LONGEST_TEXT} characters",
        },
    )
