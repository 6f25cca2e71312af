"""Group board pages: members only. Staff (every role) get a 404 here, as does anyone who is not a
current member of the group; a removed member loses access on their next request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.notices import says_what_the_clinician_sees
from followon.accounts.selectors import current_notice, notice_standing
from followon.accounts.services import consent_record
from followon.conversations import forms, selectors, services
from followon.conversations.access import (
    access_board_for_member,
    access_board_page_for_member,
    access_post_for_member,
)
from followon.conversations.presenters import board_cards
from followon.core.access import found_or_404
from followon.core.formatting import sent_or_when
from followon.core.forms import attach_errors
from followon.notifications import selectors as notification_selectors
from followon.peergroups.selectors import is_group_organiser
from followon.safety.selectors import service_is_open


def _after_post(request, group, outcome):
    if outcome.screen.flagged or outcome.screen.level.value == "unscreened":
        return redirect("conversations:support", group.public_id, outcome.post.public_id)
    messages.success(request, _("Your post is on the board."))
    return redirect(reverse("conversations:board", args=[group.public_id]) + f"#post-{outcome.post.public_id}")


def _board_context(request, group, form=None):
    # The notice, member_has_current_consent and agreed_to_an_earlier_notice in one query.
    standing = notice_standing(request.user, group.service, ConsentKind.SAFETY_SCREEN)
    notice, notice_ok = standing.notice, standing.consent_current
    # Read with the group (selectors.board_page_group): the agreement, agreement_accepted, is_group_organiser.
    agreement = selectors.board_page_agreement(group)
    agreed = group.viewer_agreed
    is_organiser = group.viewer_organises
    return {
        "page_title": _("%(group)s board") % {"group": group.name},
        "group": group,
        "post_cards": board_cards(
            selectors.board_post_rows(group, request.user, organiser=is_organiser),
            request=request,
            group=group,
            organiser=is_organiser,
        ),
        "form": form or forms.PostForm(),
        "notice": notice,
        "notice_ok": notice_ok,
        "notice_paragraphs": [p.strip() for p in notice.body.split("\n\n") if p.strip()] if notice else [],
        "notice_changed": not notice_ok and standing.agreed_earlier,
        "notice_says_what_clinician_sees": bool(notice) and says_what_the_clinician_sees(notice.body),
        "agreement": agreement,
        "agreement_text": selectors.agreement_text(agreement),
        "agreed": agreed,
        "is_organiser": is_organiser,
        "can_post": notice_ok and agreed and group.is_open,
    }


@member_required
def board(request, public_id):
    group = access_board_page_for_member(request.user, public_id)
    form = forms.PostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.post_create(group=group, author=request.user, body=form.cleaned_data["body"])
        except PermissionDenied:
            form.add_error(None, _("Accept the message check notice and your group's agreement before you post"))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return _after_post(request, group, outcome)
    return render(request, "conversations/board.jinja", _board_context(request, group, form))


@member_required
def reply(request, public_id, post_id):
    group = access_board_for_member(request.user, public_id)
    parent = access_post_for_member(group, request.user, post_id)
    form = forms.ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.post_create(
                group=group, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except PermissionDenied:
            return redirect("conversations:board", group.public_id)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return _after_post(request, group, outcome)
    return render(
        request,
        "conversations/reply.jinja",
        {"page_title": _("Reply"), "group": group, "parent": parent, "form": form},
    )


@member_required
def support(request, public_id, post_id):
    """The private notice for the author of a flagged post: signposting and an offer of contact."""
    group = access_board_for_member(request.user, public_id)
    post = access_post_for_member(group, request.user, post_id)
    if post.author_id != request.user.pk or not post.flagged:
        raise Http404
    return render(
        request,
        "conversations/support.jinja",
        {
            "page_title": _("Help is here if you need it"),
            "group": group,
            "post": post,
            "service_open": service_is_open(group.service),
            "held": post.held_for_review,
        },
    )


@member_required
def edit(request, public_id, post_id):
    group = access_board_for_member(request.user, public_id)
    post = access_post_for_member(group, request.user, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    form = forms.PostForm(request.POST if request.method == "POST" else None, initial={"body": post.body})
    form.fields["body"].label = _("Edit your post")
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.post_edit(post=post, actor=request.user, body=form.cleaned_data["body"])
        except PermissionDenied:
            return redirect("conversations:board", group.public_id)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return _after_post(request, group, outcome)
    return render(
        request,
        "conversations/edit.jinja",
        {"page_title": _("Edit your post"), "group": group, "post": post, "form": form},
    )


@member_required
def delete(request, public_id, post_id):
    group = access_board_for_member(request.user, public_id)
    post = access_post_for_member(group, request.user, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        services.post_delete(post=post, actor=request.user)
        messages.success(request, _("Your post has been deleted."))
        return redirect("conversations:board", group.public_id)
    return render(
        request, "conversations/delete.jinja", {"page_title": _("Delete your post"), "group": group, "post": post}
    )


@member_required
def report(request, public_id, post_id):
    group = access_board_for_member(request.user, public_id)
    post = access_post_for_member(group, request.user, post_id)
    if post.author_id == request.user.pk:
        return render(
            request,
            "conversations/report_own.jinja",
            {"page_title": _("This is your own post"), "group": group, "post": post},
        )
    form = forms.ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            _report, created = services.post_report(
                post=post, reporter=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            # The pain service sees the report at once; the coordinators' texts may wait for the
            # morning, and then the page says when (issue 21 item 7).
            when = notification_selectors.when_held_messages_go(
                service=group.service, template="conversations/post_reported", since=started
            )
            messages.success(
                request,
                sent_or_when(
                    _("Thank you. Your coordinators and the pain service have been told."),
                    _("Thank you. The pain service has been told, and your coordinators will be."),
                    when,
                )
                if created
                else _("You have already reported this post. Your coordinators and the pain service know."),
            )
            return redirect("conversations:board", group.public_id)
    return render(
        request,
        "conversations/report.jinja",
        {"page_title": _("Report a post"), "group": group, "post": post, "form": form},
    )


@member_required
@require_POST
def hide(request, public_id, post_id):
    group = access_board_for_member(request.user, public_id)
    if not is_group_organiser(group, request.user):
        raise PermissionDenied
    post = found_or_404(selectors.post_for_organiser, group, post_id)
    hidden = request.POST.get("hidden") != "no"
    if hidden and request.POST.get("confirmed") != "yes":
        # Hiding someone's words from the whole group is a big step for its author: ask first (issue 21 item 6).
        return render(
            request,
            "confirm_action.jinja",
            {
                "page_title": _("Hide this post while you take a look?"),
                "heading": _("Hide this post while you take a look?"),
                "paragraphs": [
                    _("Nobody else in the group will see %(name)s's post until you show it again.")
                    % {"name": post.author.display_name},
                    _("You can show it again from the board at any time."),
                ],
                "action": reverse("conversations:hide", args=[group.public_id, post.public_id]),
                "fields": [("hidden", "yes")],
                "button_text": _("Yes, hide the post"),
                "cancel_url": reverse("conversations:board", args=[group.public_id]) + f"#post-{post.public_id}",
                "cancel_text": _("No, leave it on the board"),
            },
        )
    services.post_hide(post=post, actor=request.user, hidden=hidden)
    messages.success(
        request, _("The post is hidden while you take a look.") if hidden else _("The post is back on the board.")
    )
    return redirect("conversations:board", group.public_id)


@member_required
def agreement(request, public_id):
    group = access_board_for_member(request.user, public_id)
    current = selectors.agreement_for(group)
    text = selectors.agreement_text(current)
    form = forms.AgreementForm(request.POST if request.method == "POST" else None, initial={"body": text})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(group=group, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your group's agreement has been changed."))
            return redirect("conversations:board", group.public_id)
    return render(
        request,
        "conversations/agreement.jinja",
        {
            "page_title": _("Your group's agreement"),
            "group": group,
            "agreement": current,
            "agreement_text": text,
            "form": form,
        },
    )


@member_required
@require_POST
def agreement_accept(request, public_id):
    group = access_board_for_member(request.user, public_id)
    services.agreement_accept(group=group, user=request.user)
    messages.success(request, _("Thank you for agreeing to your group's agreement."))
    return redirect("conversations:board", group.public_id)


@member_required
@require_POST
def notice_accept(request, public_id):
    group = access_board_for_member(request.user, public_id)
    notice = current_notice(group.service, ConsentKind.SAFETY_SCREEN)
    if notice is None:
        raise Http404
    if request.POST.get("version") != str(notice.version):
        # Consent is recorded with the version the member read: if it changed meanwhile, show the new one.
        messages.error(request, _("The message check notice has just changed. Please read it again before you agree."))
        return redirect("conversations:board", group.public_id)
    consent_record(
        user=request.user, service=group.service, kind=ConsentKind.SAFETY_SCREEN, decision=ConsentRecord.Decision.GIVEN
    )
    messages.success(request, _("Thank you. You can now post on the board."))
    return redirect("conversations:board", group.public_id)
