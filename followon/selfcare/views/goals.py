"""Goals: new, edit, progress, steps and sharing."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.access import found_or_404
from followon.peergroups import selectors as group_selectors
from followon.selfcare import charts, forms, selectors, services
from followon.selfcare.access import access_goal_for_member
from followon.selfcare.views.common import _data, _save

# -- goals ----------


@member_required
def goal_new(request):
    form = forms.GoalForm(_data(request))
    needs_measure = False
    if request.method == "POST" and form.is_valid():
        if not form.looks_measurable() and "save_anyway" not in request.POST:
            needs_measure = True
        else:
            data = form.cleaned_data
            goal = _save(
                form,
                lambda: services.goal_create(
                    owner=request.user,
                    what=data["what"],
                    how_much=data["how_much"],
                    when=data["when"],
                    target_date=data["target_date"],
                    confidence=data["confidence"],
                    review=data["review"],
                    steps=form.step_list(),
                ),
            )
            if goal is not None:
                messages.success(request, _("Your goal is saved"))
                return redirect("selfcare:goal-detail", goal.public_id)
    return render(
        request,
        "selfcare/goal_form.jinja",
        {"page_title": _("Set a goal"), "form": form, "needs_measure": needs_measure, "goal": None},
    )


@member_required
def goal_edit(request, public_id):
    goal = access_goal_for_member(request.user, public_id)
    initial = {
        "what": goal.what,
        "how_much": goal.how_much,
        "when": goal.when,
        "target_date": goal.target_date,
        "confidence": goal.confidence,
        "review": goal.review,
        "status": goal.status,
    }
    form = forms.GoalEditForm(_data(request), initial=initial)
    needs_measure = False
    if request.method == "POST" and form.is_valid():
        if not form.looks_measurable() and "save_anyway" not in request.POST:
            needs_measure = True
        else:
            data = form.cleaned_data
            saved = _save(
                form,
                lambda: services.goal_update(
                    goal=goal,
                    what=data["what"],
                    how_much=data["how_much"],
                    when=data["when"],
                    target_date=data["target_date"],
                    confidence=data["confidence"],
                    review=data["review"],
                    status=data["status"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Your goal is updated"))
                return redirect("selfcare:goal-detail", goal.public_id)
    return render(
        request,
        "selfcare/goal_form.jinja",
        {"page_title": _("Change your goal"), "form": form, "needs_measure": needs_measure, "goal": goal},
    )


def _goal_page(request, goal, *, progress_form=None, step_form=None, status=200):
    trend = selectors.goal_trend(goal)
    this_week = next((p for p in trend if p.week_start == services.week_start(services.london_today())), None)
    if progress_form is None:
        progress_form = forms.ProgressForm(initial={"outcome": this_week.outcome} if this_week else None)
    return render(
        request,
        "selfcare/goal_detail.jinja",
        {
            "page_title": goal.what,
            "goal": goal,
            "steps": list(goal.steps.all()),
            "trend": trend,
            "chart": charts.goal_chart(trend),
            "this_week": this_week,
            "progress_form": progress_form,
            "step_form": step_form or forms.StepForm(),
            "shared_groups": [
                g for g in group_selectors.member_groups(request.user) if g.pk in selectors.goal_shared_group_ids(goal)
            ],
        },
        status=status,
    )


@member_required
def goal_detail(request, public_id):
    return _goal_page(request, access_goal_for_member(request.user, public_id))


@member_required
@require_POST
def goal_progress(request, public_id):
    goal = access_goal_for_member(request.user, public_id)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        progress, created = services.goal_progress_record(goal=goal, outcome=form.cleaned_data["outcome"])
        label = progress.get_outcome_display().lower()
        saved_words = _("Saved: %(outcome)s this week") if created else _("Changed this week's answer to %(outcome)s")
        messages.success(request, saved_words % {"outcome": label})
        return redirect("selfcare:goal-detail", goal.public_id)
    return _goal_page(request, goal, progress_form=form, status=400)


@member_required
@require_POST
def goal_step_add(request, public_id):
    goal = access_goal_for_member(request.user, public_id)
    form = forms.StepForm(request.POST)
    if form.is_valid() and _save(form, lambda: services.goal_step_add(goal=goal, text=form.cleaned_data["text"])):
        messages.success(request, _("Step added"))
        return redirect("selfcare:goal-detail", goal.public_id)
    return _goal_page(request, goal, step_form=form, status=400)


@member_required
@require_POST
def goal_step_toggle(request, public_id, step_id):
    goal = access_goal_for_member(request.user, public_id)
    step = found_or_404(goal.steps.get, pk=step_id)
    services.goal_step_toggle(step=step)
    return redirect("selfcare:goal-detail", goal.public_id)


# What keeping it private says, for each kind of thing shared.
_PRIVATE_WORDS = {
    "goal": gettext_lazy("Your goal is private"),
    "pacing plan": gettext_lazy("Your pacing plan is private"),
}


def _sharing(request, thing, *, kind: str, shared_ids: set[int], save, back_url: str, title: str):
    groups = list(group_selectors.member_groups(request.user))
    keys = [str(g.public_id) for g in groups if g.pk in shared_ids]
    form = forms.ShareForm(_data(request), groups=groups, initial={"groups": keys})
    if request.method == "POST" and form.is_valid() and _save(form, lambda: save(form.group_ids())) is not None:
        messages.success(request, _("Sharing saved") if form.group_ids() else str(_PRIVATE_WORDS[kind]))
        return redirect(back_url)
    return render(
        request,
        "selfcare/sharing.jinja",
        {
            "page_title": title,
            "form": form,
            "groups": groups,
            "kind": kind,
            "back_url": back_url,
            "thing": thing,
        },
    )


@member_required
def goal_sharing(request, public_id):
    goal = access_goal_for_member(request.user, public_id)
    return _sharing(
        request,
        goal,
        kind="goal",
        shared_ids=selectors.goal_shared_group_ids(goal),
        save=lambda ids: services.goal_shares_set(goal=goal, group_ids=ids),
        back_url=goal_url(goal),
        title=_("Share your goal with a group"),
    )


def goal_url(goal) -> str:

    return reverse("selfcare:goal-detail", args=[goal.public_id])
