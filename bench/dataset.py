"""A company-sized dataset for the benchmark: `manage.py generate_dataset --scale`.

`large` is 10,000 people in 500 teams (company → regions → stores and contact
centres) posting for two years: 100,000 ideas in every status with their timelines,
200,000 observations, 1,000,000 votes on a Zipf curve (a few ideas with thousands,
most with a handful), 100,000 comments, evidence links, "seen this too", tags,
follows as the app makes them (the author, every voter and every commenter of an
idea follows it) and the escalations the scan would have fired until a day ago.
`small` has the same shapes for tests and CI.

Everything is planned in memory first, so that each stored count and trending score
is written with its post, then loaded in one transaction (bench/loader.py). The
`recount` repair runs afterwards and must find nothing to repair.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import DigestFrequency, Team, User
from bench import words
from bench.loader import Loader
from bench.models import Dataset
from ideas import escalation, pain, trending
from ideas.counters import recount_all
from ideas.models import (
    OPEN_STATUSES,
    Category,
    Comment,
    Escalation,
    EscalationPolicy,
    Evidence,
    Follow,
    Idea,
    IdeaEvent,
    IdeaTally,
    JourneyStage,
    Observation,
    SeenThisToo,
    Sentiment,
    Status,
    Tag,
    Touchpoint,
    Vote,
)

# Everyone signs in with this password (one hash for all: hashing 10,000 would take
# minutes). Generated data only.
PASSWORD = "frontline-bench-2026"
EMAIL = "person{n}@bench.example.com"
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Scale:
    name: str
    users: int
    teams: int
    ideas: int
    observations: int
    votes: int
    comments: int
    evidence: int
    seen: int
    days: int = 730
    tags: int = 40


SCALES = {
    "small": Scale("small", 200, 20, 2000, 4000, 20_000, 2000, 2000, 4000, days=365),
    "large": Scale("large", 10_000, 500, 100_000, 200_000, 1_000_000, 100_000, 100_000, 200_000),
}

# Share of ideas per status, a company two years into the programme. Ideas older than
# a month are rarely still unanswered (STALE_SUBMITTED of them).
STATUSES = {
    Status.SUBMITTED: 0.20,
    Status.UNDER_REVIEW: 0.15,
    Status.PLANNED: 0.15,
    Status.IN_PROGRESS: 0.10,
    Status.DONE: 0.25,
    Status.DECLINED: 0.12,
    Status.MERGED: 0.03,
}
STALE_SUBMITTED = 0.15
# The status changes that lead to each status.
PATHS = {
    Status.SUBMITTED: [],
    Status.UNDER_REVIEW: [Status.UNDER_REVIEW],
    Status.PLANNED: [Status.UNDER_REVIEW, Status.PLANNED],
    Status.IN_PROGRESS: [Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS],
    Status.DONE: [Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS, Status.DONE],
    Status.DECLINED: [Status.UNDER_REVIEW, Status.DECLINED],
    Status.MERGED: [Status.MERGED],
}
CATEGORIES = {
    # name: owning team ("region": the first region; None: the author's team)
    "Returns and refunds": "region",
    "Delivery": "region",
    "Checkout and payment": None,
    "Online and app": "company",
    "Contact centre": None,
    "Store layout": None,
    "Loyalty": None,
    "Accessibility": None,
}
VOTE_ZIPF = 0.8  # exponent of the votes' Zipf curve over ideas
SEEN_ZIPF = 0.9


def zipf_counts(n: int, total: int, *, cap: int, minimum: int, s: float) -> list[int]:
    """n counts, largest first, proportional to 1/rank**s within [minimum, cap], that
    add up to exactly `total` (when the bounds allow it)."""
    weights = [(rank + 1) ** -s for rank in range(n)]

    def counts_at(scale):
        return [min(cap, max(minimum, int(w * scale))) for w in weights]

    low, high = 0.0, float(total) * 2
    for _ in range(50):
        middle = (low + high) / 2
        if sum(counts_at(middle)) > total:
            high = middle
        else:
            low = middle
    counts = counts_at(low)
    short = total - sum(counts)
    rank = 0
    while short > 0 and rank < n * 4:  # spread the rounding over the head, under the cap
        if counts[rank % n] < cap:
            counts[rank % n] += 1
            short -= 1
        rank += 1
    return counts


def between(rng, start, end, skew: float = 1.0):
    """A moment in [start, end]; skew > 1 leans towards the start."""
    return start + (end - start) * (rng.random() ** skew)


class Generator:
    def __init__(self, scale: Scale, *, seed: int = 12, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()
        self.loader = Loader()
        self.policy = EscalationPolicy.current()

    # --- The plan ---------------------------------------------------------------

    def run(self) -> dict:
        started = time.monotonic()
        with transaction.atomic():
            if self.loader.postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            self.loader.drop_indexes(LOADED_MODELS)
            self._org()
            self._taxonomy()
            self._observations()
            self._ideas()
            self._reactions()
            self._comments()
            self._load_posts()
            self._load_rows()
            self.log(f"  loaded in {time.monotonic() - started:.0f} s; building indexes")
            self.loader.build_indexes()
            self._reset_sequences()
            self._escalations()
            if self.loader.postgres:
                with connection.cursor() as cursor:
                    # Statistics for the next statement's plan: without them the
                    # planner takes the fresh tables for empty and scans them per idea.
                    cursor.execute("ANALYZE")
            # Customer pain is a function of the evidence rows: computed by the
            # database, as the app keeps it (ideas/pain.py), once the rows are in.
            Idea.objects.update(**pain.pain_values())
            self.log(f"  customer pain computed after {time.monotonic() - started:.0f} s")
        self.log(f"  committed after {time.monotonic() - started:.0f} s; checking the counts")
        if self.loader.postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
        repaired = recount_all()
        report = {
            "scale": self.scale.name,
            "rows": dict(self.loader.rows),
            "repaired": repaired,
            "unindexed_posts": unindexed_posts(),
        }
        report["seconds"] = round(time.monotonic() - started, 1)
        Dataset.objects.create(
            scale=self.scale.name, seconds=report["seconds"], counts=report["rows"]
        )
        return report

    def _ids(self, model, count: int) -> range:
        start = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        return range(start, start + count)

    # --- People and the org tree --------------------------------------------------

    def _org(self):
        scale, rng = self.scale, self.rng
        regions = max(2, round((scale.teams - 1) / 20))
        team_ids = self._ids(Team, scale.teams)
        user_ids = self._ids(User, scale.users)
        company = team_ids[0]
        self.region_ids = list(team_ids[1 : 1 + regions])
        self.leaf_ids = list(team_ids[1 + regions :])
        parent = {company: None, **dict.fromkeys(self.region_ids, company)}
        for n, leaf in enumerate(self.leaf_ids):
            parent[leaf] = self.region_ids[n % regions]
        self.path = {}
        for team in team_ids:  # parents come first
            self.path[team] = (self.path[parent[team]] if parent[team] else "/") + f"{team}/"
        # The first person of each region and leaf is its manager (9 leaves in 10 have
        # one); the company has the CX leads and no manager.
        cx_leads = max(2, scale.users // 1000)
        home = [*self.region_ids, *self.leaf_ids]
        self.team_of = {}
        for n, user in enumerate(user_ids):
            if n < len(home):
                self.team_of[user] = home[n]
            elif n < len(home) + cx_leads:
                self.team_of[user] = company
            else:
                self.team_of[user] = rng.choice(self.leaf_ids)
        self.cx_lead_ids = list(user_ids[len(home) : len(home) + cx_leads])
        self.manager_of = {
            team: user_ids[n]
            for n, team in enumerate(home)
            if team in self.region_ids or rng.random() < 0.9
        }
        self.user_ids = list(user_ids)
        kinds = {company: Team.Kind.COMPANY, **dict.fromkeys(self.region_ids, Team.Kind.REGION)}
        names = {company: "Acme"}
        for n, region in enumerate(self.region_ids):
            names[region] = f"Region {n + 1}"
        for n, leaf in enumerate(self.leaf_ids):
            centre = n % 5 == 4
            kinds[leaf] = Team.Kind.CONTACT_CENTRE if centre else Team.Kind.STORE
            names[leaf] = f"{'Contact centre' if centre else 'Store'} {n + 1}"
        self.team_name = names
        self.loader.load(
            Team,
            ["id", "name", "kind", "parent_id", "manager_id", "path", "depth"],
            (
                (t, names[t], kinds[t], parent[t], self.manager_of.get(t), self.path[t],
                 self.path[t].count("/") - 2)
                for t in team_ids
            ),
        )  # fmt: skip
        password = make_password(PASSWORD)
        cx = set(self.cx_lead_ids)
        joined = self.now - timedelta(days=scale.days + 30)
        self.loader.load(
            User,
            ["id", "password", "email", "display_name", "team_id", "is_cx_lead", "is_staff",
             "is_active", "is_superuser", "date_joined", "time_zone", "digest_frequency"],
            (
                (u, password, EMAIL.format(n=n), f"Person {n}", self.team_of[u], u in cx,
                 u in cx, True, False, joined, "Europe/London", DigestFrequency.DAILY)
                for n, u in enumerate(self.user_ids)
            ),
        )  # fmt: skip
        self.loader.load(
            EmailAddress,
            ["user_id", "email", "verified", "primary"],
            ((u, EMAIL.format(n=n), True, True) for n, u in enumerate(self.user_ids)),
        )

    def _taxonomy(self):
        self.tag_ids = [
            Tag.objects.get_or_create(name=word)[0].pk for word in words.CX_WORDS[: self.scale.tags]
        ]
        owners = {"region": self.region_ids[0], "company": self.team_ids_company(), None: None}
        self.categories = [
            Category.objects.get_or_create(
                name=name,
                defaults={"slug": name.lower().replace(" ", "-"), "owning_team_id": owners[owner]},
            )[0]
            for name, owner in CATEGORIES.items()
        ]

    def team_ids_company(self):
        return next(team for team, path in self.path.items() if path.count("/") == 2)

    # --- Posts ----------------------------------------------------------------------

    def _observations(self):
        scale, rng = self.scale, self.rng
        ids = self._ids(Observation, scale.observations)
        start = self.now - timedelta(days=scale.days)
        times = sorted(between(rng, start, self.now) for _ in ids)
        self.obs = [
            {"id": pk, "author": rng.choice(self.user_ids), "created": created}
            for pk, created in zip(ids, times, strict=True)
        ]
        self.obs_index = {o["id"]: o for o in self.obs}
        for o in self.obs:
            o.update(seen=0, comments=0, ideas=0)

    def _ideas(self):
        scale, rng = self.scale, self.rng
        ids = self._ids(Idea, scale.ideas)
        start = self.now - timedelta(days=scale.days)
        times = sorted(between(rng, start, self.now) for _ in ids)
        statuses, weights = list(STATUSES), list(STATUSES.values())
        self.ideas = []
        open_ids = []
        for pk, created in zip(ids, times, strict=True):
            author = rng.choice(self.user_ids)
            status = rng.choices(statuses, weights)[0]
            while (
                status == Status.SUBMITTED
                and self.now - created > 30 * DAY
                and rng.random() > STALE_SUBMITTED
            ) or (status == Status.MERGED and not open_ids):
                status = rng.choices(statuses, weights)[0]
            category = rng.choice([None, *self.categories])
            team = self.team_of[author]
            routed = category.owning_team_id if category and category.owning_team_id else team
            idea = {
                "id": pk, "author": author, "team": team, "routed": routed, "status": status,
                "created": created, "category": category.pk if category else None,
                "days": self.policy.unanswered_days_for(category),
                "anonymous": rng.random() < 0.08, "hidden": rng.random() < 0.005,
                "votes": [], "followers": set(), "comments": 0, "evidence": 0,
            }  # fmt: skip
            self._lifecycle(idea, open_ids)
            self.ideas.append(idea)
            if status != Status.MERGED:
                open_ids.append(pk)
        self.idea_index = {i["id"]: i for i in self.ideas}

    def _lifecycle(self, idea, earlier_ids):
        """The status changes, owner, target date, impact and merge of an idea."""
        rng, created = self.rng, idea["created"]
        path = PATHS[idea["status"]]
        steps, moment = [], created
        room = (self.now - created) / (len(path) + 1)
        for to in path:
            moment += min(timedelta(days=rng.uniform(0.2, 10)), room)
            steps.append((to, moment))
        idea["steps"] = steps
        idea["changed"] = steps[-1][1] if steps else created
        idea["first_response"] = steps[0][1] if steps else None
        idea["owner"] = idea["target"] = idea["done"] = idea["merged_into"] = None
        if idea["status"] in (Status.PLANNED, Status.IN_PROGRESS, Status.DONE):
            idea["owner"] = rng.choice(self.user_ids)
            idea["target"] = (steps[1][1] + timedelta(days=rng.randint(14, 90))).date()
        if idea["status"] == Status.DONE:
            idea["done"] = idea["changed"]
        if idea["status"] == Status.MERGED:
            idea["merged_into"] = rng.choice(earlier_ids)
        chain = [self.manager_of.get(idea["routed"])] + self.cx_lead_ids
        idea["actor"] = next(person for person in chain if person)

    # --- Votes, follows, evidence, "seen this too" ---------------------------------

    def _reactions(self):
        scale, rng = self.scale, self.rng
        votable = [i for i in self.ideas if i["status"] != Status.MERGED]
        counts = zipf_counts(
            len(votable), scale.votes, cap=int(scale.users * 0.8), minimum=1, s=VOTE_ZIPF
        )
        rng.shuffle(counts)
        users = self.user_ids
        for idea, count in zip(votable, counts, strict=True):
            voters = set(rng.sample(users, count))
            if idea["author"] not in voters:
                voters.pop()
                voters.add(idea["author"])
            end = idea["changed"] if idea["status"] not in OPEN_STATUSES else self.now
            votes = [
                (voter, idea["created"] if voter == idea["author"] else
                 between(rng, idea["created"], end, skew=3))
                for voter in sorted(voters)
            ]  # fmt: skip
            idea["votes"] = votes
            idea["followers"] = set(voters)
            idea["score"] = trending.score_of(idea["created"], [when for _, when in votes])
        self.evidence = set()
        while len(self.evidence) < scale.evidence:
            idea = rng.choice(votable)
            obs = rng.choice(self.obs)
            if (idea["id"], obs["id"]) not in self.evidence:
                self.evidence.add((idea["id"], obs["id"]))
                idea["evidence"] += 1
                obs["ideas"] += 1
        self.evidence = sorted(self.evidence)
        counts = zipf_counts(
            len(self.obs), scale.seen, cap=scale.users // 2, minimum=0, s=SEEN_ZIPF
        )
        rng.shuffle(counts)
        self.seen = []
        for obs, count in zip(self.obs, counts, strict=True):
            people = set(rng.sample(users, count)) - {obs["author"]}
            obs["seen"] = len(people)
            self.seen += [(obs["id"], person, between(rng, obs["created"], self.now, 3))
                          for person in sorted(people)]  # fmt: skip

    def _comments(self):
        scale, rng = self.scale, self.rng
        on_ideas = scale.comments * 7 // 10
        votable = [i for i in self.ideas if i["status"] != Status.MERGED]
        targets = rng.choices(votable, weights=[len(i["votes"]) for i in votable], k=on_ideas)
        targets += rng.choices(
            self.obs, weights=[o["seen"] + 1 for o in self.obs], k=scale.comments - on_ideas
        )
        ids = self._ids(Comment, scale.comments)
        self.comments = []
        for pk, target in zip(ids, targets, strict=True):
            author = rng.choice(self.user_ids)
            created = between(rng, target["created"], self.now, skew=2)
            body = words.sentence(rng, rng.randint(8, 30))
            is_idea = "votes" in target
            hidden = rng.random() < 0.005
            target["comments"] += not hidden  # a post counts its readable comments
            if is_idea:
                target["followers"].add(author)
            self.comments.append((pk, target["id"], is_idea, author, body, created, hidden))

    # --- Loading --------------------------------------------------------------------

    def _load_posts(self):
        rng, load = self.rng, self.loader.load
        touchpoints, stages = ["", *Touchpoint.values], ["", *JourneyStage.values]
        sentiments, segments = ["", *Sentiment.values], ["", "", "student", "business", "family"]
        load(
            Observation,
            ["id", "author_id", "team_id", "is_anonymous", "what_happened", "customer_words",
             "touchpoint", "journey_stage", "sentiment", "segment", "seen_count",
             "comment_count", "idea_count", "is_hidden", "created_at", "updated_at"],
            (
                (o["id"], o["author"], self.team_of[o["author"]], rng.random() < 0.1,
                 words.sentence(rng, rng.randint(12, 40)),
                 words.sentence(rng, rng.randint(0, 12)) if rng.random() < 0.7 else "",
                 rng.choice(touchpoints), rng.choice(stages), rng.choice(sentiments),
                 rng.choice(segments), o["seen"], o["comments"], o["ideas"],
                 rng.random() < 0.005, o["created"], o["created"])
                for o in self.obs
            ),
        )  # fmt: skip
        load(
            Idea,
            ["id", "author_id", "team_id", "routed_team_id", "is_anonymous", "title",
             "problem", "proposal", "expected_impact", "category_id", "status",
             "status_changed_at", "owner_id", "target_date", "impact", "merged_into_id",
             "first_response_at", "answer_due_at", "done_at", "comment_count",
             "evidence_count", "is_hidden", "created_at", "updated_at"],
            (
                (i["id"], i["author"], i["team"], i["routed"], i["anonymous"],
                 words.words(rng, rng.randint(4, 9)).capitalize()[:140],
                 words.sentence(rng, rng.randint(10, 30)),
                 words.sentence(rng, rng.randint(10, 40)),
                 words.sentence(rng, rng.randint(5, 12)) if rng.random() < 0.6 else "",
                 i["category"], i["status"], i["changed"], i["owner"], i["target"],
                 words.sentence(rng, 10) if i["done"] else "", i["merged_into"],
                 i["first_response"], i["created"] + timedelta(days=i["days"]), i["done"],
                 i["comments"], i["evidence"], i["hidden"], i["created"], i["changed"])
                for i in self.ideas
            ),
        )  # fmt: skip
        load(
            IdeaTally,
            ["idea_id", "vote_count", "follower_count", "trending_score"],
            (
                (i["id"], len(i["votes"]), len(i["followers"]),
                 i.get("score", trending.floor(i["created"])))
                for i in self.ideas
            ),
        )  # fmt: skip
        load(
            Comment,
            ["id", "idea_id", "observation_id", "author_id", "body", "body_html", "is_hidden",
             "created_at", "updated_at"],
            (
                (pk, target if is_idea else None, None if is_idea else target, author, body,
                 f"<p>{body}</p>", hidden, created, created)
                for pk, target, is_idea, author, body, created, hidden in self.comments
            ),
        )  # fmt: skip

    def _load_rows(self):
        rng, load = self.rng, self.loader.load
        load(
            Vote,
            ["idea_id", "user_id", "created_at"],
            ((i["id"], voter, when) for i in self.ideas for voter, when in i["votes"]),
        )
        load(
            Follow,
            ["idea_id", "user_id", "created_at"],
            (
                (i["id"], person, i["created"])
                for i in self.ideas
                for person in sorted(i["followers"])
            ),
        )
        load(
            Evidence,
            ["idea_id", "observation_id", "linked_by_id", "created_at"],
            (
                (idea, obs, self.idea_index[idea]["author"],
                 max(self.idea_index[idea]["created"], self.obs_index[obs]["created"]))
                for idea, obs in self.evidence
            ),
        )  # fmt: skip
        load(SeenThisToo, ["observation_id", "user_id", "created_at"], iter(self.seen))
        tags = self.tag_ids
        for model, posts in ((Idea, self.ideas), (Observation, self.obs)):
            through = model.tags.through
            column = f"{model._meta.model_name}_id"
            load(
                through,
                [column, "tag_id"],
                (
                    (p["id"], tag)
                    for p in posts
                    for tag in rng.sample(tags, rng.choice((0, 0, 1, 2)))
                ),
            )
        load(
            IdeaEvent,
            [
                "idea_id",
                "kind",
                "actor_id",
                "from_status",
                "to_status",
                "note",
                "comment_id",
                "observation_id",
                "other_idea_id",
                "data",
                "created_at",
            ],
            self._events(),
        )

    def _events(self):
        """The timeline rows the verbs would have written (posting.py, lifecycle.py,
        comments.py)."""
        kind = IdeaEvent.Kind
        for i in self.ideas:
            yield (i["id"], kind.SUBMITTED, i["author"], "", "", "", None, None, None, {},
                   i["created"])  # fmt: skip
            if i["routed"] != i["team"]:
                data = {"team_id": i["routed"], "team": self.team_name[i["routed"]]}
                yield (i["id"], kind.ROUTED, None, "", "", "", None, None, None, data,
                       i["created"])  # fmt: skip
            before = Status.SUBMITTED
            for to, when in i["steps"]:
                if to == Status.MERGED:
                    yield (i["id"], kind.MERGED, i["actor"], before, to, "The same idea.", None,
                           None, i["merged_into"], {"role": "merged"}, when)  # fmt: skip
                    yield (i["merged_into"], kind.MERGED, i["actor"], "", "", "The same idea.",
                           None, None, i["id"], {"role": "survivor"}, when)  # fmt: skip
                    continue
                note = "Thank you: we have decided." if to in (Status.DONE, Status.DECLINED) else ""
                yield (i["id"], kind.STATUS_CHANGED, i["actor"], before, to, note, None, None,
                       None, {}, when)  # fmt: skip
                before = to
        for idea, obs in self.evidence:
            i = self.idea_index[idea]
            yield (idea, kind.EVIDENCE_LINKED, i["author"], "", "", "", None, obs, None, {},
                   i["created"])  # fmt: skip
        for pk, target, is_idea, author, _body, created, _hidden in self.comments:
            if is_idea:
                yield (target, kind.COMMENTED, author, "", "", "", pk, None, None, {}, created)

    def _reset_sequences(self):
        models = [Team, User, Observation, Idea, Comment]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def _escalations(self):
        """The escalations the scan would have fired until a day ago (the next scan
        catches up on the last day, as after a short outage)."""
        rows = escalation_history(until=self.now - DAY)
        self.loader.load(
            Escalation,
            ["idea_id", "rule", "level", "team_id", "manager_id", "created_at", "resolved_at"],
            rows,
        )


# Their plain indexes are dropped during the load and built again afterwards.
LOADED_MODELS = [
    Team, User, EmailAddress, Observation, Idea, IdeaTally, Comment, Vote, Follow, Evidence,
    SeenThisToo, IdeaEvent, Escalation, Idea.tags.through, Observation.tags.through,
]  # fmt: skip


def escalation_history(until) -> list[tuple]:
    """(idea, rule, level, team, manager, created_at, resolved_at) of every escalation
    the scan would have fired by `until`, had beat been running: each level due of
    the ideas still unanswered, and the popular escalation of each popular idea."""
    chains = Team.manager_chains(Team.objects.all())
    roots = {team.pk: team.root_id for team in Team.objects.only("path")}
    rows = []
    unanswered = escalation.unanswered_candidates(until).values_list(
        "pk", "routed_team_id", "created_at", "answer_due_at"
    )
    for idea_id, team_id, created, due in unanswered:
        chain = chains[team_id]
        levels = escalation.levels_due(created_at=created, answer_due_at=due, now=until)
        for level in range(min(levels, len(chain) + 1)):
            if level < len(chain):
                team, manager = chain[level].pk, chain[level].manager_id
            else:
                team, manager = roots[team_id], None  # past the root: the CX leads
            when = created + (level + 1) * (due - created)
            rows.append((idea_id, Escalation.Rule.UNANSWERED, level, team, manager, when, None))
    popular = escalation.popular_candidates(EscalationPolicy.current().popular_votes)
    popular = popular.filter(created_at__lte=until).values_list(
        "pk", "routed_team_id", "created_at", "first_response_at"
    )
    for idea_id, team_id, created, answered in popular:
        chain = chains[team_id] or [Team.objects.get(pk=roots[team_id])]
        rows.append(
            (idea_id, Escalation.Rule.POPULAR, 0, chain[0].pk, chain[0].manager_id, created,
             answered)
        )  # fmt: skip
    return rows


def unindexed_posts() -> dict[str, int]:
    """Posts whose search index entry is missing: the stored search vector on
    PostgreSQL; on SQLite every post of a table whose FTS5 index disagrees with it.
    All zero after a load."""
    missing = {}
    with connection.cursor() as cursor:
        for model in (Idea, Observation, Comment):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT count(*) FROM {table} WHERE search_vector IS NULL")
                missing[model._meta.label] = cursor.fetchone()[0]
                continue
            # An external-content FTS5 table checks itself against its table.
            fts = f"{table}_fts"
            try:
                cursor.execute(f"INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)")
            except DatabaseError:
                missing[model._meta.label] = model.objects.count()
            else:
                missing[model._meta.label] = 0
    return missing


def has_posts() -> bool:
    return Idea.objects.exists() or Observation.objects.exists()


def current_dataset() -> Dataset | None:
    return Dataset.objects.order_by("-generated_at").first()


def delete_everything() -> None:
    """Empty every table (flush), for --replace."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
