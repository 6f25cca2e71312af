"""Check-ins, on the page and by weekly text."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.selfcare import forms, selectors, services
from followon.selfcare.views.common import _data, _save

# -- check-ins ----------


def _checkin_page(request, form, texts_form, *, status=200):
    return render(
        request,
        "selfcare/checkin.jinja",
        {
            "page_title": _("Weekly check-in"),
            "form": form,
            "texts_form": texts_form,
            "texts": selectors.checkin_text_schedule(request.user),
            "history": selectors.member_checkins(request.user),
            "this_week": selectors.checkin_this_week(request.user),
        },
        status=status,
    )


def _texts_form(request, data=None):
    schedule = selectors.checkin_text_schedule(request.user)
    initial = {"active": bool(schedule and schedule.active)}
    if schedule is not None:
        initial["weekday"] = schedule.weekday
    return forms.CheckInTextsForm(data, initial=initial)


@member_required
def checkin(request):
    form = forms.CheckInForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.checkin_submit(
                owner=request.user,
                pain_interference=data["pain_interference"],
                mood=data["mood"],
                activity=data["activity"],
                free_text=data["free_text"],
            ),
        )
        if saved is not None:
            if saved.flagged:
                return render(
                    request,
                    "selfcare/checkin_flagged.jinja",
                    {"page_title": _("Thank you for checking in"), "checkin": saved},
                )
            messages.success(request, _("Thank you for checking in"))
            return redirect("selfcare:checkin")
    return _checkin_page(request, form, _texts_form(request), status=400 if form.errors else 200)


@member_required
@require_POST
def checkin_texts(request):
    texts_form = _texts_form(request, request.POST)
    if texts_form.is_valid():
        data = texts_form.cleaned_data
        saved = _save(
            texts_form,
            lambda: services.checkin_texts_set(owner=request.user, active=data["active"], weekday=data["weekday"]),
        )
        if saved is not None:
            if saved.active:
                messages.success(
                    request, _("We will text you a check-in every %(day)s") % {"day": saved.get_weekday_display()}
                )
            else:
                messages.success(request, _("We will not text you a weekly check-in"))
            return redirect("selfcare:checkin")
    return _checkin_page(request, forms.CheckInForm(), texts_form, status=400)
