"""Members: their programmes, the follow-on question (signed in or by link) and the contact exchange."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.forms import attach_errors
from followon.programmes import forms, selectors, services
from followon.programmes.access import access_enrolment_for_member
from followon.programmes.models import MemberLink
from followon.programmes.protocol_defaults import sheet_in_language

# Members -------------------------------------------------------------------------------


@member_required
def my_programmes(request):
    enrolments = list(selectors.member_enrolments(request.user))
    return render(
        request, "programmes/my_programmes.jinja", {"page_title": _("Your programmes"), "enrolments": enrolments}
    )


@member_required
def my_programme(request, public_id):
    enrolment = access_enrolment_for_member(request.user, public_id)
    programme = enrolment.programme
    sheet = services.information_sheet_ensure(service=programme.service)
    sheet_title, sheet_paragraphs = sheet_in_language(sheet.title, sheet.paragraphs)
    return render(
        request,
        "programmes/my_programme.jinja",
        {
            "page_title": programme.title,
            "enrolment": enrolment,
            "programme": programme,
            "sessions": selectors.member_programme_sessions(enrolment),
            "stage": selectors.programme_stage(programme),
            "interest": selectors.member_interest(enrolment),
            "sharing": selectors.member_sharing(enrolment),
            "sheet_title": sheet_title,
            "sheet_paragraphs": sheet_paragraphs,
            "groups": list(selectors.programme_open_groups_for_member(enrolment)),
        },
    )


def _interest_form_page(request, enrolment, *, via, action_url, template, extra=None):
    interest = selectors.member_interest(enrolment)
    form = forms.InterestForm(
        request.POST if request.method == "POST" else None, initial=forms.InterestForm.initial_from(interest)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_record(
                enrolment=enrolment,
                actor=request.user if request.user.is_authenticated else None,
                via=via,
                **form.cleaned_data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return None
    context = {
        "page_title": _("Would you like to join a follow-on group?"),
        "form": form,
        "programme": enrolment.programme,
        "enrolment": enrolment,
        "interest": interest,
        "action_url": action_url,
    }
    context.update(extra or {})
    return render(request, template, context)


@member_required
def my_interest(request, public_id):
    enrolment = access_enrolment_for_member(request.user, public_id)
    response = _interest_form_page(
        request,
        enrolment,
        via="web",
        action_url=reverse("programmes:my-interest", args=[public_id]),
        template="programmes/my_interest.jinja",
    )
    if response is not None:
        return response
    messages.success(request, _("Thank you. Your answer has been saved. You can change it at any time"))
    return redirect("programmes:my-programme", public_id)


@never_cache
@require_http_methods(["GET", "POST"])
def interest_link(request, token):
    """The follow-on group question from a link in a text message or email.

    No sign-in: the link's token is the key, bound to one member on one
    programme and to this purpose only, and it expires. The page shows no
    contact details, and the answer can be changed with the same link.
    """
    link = selectors.member_link_find(token, MemberLink.Purpose.INTEREST)
    if link is None:
        response = render(
            request,
            "programmes/link_expired.jinja",
            {"page_title": _("This link has expired or is not valid")},
            status=404,
        )
    else:
        services.member_link_used(link=link)
        enrolment = link.enrolment
        response = _interest_form_page(
            request,
            enrolment,
            via="sms_link",
            action_url=request.path,
            template="programmes/link_interest.jinja",
            extra={"expires_at": link.expires_at},
        )
        if response is None:
            response = render(
                request,
                "programmes/link_thanks.jinja",
                {
                    "page_title": _("Thank you, your answer has been saved"),
                    "programme": enrolment.programme,
                    "expires_at": link.expires_at,
                },
            )
    # The token is in the address: never keep the page or index it. The site's
    # Referrer-Policy (same-origin) keeps it from other sites; "no-referrer"
    # would make browsers send "Origin: null" and fail the CSRF check.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@member_required
def my_contacts(request, public_id):
    enrolment = access_enrolment_for_member(request.user, public_id)
    sharing = selectors.member_sharing(enrolment)
    contacts = selectors.programme_contact_list(enrolment, sharing) if sharing else None
    return render(
        request,
        "programmes/my_contacts.jinja",
        {
            "page_title": _("Contact details from your programme"),
            "programme": enrolment.programme,
            "sharing": sharing,
            "contacts": contacts,
        },
    )


@member_required
def my_contact_sharing(request, public_id):
    enrolment = access_enrolment_for_member(request.user, public_id)
    notice = services.contact_notice_ensure(service=enrolment.programme.service)
    sharing = selectors.member_sharing(enrolment)
    form = forms.ContactSharingForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"fields_shared": sorted(sharing)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_sharing_set(
                enrolment=enrolment, actor=request.user, fields=form.cleaned_data["fields_shared"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _("Your choices could not be saved. Try again"))
            del error
        else:
            shared = form.cleaned_data["fields_shared"]
            messages.success(
                request,
                _("You are sharing your contact details with the others who share theirs")
                if shared
                else _("You are not sharing any contact details. Others can no longer see them"),
            )
            return redirect("programmes:my-contacts", public_id)
    return render(
        request,
        "programmes/my_contact_sharing.jinja",
        {
            "page_title": _("Share your contact details"),
            "programme": enrolment.programme,
            "form": form,
            "notice": notice,
        },
    )
