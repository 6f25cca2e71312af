"""Platform operators choose each pain service's national sign-in routes here (/platform-admin/)."""

from django.contrib import admin

from followon.identity.models import NationalIdentity, ServiceSignInSettings, StaffIdentityInvitation


@admin.register(ServiceSignInSettings)
class ServiceSignInSettingsAdmin(admin.ModelAdmin):
    list_display = ["service", "nhs_login_enabled", "nhs_login_environment", "cis2_enabled", "cis2_environment"]
    list_select_related = ["service"]
    fieldsets = [
        (None, {"fields": ["service"]}),
        (
            "NHS login (members)",
            {
                "fields": [
                    "nhs_login_enabled",
                    "nhs_login_environment",
                    "nhs_login_client_id",
                    "nhs_login_level",
                    "nhs_login_keeps_nhs_number",
                ]
            },
        ),
        ("NHS CIS2 (staff)", {"fields": ["cis2_enabled", "cis2_environment", "cis2_client_id", "cis2_level"]}),
    ]


@admin.register(NationalIdentity)
class NationalIdentityAdmin(admin.ModelAdmin):
    """Read-only evidence of who linked what; the NHS number is never shown, even here."""

    list_display = ["public_id", "provider", "environment", "how", "linked_at", "last_signed_in_at", "level"]
    list_filter = ["provider", "environment", "how"]
    exclude = ["nhs_number_encrypted", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaffIdentityInvitation)
class StaffIdentityInvitationAdmin(admin.ModelAdmin):
    list_display = ["public_id", "service", "provider", "status", "created_at", "expires_at"]
    list_filter = ["service", "status"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
