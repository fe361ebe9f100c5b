from django.core.management.base import BaseCommand, CommandError

from bench import dataset


class Command(BaseCommand):
    help = (
        "Fill an empty database with a generated company (bench/dataset.py): --scale "
        "small for tests and CI, large (10,000 people, 100,000 ideas, 1,000,000 votes) "
        "for the benchmark. For throwaway databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(dataset.SCALES), default="small")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete EVERYTHING in the database first (every table is emptied).",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing if the database already holds a dataset of this scale.",
        )
        parser.add_argument("--seed", type=int, default=12)

    def handle(self, *args, scale, replace, reuse, seed, **options):
        existing = dataset.current_dataset()
        if reuse and existing and existing.scale == scale and dataset.has_posts():
            self.stdout.write(f"Reusing the {existing} already in this database.")
            return
        if dataset.has_posts() or existing:
            if not replace:
                raise CommandError(
                    "This database already has posts: generate_dataset fills empty, "
                    "throwaway databases only. Use --replace to delete everything in it "
                    "first."
                )
            self.stdout.write("Deleting everything in the database (--replace) …")
            dataset.delete_everything()
        self.stdout.write(f"Generating the {scale} dataset …")
        generator = dataset.Generator(dataset.SCALES[scale], seed=seed, log=self.stdout.write)
        report = generator.run()
        for label, rows in report["rows"].items():
            self.stdout.write(f"  {label}: {rows:,} rows")
        repaired = sum(report["repaired"].values())
        self.stdout.write(
            "recount: "
            + ", ".join(f"{counter} {n}" for counter, n in report["repaired"].items())
            + f" repaired ({repaired} in all)"
        )
        unindexed = sum(report["unindexed_posts"].values())
        self.stdout.write(
            "search index: "
            + ", ".join(f"{label} {n}" for label, n in report["unindexed_posts"].items())
            + " posts missing"
        )
        if repaired or unindexed:
            raise CommandError("The generated counts or search index were not exact.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {report['seconds']:.0f} s: every stored count, trending score and "
                "search index entry is exact."
            )
        )
