from django.shortcuts import render

from followon.core.permissions import staff_required
from followon.organisations.selectors import staff_of_service


@staff_required()
def staff_home(request):
    return render(request, "organisations/staff_home.jinja", {"page_title": f"{request.service.name}"})


@staff_required()
def service_detail(request):
    return render(
        request,
        "organisations/service_detail.jinja",
        {"page_title": "Your pain service", "service": request.service, "staff": staff_of_service(request.service)},
    )
