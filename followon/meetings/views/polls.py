"""The group's meetings page and availability polls (new, answer signed in or by link, confirm)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.meetings import forms, presenters, selectors, services
from followon.meetings.access import (
    access_meetings_group_for_member,
    access_meetings_group_page_for_member,
    access_poll_for_member,
)
from followon.meetings.models import PollAnswer
from followon.meetings.recurrence import LONDON
from followon.meetings.views.common import _require_organiser, _told_words, _venues

# Group page ---------------------------------------------------------------------------------


@member_required
def group_meetings(request, public_id):
    group = access_meetings_group_page_for_member(request.user, public_id)
    page = selectors.group_meetings_page(group, request.user)
    # A group's PTV supporter is not a member: their way back is the staff page for the group (the
    # member's page answered them 404, issue 21 item 11).
    if selectors.viewer_is_member(group, request.user):
        back = (reverse("peergroups:member-detail", args=[group.public_id]), group.name)
    else:
        back = (reverse("peergroups:staff-detail", args=[group.public_id]), group.name)
    return render(
        request,
        "meetings/group.jinja",
        {"page_title": _("Meetings: %(group)s") % {"group": group.name}, "group": group, "page": page, "back": back},
    )


def _poll_sent(request, group, form, options, problems: list):
    """Create and send the poll (both forms), or put the service's objections on the form and in
    `problems` and return None. "Sent" only when it was (issue 21 item 7)."""
    started = timezone.now()
    try:
        poll = services.poll_create(
            group=group,
            created_by=request.user,
            title=form.cleaned_data["title"],
            closes_at=form.closes_at(),
            options=options,
        )
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            if name == "closes_at":
                form.add_error("closes_on", errors)
            else:
                problems.extend(errors)
        return None
    messages.success(
        request,
        _told_words(
            group,
            "meeting_poll",
            started,
            sent=_("Poll sent. Everyone in the group has been asked when they can come"),
            later=_("Poll saved. Everyone in the group will be asked when they can come."),
        ),
    )
    return poll


@member_required
@require_http_methods(["GET", "POST"])
def poll_new(request, public_id):
    group = access_meetings_group_for_member(request.user, public_id)
    _require_organiser(group, request.user)
    data = request.POST if request.method == "POST" else None
    try:
        rows = int((data or {}).get("rows", forms.OPTION_ROWS))
    except ValueError:
        rows = forms.OPTION_ROWS
    rows = max(1, min(rows, forms.MAX_ROWS))
    if data is not None and "add_row" in data:
        rows = min(rows + 1, forms.MAX_ROWS)
    venues = _venues(group)
    form = forms.PollForm(data)
    option_forms = [forms.OptionForm(data, prefix=f"o{i}", venues=venues) for i in range(rows)]
    problems = []
    if data is not None and "add_row" not in data:
        rows_valid = [f.is_valid() for f in option_forms]  # every row, so every error shows
        valid = form.is_valid() and all(rows_valid)
        if valid:
            options = [f.option() for f in option_forms if not f.is_blank]
            poll = _poll_sent(request, group, form, options, problems)
            if poll is not None:
                return redirect("meetings:poll", poll.public_id)
    return render(
        request,
        "meetings/poll_new.jinja",
        {
            "page_title": _("Ask when people can meet"),
            "group": group,
            "form": form,
            "option_forms": option_forms,
            "rows": rows,
            "problems": problems,
            "has_errors": bool(problems or form.errors or any(f.errors for f in option_forms)),
        },
    )


@member_required
@require_http_methods(["GET", "POST"])
def poll_new_pattern(request, public_id):
    """The quick way to ask when people can meet: tick days, type the times once ("10am and 2pm"),
    choose how long; every ticked day at every time becomes an option (issue 21 item 5)."""
    group = access_meetings_group_for_member(request.user, public_id)
    _require_organiser(group, request.user)
    data = request.POST if request.method == "POST" else None
    form = forms.PatternPollForm(data, venues=_venues(group), today=timezone.localdate(timezone=LONDON))
    problems = []
    if data is not None and form.is_valid():
        poll = _poll_sent(request, group, form, form.options(), problems)
        if poll is not None:
            return redirect("meetings:poll", poll.public_id)
    return render(
        request,
        "meetings/poll_new_pattern.jinja",
        {
            "page_title": _("Ask when people can meet"),
            "group": group,
            "form": form,
            "problems": problems,
            "has_errors": bool(problems or form.errors),
        },
    )


# The organiser's part of the poll page shows the best few times, ranked, with a link to all of them
# (`?times=all`): on a long poll the full table and its confirm choices were most of the page (ADR 0028).
RANKED_SHOWN = 5


@member_required
@require_http_methods(["GET", "POST"])
def poll_detail(request, public_id):
    poll = access_poll_for_member(request.user, public_id)
    organiser = selectors.can_organise(poll.group, request.user)
    page = selectors.poll_page(poll, request.user, organiser=organiser)
    words = presenters.PollWords()
    labels = presenters.remembered_option_labels(page.options, words)
    is_member = any(m.user_id == request.user.pk for m in page.members)
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None,
        options=page.options,
        labels=labels,
        initial_answers=page.my_answers,
    )
    if request.method == "POST":
        if not is_member:
            raise Http404
        if form.is_valid():
            try:
                services.poll_answer(poll=poll, user=request.user, answers=form.answers())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Your answers have been saved. You can change them until the poll closes"))
                return redirect("meetings:poll", poll.public_id)
    all_times = request.GET.get("times") == "all"
    ranked_shown = (page.ranked or []) if all_times else (page.ranked or [])[:RANKED_SHOWN]
    confirm_form = None
    if organiser and page.ranked and page.is_open:
        confirm_form = forms.ConfirmForm(
            choices=[(str(r.option.id), labels[r.option.id]) for r in ranked_shown],
            initial={"option": str(page.ranked[0].option.id)},
        )
    names = {m.user_id: m.display_name for m in page.members}
    return render(
        request,
        "meetings/poll.jinja",
        {
            # The default title is stored in English by the service; shown in the page's language.
            "page_title": _("Next meeting") if poll.title == "Next meeting" else poll.title,
            "poll": poll,
            "page": page,
            "form": form,
            "answer_by_day": presenters.remembered_answer_days(form, page.options, words),
            "answer_choices": _answer_choices(),
            "ranked_shown": ranked_shown,
            "confirm_choices": confirm_form.fields["option"].choices if confirm_form else [],
            "is_member": is_member,
            "organiser": organiser,
            "labels": labels,
            "names": names,
            "confirm_form": confirm_form,
            "ranked_rows_html": presenters.ranked_rows_html,
        },
    )


def _answer_choices() -> list[tuple[str, str]]:
    """Yes / If need be / No, translated once for the page rather than once per time (issue 16)."""
    return [(value, str(label)) for value, label in PollAnswer.Answer.choices]


@member_required
@require_POST
def poll_confirm(request, public_id):
    poll = access_poll_for_member(request.user, public_id)
    _require_organiser(poll.group, request.user)
    option = poll.options.filter(
        pk=request.POST.get("option") if (request.POST.get("option") or "").isdigit() else None
    ).first()
    if option is None:
        messages.error(request, _("Choose the time the group will meet"))
        return redirect("meetings:poll", poll.public_id)
    started = timezone.now()
    try:
        meeting = services.poll_confirm(poll=poll, user=request.user, option=option)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:poll", poll.public_id)
    messages.success(
        request,
        _told_words(
            poll.group,
            "meeting_confirmed",
            started,
            sent=_("Meeting confirmed. Everyone in the group has been told"),
            later=_("Meeting confirmed. Everyone in the group will be told."),
        ),
    )
    return redirect("meetings:meeting", meeting.public_id)


@never_cache
@require_http_methods(["GET", "POST"])
def poll_link(request, token):
    """Answer a poll from the link in a text message: no sign-in, one member, one poll, until it closes."""
    link = selectors.poll_link_find(token)
    if link is None:
        response = render(
            request,
            "meetings/link_expired.jinja",
            {"page_title": _("This link has expired or is not valid")},
            status=404,
        )
    else:
        poll = link.poll
        options = selectors.poll_option_rows(poll)
        words = presenters.PollWords()
        labels = presenters.option_labels(options, words)
        mine = dict(poll.options.filter(answers__user=link.user).values_list("id", "answers__answer"))
        form = forms.AnswerForm(
            request.POST if request.method == "POST" else None, options=options, labels=labels, initial_answers=mine
        )
        saved = False
        if request.method == "POST" and form.is_valid():
            try:
                services.poll_answer(poll=poll, user=link.user, answers=form.answers(), via_link=True)
                saved = True
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, getattr(error, "messages", [_("This poll has closed")]))
        response = render(
            request,
            "meetings/poll_link.jinja",
            {
                "page_title": _("Thank you, your answers have been saved")
                if saved
                else _("When can you meet? %(group)s") % {"group": poll.group.name},
                "poll": poll,
                "form": form,
                "answer_by_day": [] if saved else presenters.answer_days(form, options, words),
                "answer_choices": _answer_choices(),
                "saved": saved,
                "name": link.user.display_name,
            },
        )
    # The token is in the address: never send it to another site. (Not "no-referrer": browsers then
    # send "Origin: null" with the form, which Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
