from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from followon.conversations.models import POST_MAX_CHARS
from followon.conversations.services import AGREEMENT_MAX_CHARS
from followon.core.forms import NhsMessagesMixin


class PostForm(NhsMessagesMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Write a post"),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
        error_messages={"required": gettext_lazy("Enter your message")},
        help_text=format_lazy(
            gettext_lazy("Your group will see it. Up to {count} characters."), count=f"{POST_MAX_CHARS:,}"
        ),
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > POST_MAX_CHARS:
            raise forms.ValidationError(
                gettext("Your message must be %(most)s characters or fewer. It is %(count)s characters.")
                % {"most": f"{POST_MAX_CHARS:,}", "count": f"{len(body):,}"}
            )
        return body


class ReplyForm(PostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = gettext_lazy("Reply")
        self.fields["body"].help_text = ""
        self.fields["body"].widget.attrs["rows"] = 2


class ReportForm(NhsMessagesMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What worries you about this post? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Your coordinators and the pain service will see this. "
            "The person who wrote the post will not be told who reported it."
        ),
        error_messages={"max_length": gettext_lazy("Your reason must be 1,000 characters or fewer")},
    )


class AgreementForm(NhsMessagesMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your group's agreement"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": gettext_lazy("Enter your group's agreement")},
        help_text=gettext_lazy("Everyone in the group can change it. Talk about changes at a meeting first."),
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > AGREEMENT_MAX_CHARS:
            raise forms.ValidationError(
                gettext("The agreement must be %(most)s characters or fewer") % {"most": f"{AGREEMENT_MAX_CHARS:,}"}
            )
        return body
