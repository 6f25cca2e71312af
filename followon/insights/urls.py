from django.urls import path

from followon.insights import views

app_name = "insights"

urlpatterns = [
    path("staff/insights/", views.dashboard_view, name="dashboard"),
    path("staff/insights/research-export/", views.research_export_view, name="research-export"),
]
