from django.urls import path

from followon.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("staff/sign-in/", views.StaffSignInView.as_view(), name="staff-sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
]
