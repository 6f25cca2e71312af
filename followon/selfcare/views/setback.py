"""The set-back plan: view, edit, print and send."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.notifications import selectors as notification_selectors
from followon.selfcare import forms, selectors, services
from followon.selfcare.views.common import _data, _save

# -- set-back plan ----------


@member_required
def setback_plan(request):
    plan = selectors.setback_plan_for(request.user)
    if plan is None:
        return redirect("selfcare:setback-edit")
    return render(
        request,
        "selfcare/setback.jinja",
        {"page_title": _("Your set-back plan"), "plan": plan, "send_form": forms.SendPlanForm()},
    )


@member_required
def setback_edit(request):
    plan = selectors.setback_plan_for(request.user)
    initial = {k: getattr(plan, k) for k in ("what_helps", "what_to_stop", "who_to_tell", "gp_notes")} if plan else None
    form = forms.SetbackPlanForm(_data(request), initial=initial)
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda: services.setback_plan_save(owner=request.user, **form.cleaned_data))
    if saved is not None:
        messages.success(request, _("Your set-back plan is saved"))
        return redirect("selfcare:setback")
    return render(request, "selfcare/setback_form.jinja", {"page_title": _("Write your set-back plan"), "form": form})


@member_required
def setback_print(request):
    plan = selectors.setback_plan_for(request.user)
    if plan is None:
        raise Http404
    return render(request, "selfcare/setback_print.jinja", {"page_title": _("Set-back plan to print"), "plan": plan})


@member_required
@require_POST
def setback_send(request):
    plan = selectors.setback_plan_for(request.user)
    if plan is None:
        raise Http404
    form = forms.SendPlanForm(request.POST)
    if form.is_valid():
        channel = form.cleaned_data["channel"]
        message = _save(form, lambda: services.setback_plan_send(plan=plan, channel=channel))
        if message is not None:
            # "Sent" only when it was: a text held for quiet hours says when it will go (issue 21 item 7).
            when = notification_selectors.when_it_goes(message)
            if when:
                messages.success(
                    request,
                    _("We will send it to your mobile %(when)s, as FollowOn does not send texts between 9pm and 8am")
                    % {"when": when},
                )
            else:
                messages.success(
                    request,
                    _("We have sent it to your mobile") if channel == "sms" else _("We have sent it to your email"),
                )
            return redirect("selfcare:setback")
    return render(
        request,
        "selfcare/setback.jinja",
        {"page_title": _("Your set-back plan"), "plan": plan, "send_form": form},
        status=400,
    )
