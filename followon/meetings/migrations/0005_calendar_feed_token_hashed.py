"""Calendar feed tokens stored as a SHA-256, like every other link token (issue 19).

The plain tokens may have been read from the database or the access log, so none is kept: every feed
gets a fresh random token, of which only the hash is stored and which nobody is shown, so each old link
stops working at once. `reissued_at` makes the member's calendar page say their link changed and offer
a new one."""

import hashlib
import secrets

from django.db import migrations, models
from django.utils import timezone


def reissue_feeds(apps, schema_editor):
    CalendarFeed = apps.get_model("meetings", "CalendarFeed")
    now = timezone.now()
    for feed in CalendarFeed.objects.all().only("id", "revoked_at"):
        feed.token_hash = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()
        feed.reissued_at = None if feed.revoked_at else now
        feed.save(update_fields=["token_hash", "reissued_at"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_attendancequestion")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed", name="token_hash", field=models.CharField(max_length=64, null=True)
        ),
        migrations.AddField(
            model_name="calendarfeed", name="reissued_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.RunPython(reissue_feeds, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed", name="token_hash", field=models.CharField(max_length=64, unique=True)
        ),
    ]
