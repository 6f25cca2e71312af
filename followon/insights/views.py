"""The insights dashboard (aggregates for the clinicians, service admins and researchers of one
service) and the research export (record-level, pseudonymised, researchers only)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from followon.core.db_routers import replica_reads
from followon.core.permissions import staff_required
from followon.insights.export import COLUMN_DESCRIPTIONS, clean_project, research_export_csv
from followon.insights.selectors import dashboard, research_export_summary
from followon.insights.suppression import activity_count
from followon.insights.survival import format_months
from followon.organisations.models import StaffRole
from followon.outcomes.instruments import QUESTIONNAIRES


# Aggregates only, for the service's clinicians, service admins and researchers (ADR 0025): every
# figure follows the one small-number rule in `suppression`, so no role sees anything about one person.
@staff_required(StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.RESEARCHER)
def dashboard_view(request):
    with replica_reads():  # aggregates may be seconds behind (docs/deploy.md)
        context = dashboard(service=request.service, programme_page=request.GET.get("page"))
    context["page_title"] = gettext("Insights")
    context["months"] = format_months
    context["km_rows"] = [
        {
            "time": format_months(row.time),
            "at_risk": activity_count(row.at_risk),  # groups, not people (ADR 0025)
            "survival": f"{row.survival:.0%}",
            "ci": gettext("%(lower)s to %(upper)s") % {"lower": f"{row.ci_lower:.0%}", "upper": f"{row.ci_upper:.0%}"}
            if row.ci_lower is not None
            else "-",
        }
        for row in context["km_table"]
    ]
    return render(request, "insights/dashboard.jinja", context)


# Researchers only (docs/adr/0015-research-export.md): service admins and clinicians see aggregates on
# the dashboard; record-level research data goes to the people the service has named as researchers.
@staff_required(StaffRole.Role.RESEARCHER)
def research_export_view(request):
    """What the research export holds, and the CSV and FHIR downloads (POST, audited)."""
    project = ""
    error = ""
    if request.method == "POST":
        project = request.POST.get("project", "")[:200]
        export_format = request.POST.get("format")
        try:
            project = clean_project(project)
        except ValueError as problem:
            error = str(problem)
        else:
            stamp = timezone.localdate().isoformat()
            if export_format == "fhir":
                # fhir.resources (pydantic models) takes a quarter of a second to import: only when asked.
                from followon.insights.fhir import research_export_fhir  # noqa: PLC0415 - see above

                text, _ = research_export_fhir(service=request.service, project=project, actor=request.user)
                response = HttpResponse(text, content_type="application/fhir+json; charset=utf-8")
                name = f"followon-research-{project}-{stamp}-fhir.json"
            else:
                text = research_export_csv(service=request.service, project=project, actor=request.user)
                response = HttpResponse(text, content_type="text/csv; charset=utf-8")
                name = f"followon-research-{project}-{stamp}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            response["Cache-Control"] = "no-store"
            return response
    title = gettext("Research export")
    with replica_reads():
        context = research_export_summary(service=request.service)
    context.update(
        {
            "page_title": gettext("Error: %(title)s") % {"title": title} if error else title,
            "project": project,
            "error": error,
            "columns": COLUMN_DESCRIPTIONS,
            "questionnaires": list(QUESTIONNAIRES.values()),
        }
    )
    return render(request, "insights/research_export.jinja", context, status=400 if error else 200)
