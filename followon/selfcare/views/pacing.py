"""Pacing: activities, their log and sharing."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from followon.accounts.decorators import signed_in_required as member_required
from followon.selfcare import charts, forms, selectors, services
from followon.selfcare.access import access_activity_for_member
from followon.selfcare.views.common import _data, _save
from followon.selfcare.views.goals import _sharing

# -- pacing ----------


@member_required
def pacing_new(request):
    form = forms.PacingActivityForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        activity = _save(
            form,
            lambda: services.pacing_activity_create(
                owner=request.user,
                name=data["name"],
                baseline_minutes=data["baseline_minutes"],
                build_up=data["build_up"],
                build_up_amount=data["build_up_amount"],
            ),
        )
        if activity is not None:
            messages.success(request, _("Your pacing plan is saved"))
            return redirect("selfcare:pacing-detail", activity.public_id)
    return render(request, "selfcare/pacing_form.jinja", {"page_title": _("Plan an activity to pace"), "form": form})


@member_required
def pacing_detail(request, public_id):
    activity = access_activity_for_member(request.user, public_id)
    form = forms.PacingLogForm(_data(request), initial={"done_on": services.london_today()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            log = _save(
                form,
                lambda: services.pacing_log_add(
                    activity=activity, done_on=data["done_on"], minutes=data["minutes"], flare=data["flare"]
                ),
            )
            if log is not None:
                messages.success(request, _("Added to your log"))
                return redirect("selfcare:pacing-detail", activity.public_id)
        status = 400
    logs = selectors.activity_recent_logs(activity)
    this_week = (services.london_today() - activity.started_on).days // 7
    rows = [
        {"log": log, "planned": activity.planned_minutes((log.done_on - activity.started_on).days // 7)} for log in logs
    ]
    return render(
        request,
        "selfcare/pacing_detail.jinja",
        {
            "page_title": activity.name,
            "activity": activity,
            "form": form,
            "rows": rows,
            "chart": charts.pacing_chart(activity, logs),
            "planned_now": activity.planned_minutes(this_week),
        },
        status=status,
    )


@member_required
def pacing_sharing(request, public_id):

    activity = access_activity_for_member(request.user, public_id)
    return _sharing(
        request,
        activity,
        kind="pacing plan",
        shared_ids=selectors.activity_shared_group_ids(activity),
        save=lambda ids: services.activity_shares_set(activity=activity, group_ids=ids),
        back_url=reverse("selfcare:pacing-detail", args=[activity.public_id]),
        title=_("Share your pacing plan with a group"),
    )
