from django.contrib.auth import views as auth_views
from django.shortcuts import render

from followon.accounts.forms import StaffSignInForm


class StaffSignInView(auth_views.LoginView):
    template_name = "accounts/staff_sign_in.jinja"
    authentication_form = StaffSignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in as staff"}


class SignOutView(auth_views.LogoutView):
    next_page = "core:home"


def sign_in(request):
    return render(request, "accounts/sign_in.jinja", {"page_title": "Sign in"})
