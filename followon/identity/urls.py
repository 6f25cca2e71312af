from django.urls import path

from followon.identity import views

app_name = "identity"

urlpatterns = [
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("staff/cis2/", views.staff_links, name="staff-links"),
    path("staff/cis2/<uuid:public_id>/invite/", views.staff_link_invite, name="staff-link-invite"),
    path("staff/cis2/<uuid:public_id>/remove/", views.staff_link_remove, name="staff-link-remove"),
    path("staff/cis2/invitations/<uuid:public_id>/cancel/", views.staff_link_cancel, name="staff-link-cancel"),
]
