"""Sessions move to accounts.UserSession: Django's session row with the signed-in user's id beside it,
so a signed-in page reads the session and its user in one query (ADR 0030, issue 16).

The sessions already in django_session move with it (nobody is signed out by the release), each with
the user id its data names (read with the running secret key; a session it cannot read keeps no id,
and then its user is read as before, with a query of its own, until the session is next saved).
Reversing moves them back.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations, models

BATCH = 2000


def _user_id(data: str):
    # The data is signed with a salt named after the store class, SessionStore (accounts.sessions keeps the name).
    value = SessionStore().decode(data).get(SESSION_KEY)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def move_to_user_sessions(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    UserSession = apps.get_model("accounts", "UserSession")
    while rows := list(Session.objects.order_by("session_key")[:BATCH]):
        UserSession.objects.bulk_create(
            [
                UserSession(
                    session_key=row.session_key,
                    session_data=row.session_data,
                    expire_date=row.expire_date,
                    user_id=_user_id(row.session_data),
                )
                for row in rows
            ],
            ignore_conflicts=True,
        )
        Session.objects.filter(session_key__in=[row.session_key for row in rows]).delete()


def move_back(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    UserSession = apps.get_model("accounts", "UserSession")
    while rows := list(UserSession.objects.order_by("session_key")[:BATCH]):
        Session.objects.bulk_create(
            [Session(session_key=r.session_key, session_data=r.session_data, expire_date=r.expire_date) for r in rows],
            ignore_conflicts=True,
        )
        UserSession.objects.filter(session_key__in=[row.session_key for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_notices_say_what_the_clinician_sees"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="UserSession",
            fields=[
                ("session_key", models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name="session key")),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "session"},
        ),
        migrations.RunPython(move_to_user_sessions, move_back),
    ]
