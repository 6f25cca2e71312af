"""The insights dashboard: aggregates for clinicians and service admins of one service."""

from django.shortcuts import render

from followon.core.permissions import staff_required
from followon.insights.selectors import dashboard
from followon.insights.suppression import suppress_count
from followon.insights.survival import format_months
from followon.organisations.models import StaffRole


@staff_required(StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)
def dashboard_view(request):
    context = dashboard(service=request.service)
    context["page_title"] = "Insights"
    context["months"] = format_months
    context["km_rows"] = [
        {
            "time": format_months(row.time),
            "at_risk": suppress_count(row.at_risk),
            "survival": f"{row.survival:.0%}",
            "ci": f"{row.ci_lower:.0%} to {row.ci_upper:.0%}" if row.ci_lower is not None else "-",
        }
        for row in context["survival"].kaplan_meier.rows
    ]
    return render(request, "insights/dashboard.jinja", context)
