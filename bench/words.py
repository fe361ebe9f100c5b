"""Text for generated posts: customer-experience words among common English ones, on a
Zipf-like spread (a few words are in most posts, as "customer" is; most are rare), so
that search and suggestions meet realistic posting lists."""

import random

CX_WORDS = (  # noqa: SIM905
    "customer refund receipt store app delivery order wait queue call staff price card "
    "payment return parcel stock till login password account chat email website voucher "
    "loyalty points discount sale checkout basket courier tracking late missing damaged "
    "broken manager complaint hold transfer agent script survey feedback policy warranty "
    "repair engineer appointment booking cancel reschedule invoice billing charge fee "
    "contract upgrade signal coverage router installation technician visit parking "
    "trolley fitting room size exchange gift wrapping collection locker self-service "
    "kiosk scanner barcode label shelf display signage accessibility wheelchair hearing "
    "language translation elderly student family business subscription renewal reminder "
    "notification text message callback hours weekend holiday christmas promotion "
    "newsletter review rating recommendation privacy consent identity verification fraud "
    "dispute chargeback"
).split()
COMMON_WORDS = (  # noqa: SIM905
    "about after again always another answer asked back because before began best "
    "better between both bring brought change clear close come could count dark days "
    "different done door during early easy enough even every explain face fact family "
    "fast feel few find first follow found front full gave give going good great group "
    "half hand happen hard head hear help here high hold home hope hour idea important "
    "inside keep kind knew know large last later learn leave left less letter line list "
    "little long look made make many mean might mind minute money month morning most "
    "move much must name near need never next night nothing notice number often once "
    "only open other paper part people person place plan point problem quick quite rather "
    "ready real reason remember right room round same saying second seem seen serve "
    "several short should show side simple since slow small something soon space speak "
    "stand start still stop story sure table take talk tell thing think though thought "
    "three through today together told took toward tried true turn under until upon "
    "usual very walk want watch water week well went whole without word work world would "
    "write year young"
).split()

WORDS = [*CX_WORDS[1:], *COMMON_WORDS]
random.Random(7).shuffle(WORDS)
WORDS.insert(0, "customer")  # the commonest: the worst case for a search
CUM_WEIGHTS = []
_total = 0.0
for _rank in range(len(WORDS)):
    _total += 1 / (_rank + 1)
    CUM_WEIGHTS.append(_total)


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=CUM_WEIGHTS, k=count))


def sentence(rng: random.Random, count: int) -> str:
    return words(rng, count).capitalize() + "."
