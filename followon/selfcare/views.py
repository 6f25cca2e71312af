"""Pages for the self-management tools. Members see only their own records; a group sees only
what its members shared with it; staff see none of it (they edit the technique library)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.accounts.selectors import member_primary_service
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.organisations.models import StaffRole
from followon.peergroups import selectors as group_selectors
from followon.peergroups.models import PeerGroup
from followon.selfcare import charts, forms, selectors, services, techniques
from followon.selfcare.models import Goal, GoalStep, PacingActivity, TechniquePage


def _goal(request, public_id) -> Goal:
    try:
        return selectors.goal_for_member(request.user, public_id)
    except Goal.DoesNotExist as exc:
        raise Http404 from exc


def _activity(request, public_id) -> PacingActivity:
    try:
        return selectors.activity_for_member(request.user, public_id)
    except PacingActivity.DoesNotExist as exc:
        raise Http404 from exc


def _data(request):
    return request.POST if request.method == "POST" else None


def _save(form, call) -> object | None:
    try:
        return call()
    except ValidationError as error:
        attach_errors(form, error)
        return None


@member_required
def hub(request):
    return render(
        request,
        "selfcare/hub.jinja",
        {
            "page_title": "Your goals and plans",
            "goals": list(selectors.member_goals(request.user, status=None)),
            "activities": list(selectors.member_activities(request.user)),
            "plan": selectors.setback_plan_for(request.user),
            "checkin": selectors.checkin_this_week(request.user),
        },
    )


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
                messages.success(request, "Your goal is saved")
                return redirect("selfcare:goal-detail", goal.public_id)
    return render(
        request,
        "selfcare/goal_form.jinja",
        {"page_title": "Set a goal", "form": form, "needs_measure": needs_measure, "goal": None},
    )


@member_required
def goal_edit(request, public_id):
    goal = _goal(request, public_id)
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
                messages.success(request, "Your goal is updated")
                return redirect("selfcare:goal-detail", goal.public_id)
    return render(
        request,
        "selfcare/goal_form.jinja",
        {"page_title": "Change your goal", "form": form, "needs_measure": needs_measure, "goal": goal},
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
    return _goal_page(request, _goal(request, public_id))


@member_required
@require_POST
def goal_progress(request, public_id):
    goal = _goal(request, public_id)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        progress, created = services.goal_progress_record(goal=goal, outcome=form.cleaned_data["outcome"])
        label = progress.get_outcome_display().lower()
        messages.success(request, f"Saved: {label} this week" if created else f"Changed this week's answer to {label}")
        return redirect("selfcare:goal-detail", goal.public_id)
    return _goal_page(request, goal, progress_form=form, status=400)


@member_required
@require_POST
def goal_step_add(request, public_id):
    goal = _goal(request, public_id)
    form = forms.StepForm(request.POST)
    if form.is_valid() and _save(form, lambda: services.goal_step_add(goal=goal, text=form.cleaned_data["text"])):
        messages.success(request, "Step added")
        return redirect("selfcare:goal-detail", goal.public_id)
    return _goal_page(request, goal, step_form=form, status=400)


@member_required
@require_POST
def goal_step_toggle(request, public_id, step_id):
    goal = _goal(request, public_id)
    try:
        step = goal.steps.get(pk=step_id)
    except GoalStep.DoesNotExist as exc:
        raise Http404 from exc
    services.goal_step_toggle(step=step)
    return redirect("selfcare:goal-detail", goal.public_id)


def _sharing(request, thing, *, kind: str, shared_ids: set[int], save, back_url: str, title: str):
    groups = list(group_selectors.member_groups(request.user))
    keys = [str(g.public_id) for g in groups if g.pk in shared_ids]
    form = forms.ShareForm(_data(request), groups=groups, initial={"groups": keys})
    if request.method == "POST" and form.is_valid() and _save(form, lambda: save(form.group_ids())) is not None:
        messages.success(request, "Sharing saved" if form.group_ids() else f"Your {kind} is private")
        return redirect(back_url)
    return render(
        request,
        "selfcare/sharing.jinja",
        {"page_title": title, "form": form, "groups": groups, "kind": kind, "back_url": back_url, "thing": thing},
    )


@member_required
def goal_sharing(request, public_id):
    goal = _goal(request, public_id)
    return _sharing(
        request,
        goal,
        kind="goal",
        shared_ids=selectors.goal_shared_group_ids(goal),
        save=lambda ids: services.goal_shares_set(goal=goal, group_ids=ids),
        back_url=goal_url(goal),
        title="Share your goal with a group",
    )


def goal_url(goal) -> str:

    return reverse("selfcare:goal-detail", args=[goal.public_id])


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
            messages.success(request, "Your pacing plan is saved")
            return redirect("selfcare:pacing-detail", activity.public_id)
    return render(request, "selfcare/pacing_form.jinja", {"page_title": "Plan an activity to pace", "form": form})


@member_required
def pacing_detail(request, public_id):
    activity = _activity(request, public_id)
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
                messages.success(request, "Added to your log")
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

    activity = _activity(request, public_id)
    return _sharing(
        request,
        activity,
        kind="pacing plan",
        shared_ids=selectors.activity_shared_group_ids(activity),
        save=lambda ids: services.activity_shares_set(activity=activity, group_ids=ids),
        back_url=reverse("selfcare:pacing-detail", args=[activity.public_id]),
        title="Share your pacing plan with a group",
    )


# -- set-back plan ----------


@member_required
def setback_plan(request):
    plan = selectors.setback_plan_for(request.user)
    if plan is None:
        return redirect("selfcare:setback-edit")
    return render(
        request,
        "selfcare/setback.jinja",
        {"page_title": "Your set-back plan", "plan": plan, "send_form": forms.SendPlanForm()},
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
        messages.success(request, "Your set-back plan is saved")
        return redirect("selfcare:setback")
    return render(request, "selfcare/setback_form.jinja", {"page_title": "Write your set-back plan", "form": form})


@member_required
def setback_print(request):
    plan = selectors.setback_plan_for(request.user)
    if plan is None:
        raise Http404
    return render(request, "selfcare/setback_print.jinja", {"page_title": "Set-back plan to print", "plan": plan})


@member_required
@require_POST
def setback_send(request):
    plan = selectors.setback_plan_for(request.user)
    if plan is None:
        raise Http404
    form = forms.SendPlanForm(request.POST)
    if form.is_valid():
        channel = form.cleaned_data["channel"]
        if _save(form, lambda: services.setback_plan_send(plan=plan, channel=channel)) is not None:
            messages.success(request, "We have sent it to your " + ("mobile" if channel == "sms" else "email"))
            return redirect("selfcare:setback")
    return render(
        request,
        "selfcare/setback.jinja",
        {"page_title": "Your set-back plan", "plan": plan, "send_form": form},
        status=400,
    )


# -- check-ins ----------


def _checkin_page(request, form, texts_form, *, status=200):
    return render(
        request,
        "selfcare/checkin.jinja",
        {
            "page_title": "Weekly check-in",
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
                    {"page_title": "Thank you for checking in", "checkin": saved},
                )
            messages.success(request, "Thank you for checking in")
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
                messages.success(request, f"We will text you a check-in every {saved.get_weekday_display()}")
            else:
                messages.success(request, "We will not text you a weekly check-in")
            return redirect("selfcare:checkin")
    return _checkin_page(request, forms.CheckInForm(), texts_form, status=400)


# -- technique library ----------


@member_required
def techniques_list(request):
    service = member_primary_service(request.user)
    return render(
        request,
        "selfcare/techniques.jinja",
        {"page_title": "Techniques", "pages": selectors.technique_pages(service)},
    )


@member_required
def technique_detail(request, slug):
    try:
        page = selectors.technique_page(member_primary_service(request.user), slug)
    except TechniquePage.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "selfcare/technique.jinja",
        {"page_title": page.title, "page": page, "paragraphs": _paragraphs(page.body)},
    )


def _paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


# -- a group's shared goals ----------


@member_required
def group_shared(request, public_id):
    try:
        group = group_selectors.group_for_member(request.user, public_id)
    except PeerGroup.DoesNotExist as exc:
        raise Http404 from exc
    if not group_selectors.is_group_member(group, request.user):
        raise Http404
    return render(
        request,
        "selfcare/group_shared.jinja",
        {
            "page_title": f"Shared goals: {group.name}",
            "group": group,
            "goals": selectors.group_shared_goals(group),
            "activities": selectors.group_shared_activities(group),
        },
    )


# -- staff: the technique library ----------


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_techniques(request):
    return render(
        request,
        "selfcare/staff_techniques.jinja",
        {"page_title": "Technique library", "pages": selectors.technique_pages(request.service)},
    )


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_technique_edit(request, slug):
    try:
        page = selectors.technique_page(request.service, slug)
    except TechniquePage.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"title": page.title, "summary": page.summary, "body": page.body}
    form = forms.TechniquePageForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: services.technique_page_save(
                service=request.service, slug=slug, actor=request.user, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved.title} is saved")
            return redirect("selfcare:staff-techniques")
    return render(
        request,
        "selfcare/staff_technique_edit.jinja",
        {
            "page_title": f"Edit {page.title}",
            "form": form,
            "slug": slug,
            "customised": isinstance(page, TechniquePage),
        },
    )


@staff_required(StaffRole.Role.SERVICE_ADMIN)
@require_POST
def staff_technique_reset(request, slug):
    if slug not in techniques.BY_SLUG:
        raise Http404
    services.technique_page_reset(service=request.service, slug=slug, actor=request.user)
    messages.success(request, "The page is back to the FollowOn version")
    return redirect("selfcare:staff-techniques")
