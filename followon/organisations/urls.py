from django.urls import path

from followon.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("service/", views.service_detail, name="service-detail"),
]
