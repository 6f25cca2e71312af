from django.urls import path

from followon.core import views

app_name = "core"

urlpatterns = [
    path("need-help-now/", views.need_help, name="need-help"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("staff/switch-service/", views.switch_service, name="switch-service"),
    path("staff/audit/", views.audit_list, name="audit-list"),
    path("staff/audit/<uuid:public_id>/", views.audit_detail, name="audit-detail"),
]
