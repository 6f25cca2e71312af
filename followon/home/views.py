"""The home pages: the start page (members see their own home), the staff home and the service page."""

from django.shortcuts import redirect, render

from followon.core.permissions import staff_required
from followon.organisations.selectors import is_staff_member, staff_of_service
from followon.peergroups.selectors import member_group_invitations
from followon.programmes.selectors import member_questions_waiting
from followon.safety.selectors import queue_waiting_counts
from followon.selfcare.selectors import member_home_summary


def home(request):
    if request.user.is_authenticated:
        if is_staff_member(request.user):
            return redirect("home:staff-home")
        context = {
            "page_title": "Your FollowOn",
            # What is waiting for the member's answer comes first on their home (issue 21, item 8).
            "waiting_questions": list(member_questions_waiting(request.user)),
            "group_invitations": list(member_group_invitations(request.user)),
            **member_home_summary(request.user),
        }
        return render(request, "home/member_home.jinja", context)
    return render(request, "home/home.jinja", {"page_title": "Stay together after your pain management programme"})


@staff_required()
def staff_home(request):
    sees_queue = bool({"service_admin", "clinician"} & set(request.staff_roles))
    return render(
        request,
        "home/staff_home.jinja",
        {
            "page_title": f"{request.service.name}",
            "queue_waiting": queue_waiting_counts(request.service) if sees_queue else None,
        },
    )


@staff_required()
def service_detail(request):
    return render(
        request,
        "home/service_detail.jinja",
        {"page_title": "Your pain service", "service": request.service, "staff": staff_of_service(request.service)},
    )
