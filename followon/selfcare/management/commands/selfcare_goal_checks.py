"""Send this week's goal check texts (run weekly, e.g. Monday 10:00 UK time, from cron or a scheduler).

Safe to run more than once a week: each goal's text has one outbox key per week, and a goal
already answered this week is skipped.
"""

from django.core.management.base import BaseCommand

from followon.selfcare.services import goal_checks_send


class Command(BaseCommand):
    help = "Text members about one active weekly goal each; their DONE / PARTLY / NOT THIS WEEK reply records it."

    def handle(self, *args, **options):
        sent = goal_checks_send()
        self.stdout.write(f"goal checks sent: {sent}")
