from django.urls import path

from followon.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="index"),
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/service/", views.service_detail, name="service-detail"),
    # The demo profile only (DEMO_PHONE_ENABLED); a 404 everywhere else.
    path("demo/phone/", views.demo_phone, name="demo-phone"),
    path("demo/phone/<uuid:public_id>/", views.demo_phone_member, name="demo-phone-member"),
]
