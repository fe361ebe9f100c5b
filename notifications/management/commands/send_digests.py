from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import digest_context, digests
from notifications.models import Digest


class Command(BaseCommand):
    help = (
        "Build and queue the digests now, for everyone with that preference, whatever "
        "their local time. A person who already has this period's digest gets nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            choices=Digest.Period.values,
            help="Only daily or only weekly digests (default: both, per each person's choice).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would get what, and write nothing.",
        )

    def handle(self, *args, period=None, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            self._dry_run(now, period)
            return
        ids = digests.plan_digests(now=now, period=period, ignore_hour=True, fan_out=False)
        totals = {"built": 0, "empty": 0, "skipped": 0}
        for start in range(0, len(ids), digests.CHUNK):
            result = digests.build_and_queue(ids[start : start + digests.CHUNK], now=now)
            for key, count in result.items():
                totals[key] += count
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(ids)} digest(s) due: {totals['built']} email(s) queued, "
                f"{totals['empty']} with nothing to say, {totals['skipped']} skipped "
                "(being built elsewhere)."
            )
        )

    def _dry_run(self, now, period):
        planned = digests.due_digests(now=now, period=period, ignore_hour=True)
        contexts = digest_context.DigestReader(now=now).contexts(planned)
        sending = 0
        for digest, context in zip(planned, contexts, strict=True):
            if context["is_empty"]:
                what = "nothing to say, no email"
            else:
                sending += 1
                what = digest_context.subject(context, settings.SITE_NAME)
            self.stdout.write(f"{digest.user.email} ({digest.period}): {what}")
        self.stdout.write(
            f"Dry run: {len(planned)} digest(s) due, {sending} email(s) would be queued, "
            f"{len(planned) - sending} with nothing to say. Nothing was written."
        )
