"""Platform operators' view of accounts (/platform-admin/, MFA required: see admin_site.py).

Read-mostly: consent records and invitations are evidence and are never edited here.
"""

from django.contrib import admin

from followon.accounts.models import (
    AccountClosureRequest,
    ConsentNotice,
    ConsentRecord,
    Invitation,
    ServiceMembership,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["public_id", "preferred_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "mobile", "preferred_name"]
    fields = [
        "public_id",
        "preferred_name",
        "legal_name",
        "email",
        "email_verified_at",
        "mobile",
        "mobile_verified_at",
        "preferred_channel",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
        "last_login",
    ]
    readonly_fields = ["public_id", "date_joined", "last_login", "email_verified_at", "mobile_verified_at"]


@admin.register(ServiceMembership)
class ServiceMembershipAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "service", "joined_at", "left_at"]
    list_filter = ["service"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "service", "channel", "status", "created_at", "expires_at"]
    list_filter = ["service", "status", "channel"]
    exclude = ["token_hash"]


@admin.register(ConsentNotice)
class ConsentNoticeAdmin(ReadOnlyAdmin):
    list_display = ["service", "kind", "version", "published_at"]
    list_filter = ["service", "kind"]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "service", "kind", "version", "decision", "channel", "recorded_at", "is_current"]
    list_filter = ["service", "kind", "decision", "is_current"]


@admin.register(AccountClosureRequest)
class AccountClosureRequestAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "service", "status", "requested_at", "completed_at"]
    list_filter = ["service", "status"]
