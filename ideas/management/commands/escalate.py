"""`manage.py escalate`: run the escalation scan once, now, and say what it did."""

from django.core.management.base import BaseCommand

from ideas import escalation


class Command(BaseCommand):
    help = "Fire every escalation that is due now (the scan beat runs every few minutes)."

    def handle(self, *args, **options):
        report = escalation.scan()
        for fired in report.fired:
            self.stdout.write(f"Escalated {fired}")
        self.stdout.write(report.summary())
