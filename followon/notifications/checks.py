"""System checks: a deployment that cannot send its messages should say so at start-up."""

from django.core import checks

from followon.notifications import conf
from followon.notifications.channels import CHANNEL_NAMES


@checks.register(checks.Tags.compatibility)
def check_notification_settings(app_configs=None, **kwargs):
    problems = []
    sms, email = conf.get("NOTIFICATIONS_SMS_CHANNEL"), conf.get("NOTIFICATIONS_EMAIL_CHANNEL")
    if sms not in CHANNEL_NAMES["sms"]:
        problems.append(
            checks.Error(
                f"NOTIFICATIONS_SMS_CHANNEL is {sms!r}", hint="Use notify or console.", id="notifications.E001"
            )
        )
    if email not in CHANNEL_NAMES["email"]:
        problems.append(
            checks.Error(
                f"NOTIFICATIONS_EMAIL_CHANNEL is {email!r}",
                hint="Use notify, smtp or console.",
                id="notifications.E002",
            )
        )
    if "notify" in (sms, email):
        if len(conf.get("NOTIFY_API_KEY")) < 74:
            problems.append(
                checks.Warning(
                    "GOV.UK Notify is chosen but NOTIFY_API_KEY is missing or not a Notify API key",
                    hint="Messages will wait and then fail until it is set.",
                    id="notifications.W001",
                )
            )
        for name, channel in (("NOTIFY_SMS_TEMPLATE_ID", sms), ("NOTIFY_EMAIL_TEMPLATE_ID", email)):
            if channel == "notify" and not conf.get(name):
                problems.append(checks.Warning(f"{name} is empty", id="notifications.W002"))
    limit, window = int(conf.get("NOTIFY_RATE_LIMIT")), int(conf.get("NOTIFY_RATE_WINDOW_SECONDS"))
    if window <= 0 or limit <= 0 or limit * 60 / window > conf.NOTIFY_HARD_LIMIT_PER_MINUTE:
        problems.append(
            checks.Error(
                f"NOTIFY_RATE_LIMIT {limit} per {window}s is above GOV.UK Notify's "
                f"{conf.NOTIFY_HARD_LIMIT_PER_MINUTE} a minute",
                id="notifications.E003",
            )
        )
    return problems
