from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import PASSWORD, seed_company
from accounts.models import User
from ideas import rate_limits
from ideas.demo import seed_content
from ideas.demo_cards import seed_cards
from ideas.demo_history import seed_digest_for, seed_history
from insights.demo_huddle import seed_huddle
from insights.demo_insights import seed_hot_spot
from moderation.demo import seed_reports


class Command(BaseCommand):
    help = (
        "Fill the site with a believable demo company a few months into using Frontline: an "
        "org tree, about 50 employees, observations, ideas in every status with their "
        "comments and escalations. Safe to run again: it creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has users (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("The site already has users: no demo data added.")
            return
        with transaction.atomic(), rate_limits.lifted():
            people = seed_company(stdout=self.stdout)
            if seed_content(people=people, stdout=self.stdout):
                seed_history(people=people, stdout=self.stdout)
                seed_reports(people=people, stdout=self.stdout)
                seed_hot_spot(people=people)
                seed_huddle(people=people, stdout=self.stdout)
                seed_cards(stdout=self.stdout)
                seed_digest_for(people["personas"]["alice"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo account's password is {PASSWORD}.")
        )
