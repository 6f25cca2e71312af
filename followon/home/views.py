"""The home pages: the start page (members see their own home), the staff home and the service page;
and, in the demo profile only, the demo phone."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from followon.core.access import found_or_404
from followon.core.permissions import staff_required
from followon.home.demo import DEMO_MEMBER
from followon.home.demo.programmes import DEMO_GROUP_MEMBER
from followon.home.forms import DemoPhoneReplyForm
from followon.home.presenters import waiting_section
from followon.home.selectors import is_staff_member
from followon.notifications.selectors import phone_people, phone_person, phone_texts
from followon.notifications.services import inbound_sms_receive
from followon.organisations.models import StaffRole
from followon.organisations.selectors import staff_of_service
from followon.peergroups.selectors import member_invitation_rows
from followon.programmes.selectors import member_questions_waiting
from followon.safety.selectors import queue_waiting_counts
from followon.selfcare.presenters import member_home_section
from followon.selfcare.selectors import member_home_summary


def home(request):
    if request.user.is_authenticated:
        if is_staff_member(request.user):
            return redirect("home:staff-home")
        context = {
            "page_title": gettext("Your FollowOn"),
            # What is waiting for the member's answer comes first on their home (issue 21, item 8).
            "waiting_section": waiting_section(
                member_questions_waiting(request.user), member_invitation_rows(request.user)
            ),
            "member_home_section": member_home_section(member_home_summary(request.user)),
        }
        return render(request, "home/member_home.jinja", context)
    return render(
        request, "home/home.jinja", {"page_title": gettext("Stay together after your pain management programme")}
    )


@staff_required()
def staff_home(request):
    sees_queue = bool({"service_admin", "clinician"} & set(request.staff_roles))
    return render(
        request,
        "home/staff_home.jinja",
        {
            "page_title": f"{request.service.name}",
            "queue_waiting": queue_waiting_counts(request.service) if sees_queue else None,
            # The roles' names as people say them ("Patient tutor volunteer (PTV)"), never the stored codes.
            "role_names": [label for code, label in StaffRole.Role.choices if code in request.staff_roles],
        },
    )


@staff_required()
def service_detail(request):
    return render(
        request,
        "home/service_detail.jinja",
        {
            "page_title": gettext("Your pain service"),
            "service": request.service,
            "staff": staff_of_service(request.service),
        },
    )


def _demo_phone_only():
    # Off everywhere but the demo profile (settings/local.py): then the address does not exist at all.
    if not settings.DEMO_PHONE_ENABLED:
        raise Http404


def demo_phone(request):
    """Demo only: the demo members with a mobile, to pick whose phone to look at."""
    _demo_phone_only()
    # Mo and Jo, the members the README introduces, first; then whoever has the most texts.
    featured = [DEMO_MEMBER[1], DEMO_GROUP_MEMBER[1]]
    people = sorted(phone_people(), key=lambda p: featured.index(p.mobile) if p.mobile in featured else len(featured))
    return render(request, "home/demo_phone_list.jinja", {"page_title": gettext("Demo phone"), "people": people})


def demo_phone_member(request, public_id):
    """Demo only: one member's texts as their phone shows them, and a reply sent as them through the
    real received-text path (notifications.services.inbound_sms_receive, the code Notify's received-text
    callback runs), so YES, NO, HELP or STOP do here exactly what they do from a phone."""
    _demo_phone_only()
    person = found_or_404(phone_person, public_id)
    form = DemoPhoneReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inbound, _ = inbound_sms_receive(
            notify_id=f"demo-phone-{uuid.uuid4()}",
            source_number=person.mobile,
            message=form.cleaned_data["message"],
            received_at=timezone.now(),
        )
        messages.success(
            request,
            gettext("Sent as %(name)s. FollowOn: %(outcome)s")
            % {"name": person.display_name, "outcome": inbound.get_outcome_display()},
        )
        return redirect("home:demo-phone-member", person.public_id)
    return render(
        request,
        "home/demo_phone.jinja",
        {
            "page_title": (gettext("Error: %(title)s") if form.errors else "%(title)s")
            % {"title": gettext("Demo phone: %(name)s") % {"name": person.display_name}},
            "person": person,
            "texts": phone_texts(person),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
