from django.urls import path

from followon.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="index"),
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/service/", views.service_detail, name="service-detail"),
]
