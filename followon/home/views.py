"""The home pages: the start page (members see their own home), the staff home and the service page."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext

from followon.core.permissions import staff_required
from followon.organisations.selectors import is_staff_member, staff_of_service
from followon.selfcare.selectors import member_home_summary


def home(request):
    if request.user.is_authenticated:
        if is_staff_member(request.user):
            return redirect("home:staff-home")
        context = {"page_title": gettext("Your FollowOn"), **member_home_summary(request.user)}
        return render(request, "home/member_home.jinja", context)
    return render(request, "home/home.jinja", {"page_title": "Stay together after your pain management programme"})


@staff_required()
def staff_home(request):
    return render(request, "home/staff_home.jinja", {"page_title": f"{request.service.name}"})


@staff_required()
def service_detail(request):
    return render(
        request,
        "home/service_detail.jinja",
        {"page_title": "Your pain service", "service": request.service, "staff": staff_of_service(request.service)},
    )
