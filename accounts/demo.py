"""The demo company for `manage.py seed_demo`: Acme Retail's org tree, about 50
employees, the personas and the categories. Idempotent: every row is found by its
natural key (team name under its parent, email, category slug) before it is made."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import Team, User
from ideas.models import Category

PASSWORD = "frontline-demo-2026"
TIME_ZONE = "Europe/London"

K = Team.Kind
# (team, kind, parent, manager, other members). Managers and members are display names.
ORG = [
    ("Acme Retail", K.COMPANY, None, "Priya Shah", ["Carol Clark", "Tom Reid"]),
    ("North region", K.REGION, "Acme Retail", "Nora North", []),
    ("South region", K.REGION, "Acme Retail", "Samuel Okafor", []),
    ("Online & Phone", K.REGION, "Acme Retail", "Fiona Grant", []),
    (
        "Leeds store",
        K.STORE,
        "North region",
        "Bob Baker",
        ["Alice Archer", "Imran Hussain", "Chloe Walsh", "Liam Brennan"],
    ),
    (
        "Manchester store",
        K.STORE,
        "North region",
        "Grace Obi",
        ["Ryan Cooper", "Aisha Begum", "Josh Taylor", "Megan Lloyd"],
    ),
    (
        "Newcastle store",
        K.STORE,
        "North region",
        "Callum Reed",
        ["Sophie Charlton", "Daniel Robson", "Holly Bell"],
    ),
    (
        "Bristol contact centre",
        K.CONTACT_CENTRE,
        "South region",
        "Erin Evans",
        ["Dave Davies", "Hannah Price", "Marcus Green", "Zara Ahmed", "Owen Jenkins"],
    ),
    (
        "Brighton store",
        K.STORE,
        "South region",
        "Lucy Fairweather",
        ["Tariq Malik", "Ellie Dawson", "Jack Turner"],
    ),
    (
        "Cardiff store",
        K.STORE,
        "South region",
        "Rhys Morgan",
        ["Seren Hughes", "Dylan Thomas", "Amira Khan"],
    ),
    (
        "Glasgow contact centre",
        K.CONTACT_CENTRE,
        "Online & Phone",
        "Kirsty MacLeod",
        ["Euan Fraser", "Niamh Doherty", "Ravi Patel", "Morag Stewart"],
    ),
    (
        "Digital team",
        K.DEPARTMENT,
        "Online & Phone",
        "Ben Carter",
        ["Yasmin Ali", "Oliver Price", "Freya Nolan"],
    ),
    (
        "Customer operations",
        K.DEPARTMENT,
        "Acme Retail",
        "Helen Wright",
        ["Sanjay Mehta", "Katie Moore", "Adam Novak"],
    ),
    (
        "Delivery & logistics",
        K.FIELD,
        "Acme Retail",
        "Gary Holt",
        ["Paul Kowalski", "Jade Simpson", "Femi Adeyemi"],
    ),
]

# Everyone can log in with PASSWORD; these are the ones the README and the tests name.
PERSONAS = {
    "alice": ("Alice Archer", "alice@example.com"),  # frontline staff, Leeds store
    "bob": ("Bob Baker", "bob@example.com"),  # manager of the Leeds store
    "nora": ("Nora North", "nora@example.com"),  # manager of the North region
    "carol": ("Carol Clark", "carol@example.com"),  # CX lead, admin
    "dave": ("Dave Davies", "dave@example.com"),  # Bristol contact centre
    "erin": ("Erin Evans", "erin@example.com"),  # manager of the Bristol contact centre
}
CX_LEADS = {"Carol Clark"}

# (name, slug, description, owning team or None: then ideas go to the author's team)
CATEGORIES = [
    (
        "Returns & refunds",
        "returns-refunds",
        "Returning items, refunds and exchanges, in store and by post.",
        "Customer operations",
    ),
    (
        "Store experience",
        "store-experience",
        "Queues, layout, stock on the shelf, fitting rooms, tills.",
        None,
    ),
    (
        "Delivery",
        "delivery",
        "Home delivery, click & collect, tracking and missed parcels.",
        "Delivery & logistics",
    ),
    (
        "Digital",
        "digital",
        "The website, the app, online accounts and checkout.",
        "Digital team",
    ),
    (
        "Billing",
        "billing",
        "Payments, receipts, gift cards and price promises.",
        "Customer operations",
    ),
    (
        "Contact centre",
        "contact-centre",
        "Calls, chat and email with customers: waits, transfers, call-backs.",
        "Online & Phone",
    ),
]


def email_for(name: str) -> str:
    for persona_name, email in PERSONAS.values():
        if persona_name == name:
            return email
    return name.lower().replace(" ", ".") + "@example.com"


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _team(name: str, kind: str, parent: Team | None) -> Team:
    team, _ = Team.objects.get_or_create(name=name, parent=parent, defaults={"kind": kind})
    return team


def _user(name: str, team: Team, password_hash: str) -> User:
    email = email_for(name)
    is_cx_lead = name in CX_LEADS
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": name,
            "team": team,
            "password": password_hash,
            "time_zone": TIME_ZONE,
            "is_cx_lead": is_cx_lead,
            "is_staff": is_cx_lead,
        },
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def seed_company(*, stdout=None) -> dict:
    """Make (or find) the demo company. Returns what ideas.demo.seed_content needs:
    {"personas": {"alice": User, ...}, "users": [User], "teams": [Team],
     "categories": [Category]}."""
    # One hash for everyone: hashing 50 passwords one by one would take many seconds.
    password_hash = make_password(PASSWORD)
    teams: dict[str, Team] = {}
    users: list[User] = []
    for name, kind, parent, manager_name, member_names in ORG:
        team = teams[name] = _team(name, kind, teams.get(parent))
        manager = _user(manager_name, team, password_hash)
        if team.manager_id != manager.pk:
            team.manager = manager
            team.save(update_fields=["manager"])
        users += [manager, *(_user(member, team, password_hash) for member in member_names)]
    categories = [
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "owning_team": teams.get(owner),
            },
        )[0]
        for name, slug, description, owner in CATEGORIES
    ]
    by_email = {user.email: user for user in users}
    personas = {key: by_email[email] for key, (_, email) in PERSONAS.items()}
    _say(stdout, f"Company: {len(teams)} teams, {len(users)} people, {len(categories)} categories.")
    return {
        "personas": personas,
        "users": users,
        "teams": list(teams.values()),
        "categories": categories,
    }
