from django.contrib import admin

from followon.notifications.models import ServiceChannelSettings


@admin.register(ServiceChannelSettings)
class ServiceChannelSettingsAdmin(admin.ModelAdmin):
    """Platform operators choose a pain service's channels here (e.g. SMTP through its NHSmail relay)."""

    list_display = ["service", "sms_channel", "email_channel", "updated_at"]
    list_select_related = ["service"]
