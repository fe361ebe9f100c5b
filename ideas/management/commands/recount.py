from django.core.management.base import BaseCommand

from ideas.counters import recount_all


class Command(BaseCommand):
    help = (
        "Repair every stored counter (votes, followers, comments, evidence, seen this "
        "too, ideas per observation, trending score) from the rows it counts."
    )

    def handle(self, *args, **options):
        repaired = recount_all()
        for counter, rows in repaired.items():
            self.stdout.write(f"{counter}: {rows} row{'s' if rows != 1 else ''} repaired")
        total = sum(repaired.values())
        if total:
            self.stdout.write(self.style.WARNING(f"{total} repaired in all."))
        else:
            self.stdout.write(self.style.SUCCESS("Every counter was right."))
