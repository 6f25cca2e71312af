"""The admin app, pointed at PlatformAdminSite (kept apart: loaded before models are)."""

from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    default_site = "followon.accounts.admin_site.PlatformAdminSite"
