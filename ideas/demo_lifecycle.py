"""What happened to the demo's ideas after they were posted: a few months of Acme
Retail using Frontline. Data only; ideas.demo_history plays it through the real verbs
and dates every row as written here.

Each idea has a Story: when it was submitted (days ago, local time in London) and its
steps, each so many days after the submission at a local time. People are display
names from accounts.demo.ORG; @mentions use the local part of their email
(`@alice`, `@helen.wright`). Nobody names the author of an anonymous post.

The escalations follow the default rules (unanswered after UNANSWERED_DAYS, again
each UNANSWERED_DAYS more; popular at POPULAR_VOTES votes), so that the first
escalation scan on a fresh demo finds nothing that should already have happened.
"""

from dataclasses import dataclass

from ideas.models import Escalation, Status

# The defaults of the escalation settings, which the demo's escalations follow.
UNANSWERED_DAYS = 5
POPULAR_VOTES = 25

S = Status
UNANSWERED, POPULAR = Escalation.Rule.UNANSWERED, Escalation.Rule.POPULAR


@dataclass(frozen=True)
class Step:
    day: int  # days after the idea was submitted
    at: str  # local time, "HH:MM"; empty: the submission's time, `day` * 24 hours later
    action: str  # comment, status, owner, target, merge or escalate
    by: str = ""  # who acts; empty for the system (escalations)
    text: str = ""  # the comment, or the status or merge note
    to: str = ""  # the new status, or the title of the idea merged into
    impact: str = ""  # what changed for customers, when done
    person: str = ""  # the new owner, or the manager escalated to
    days: int = 0  # target date: this many days after the step
    rule: str = ""
    level: int = 0


@dataclass(frozen=True)
class Story:
    days_ago: int  # submitted this many days before today
    at: str
    steps: tuple[Step, ...] = ()


def comment(day, at, by, text):
    return Step(day, at, "comment", by=by, text=text)


def status(day, at, by, to, note, impact=""):
    return Step(day, at, "status", by=by, to=to, text=note, impact=impact)


def owner(day, at, by, person):
    return Step(day, at, "owner", by=by, person=person)


def target(day, at, by, days):
    return Step(day, at, "target", by=by, days=days)


def merge(day, at, by, into, note):
    return Step(day, at, "merge", by=by, to=into, text=note)


def popular(day, at, manager):
    """Escalated to the routed team's manager when the votes reached POPULAR_VOTES."""
    return Step(day, at, "escalate", person=manager, rule=POPULAR)


def unanswered(manager, level=0):
    """Escalated to the level-th manager up, exactly when the rule says: no time of
    day, the submission's time that many days later."""
    days = UNANSWERED_DAYS * (level + 1)
    return Step(days, "", "escalate", person=manager, rule=UNANSWERED, level=level)


def planned(day, at, by, note, *, owned_by, in_days):
    """The usual way an idea is planned: the status, then its owner and target date."""
    return (
        status(day, at, by, S.PLANNED, note),
        owner(day, at, by, owned_by),
        target(day, at, by, in_days),
    )


# fmt: off
STORIES = {
    # --- Done -------------------------------------------------------------------------
    "Send a refund tracking email": Story(96, "10:20", (
        status(1, "09:05", "Helen Wright", S.UNDER_REVIEW,
               "Good catch. We send nothing between 'refund approved' and the money arriving, "
               "so of course people ring. Looking at it with Finance this week."),
        comment(2, "14:30", "Dave Davies",
                "Roughly one call in five on a Monday is 'where is my refund'. Happy to pull the "
                "numbers if it helps. @erin"),
        comment(3, "11:10", "Erin Evans",
                "@helen.wright we logged 312 refund-chasing calls in Bristol last month. I'll send "
                "you the breakdown by payment type."),
        *planned(8, "16:00", "Helen Wright",
                 "Finance can tell us the day each refund leaves. We'll email the customer that "
                 "day, with how long their bank usually takes.",
                 owned_by="Sanjay Mehta", in_days=40),
        status(19, "10:00", "Helen Wright", S.IN_PROGRESS,
               "Email written and tested with Bristol's team leaders. Card refunds first, then "
               "PayPal."),
        comment(33, "15:45", "Sanjay Mehta",
                "Card refund emails are live in test. @marcus.green could you read the wording? "
                "You hear these calls every day."),
        comment(34, "09:30", "Marcus Green",
                "Reads well. One thing: say 'up to 5 working days', not '3–5 days'. Customers "
                "count the weekend."),
        status(48, "12:00", "Helen Wright", S.DONE,
               "Live for every card and PayPal refund: customers get an email the day their "
               "refund leaves us, saying when their bank usually shows it.",
               impact="Customers know their refund is on its way and when to expect it. "
               "Refund-chasing calls to Bristol fell from about 310 a month to 120 in the first "
               "full month."),
        comment(49, "08:50", "Erin Evans",
                "Shortest Monday queue since Christmas this morning. Thank you @marcus.green."),
    )),
    "QR code returns, no printer needed": Story(88, "11:40", (
        status(2, "10:15", "Helen Wright", S.UNDER_REVIEW,
               "Royal Mail and the Post Office both offer label-free returns. Getting prices."),
        *planned(9, "14:00", "Helen Wright",
                 "Going with the Post Office: the counter scans a QR code and prints the label. "
                 "Katie is leading it.",
                 owned_by="Katie Moore", in_days=60),
        comment(24, "17:20", "Chloe Walsh",
                "Customers ask about this at the Leeds returns desk every day. One lady last week "
                "walked to the library to print her label."),
        status(30, "09:00", "Helen Wright", S.IN_PROGRESS,
               "Trial running for orders from Leeds, Bristol and Cardiff postcodes."),
        comment(52, "13:10", "Katie Moore",
                "Trial numbers: 38% of postal returns used the QR code in the first three weeks, "
                "with no complaints. Rolling out to everyone next month. @carol for the CX "
                "update."),
        comment(53, "10:30", "Carol Clark", "Lovely. It's going in Friday's CX round-up."),
        status(70, "11:00", "Helen Wright", S.DONE,
               "QR returns are live for every order: the post office scans the code and prints "
               "the label for you.",
               impact="Customers can return by post without a printer. 41% of postal returns "
               "now use the QR code, and calls about return labels have all but stopped."),
    )),
    "Fragile labels and top-of-van loading for mirrors and glass": Story(70, "07:45", (
        *planned(1, "11:00", "Gary Holt",
                 "I raised this one, so I've asked the warehouse directly: fragile labels on "
                 "mirrors, glass and pictures from Monday, and they go on the van last.",
                 owned_by="Jade Simpson", in_days=14),
        status(5, "09:30", "Gary Holt", S.IN_PROGRESS,
               "Labels printed; the warehouse team started this morning."),
        comment(5, "15:10", "Femi Adeyemi", "Good. Had a glass shelf arrive in pieces on Tuesday."),
        status(15, "13:00", "Gary Holt", S.DONE,
               "Mirrors, glass and pictures are labelled fragile at the warehouse and loaded "
               "last, on top of the other parcels.",
               impact="Fragile items arrive in one piece: in the first fortnight not one mirror "
               "arrived cracked, against five the month before."),
    )),
    "Accept postcodes with or without a space": Story(60, "15:10", (
        status(1, "09:20", "Ben Carter", S.UNDER_REVIEW,
               "Confirmed: the address check insists on the space. Small fix."),
        *planned(2, "11:00", "Ben Carter", "In the next release.",
                 owned_by="Oliver Price", in_days=10),
        status(5, "16:30", "Ben Carter", S.IN_PROGRESS, "Fix written and in testing."),
        status(9, "10:00", "Ben Carter", S.DONE,
               "Fixed in this week's release: postcodes are tidied up before we check them.",
               impact="Checkout takes a postcode however it's typed (LS14AB, ls1 4ab, LS1 4AB). "
               "Failed checkouts at the address step are down by about a third."),
        comment(10, "12:15", "Yasmin Ali", "Thank you! Tried it with my mum's postcode: works."),
    )),
    "Gift card balance on the receipt and the website": Story(54, "14:20", (
        status(3, "10:10", "Helen Wright", S.UNDER_REVIEW,
               "The till can print the balance; the website checker needs the gift card "
               "supplier. Asking them."),
        *planned(8, "11:30", "Helen Wright",
                 "Both agreed: every receipt paid with a gift card shows the balance, and there "
                 "will be a checker on the website.",
                 owned_by="Adam Novak", in_days=40),
        status(20, "09:00", "Helen Wright", S.IN_PROGRESS,
               "Receipt change rolling out store by store; Brighton first."),
        comment(28, "17:05", "Jack Turner",
                "Brighton has had it a week. Far fewer people queuing just to ask."),
        status(48, "10:45", "Helen Wright", S.DONE,
               "Every receipt paid by gift card shows the balance left, and the website has a "
               "balance checker.",
               impact="Customers check their balance without queuing. Brighton counts about 30 "
               "fewer 'just checking my balance' visits to the till a week."),
        comment(49, "13:00", "Lucy Fairweather",
                "Saturday queues in Brighton are noticeably shorter. Well done @jack.turner."),
    )),
    "Signpost the click & collect desk": Story(34, "11:20", (
        status(1, "14:50", "Gary Holt", S.UNDER_REVIEW,
               "Good spot. Checking with store operations whether desk signs can go in with next "
               "month's display refresh."),
        comment(3, "10:10", "Bob Baker",
                "Leeds would happily trial it. @alice has already drawn a sign on the back of a "
                "box."),
        *planned(6, "12:00", "Gary Holt",
                 "Signs at every store's entrance and desk, and the 'ready to collect' email will "
                 "say where the desk is.",
                 owned_by="Gary Holt", in_days=28),
        status(12, "09:40", "Gary Holt", S.IN_PROGRESS,
               "Signs printed for all nine stores. The email change goes out with the next "
               "template release."),
        status(32, "10:30", "Gary Holt", S.DONE,
               "Signs are up in every store, and the 'ready to collect' email now says where the "
               "desk is, with a photo.",
               impact="Click & collect customers find the desk first time. At Leeds a collection "
               "now takes under two minutes (it was about six), and collections no longer queue "
               "at the main tills."),
        comment(32, "13:15", "Alice Archer",
                "Brilliant, thank you. A customer said today it was the quickest collection "
                "she'd ever had."),
    )),
    # --- Declined -----------------------------------------------------------------------
    "One basket across app and website": Story(47, "11:55", (
        status(2, "16:20", "Ben Carter", S.UNDER_REVIEW,
               "Looking at how baskets are stored today."),
        status(6, "10:00", "Ben Carter", S.DECLINED,
               "We won't patch this in today's app: the new shop platform arriving in the spring "
               "keeps one basket per account on every device, so the problem goes away with it, "
               "and building it twice would delay that. Thanks for raising it, Yasmin: it's on "
               "the platform's launch checklist."),
        comment(6, "13:40", "Yasmin Ali", "Makes sense. I'll keep an eye on the checklist."),
    )),
    "Trade prices for repeat business customers": Story(33, "10:00", (
        status(2, "15:15", "Priya Shah", S.UNDER_REVIEW, "Asking Finance to model it."),
        status(9, "11:45", "Priya Shah", S.DECLINED,
               "Finance modelled it: at 5% off after £2,000 a year we would lose money on small "
               "appliances, which are most café and office orders. A business accounts scheme "
               "with named account managers is planned for next year, and Helen's café feedback "
               "goes straight into it."),
        comment(10, "09:20", "Helen Wright",
                "Understood. I'll pass the business accounts team the names of the customers who "
                "asked."),
    )),
    "Filter TVs by wall-mount size": Story(19, "13:30", (
        status(2, "10:50", "Ben Carter", S.UNDER_REVIEW,
               "Checking how many of our TVs have the VESA size in their product data."),
        status(4, "16:00", "Ben Carter", S.DECLINED,
               "Only about a third of our TV listings come with a VESA size from the supplier, "
               "so a filter would hide most of the range. Instead the VESA size is now in the "
               "spec table wherever we have it, and we've asked suppliers for the rest."),
        comment(5, "09:40", "Freya Nolan", "Fair enough. The spec table helps already."),
    )),
    # --- Merged -------------------------------------------------------------------------
    "Keep receipts in the customer's account": Story(40, "13:25", (
        comment(1, "10:00", "Seren Hughes",
                "Happens in Cardiff every week, mostly with presents."),
        merge(2, "09:45", "Helen Wright", "Email receipts by default",
              "Same idea as “Email receipts by default”, which keeps emailed receipts in the "
              "customer's account. Merged so the votes and the evidence count together; the "
              "lost-receipt story from Cardiff is evidence there now."),
    )),
    # --- In progress --------------------------------------------------------------------
    "Tell callers their place in the queue": Story(82, "13:15", (
        popular(1, "09:40", "Fiona Grant"),
        status(1, "15:20", "Fiona Grant", S.UNDER_REVIEW,
               "The new phone system can announce queue positions. The question is whether we "
               "can keep our call-back promises, so I'm checking capacity with Glasgow and "
               "Bristol first."),
        comment(2, "10:05", "Erin Evans",
                "Bristol could take call-backs between 2 and 4pm, when it's quiet. Nice one "
                "@dave."),
        comment(2, "12:30", "Dave Davies",
                "Thanks @erin. Customers on shift work told me a slot they choose matters more "
                "than a quick one."),
        *planned(11, "16:40", "Fiona Grant",
                 "Agreed: callers hear their place in the queue from the first minute, and are "
                 "offered a call-back slot after five minutes. Glasgow goes first.",
                 owned_by="Kirsty MacLeod", in_days=90),
        status(40, "09:15", "Fiona Grant", S.IN_PROGRESS,
               "Queue announcements are live in Glasgow. Call-back slots are being tested with "
               "the Bristol team."),
        comment(58, "14:00", "Kirsty MacLeod",
                "First month in Glasgow: abandoned calls down from 14% to 9%. 'You are number 12' "
                "sounded a lot to callers, so we now say the expected wait instead."),
        comment(70, "11:25", "Zara Ahmed",
                "Testing call-backs in Bristol: two missed because the slot was booked after my "
                "shift ended. @kirsty.macleod can slots stop at 7?"),
        comment(71, "09:10", "Kirsty MacLeod", "@zara.ahmed done, slots now end at half six."),
    )),
    "Keep customers logged in to the app": Story(42, "09:35", (
        status(3, "11:15", "Ben Carter", S.UNDER_REVIEW,
               "Security are fine with 90 days if we add Face ID or fingerprint unlock. Checking "
               "the effort."),
        *planned(10, "14:00", "Ben Carter",
                 "Sessions will last 90 days, with biometric unlock on phones that have it.",
                 owned_by="Freya Nolan", in_days=45),
        status(30, "10:30", "Ben Carter", S.IN_PROGRESS,
               "In beta on staff phones. Please try it and tell Freya what breaks."),
        comment(31, "12:45", "Oliver Price",
                "Beta's been fine on Android. On iPhone the Face ID prompt shows twice after an "
                "update; reported."),
        comment(38, "16:10", "Freya Nolan",
                "@oliver.price fixed in beta 3. Thanks for spotting it."),
    )),
    "Return online orders in any store": Story(40, "15:50", (
        status(2, "10:40", "Helen Wright", S.UNDER_REVIEW,
               "Stores can take them; the question is getting them back to the warehouse. "
               "Talking to logistics."),
        comment(3, "09:15", "Gary Holt",
                "Stores already send a weekly cage back to the warehouse. Online returns can go "
                "in it."),
        *planned(12, "11:20", "Helen Wright",
                 "Stores will accept online-only items and send them back in the weekly cage. "
                 "The tills need an 'online return' button first.",
                 owned_by="Chloe Walsh", in_days=42),
        status(29, "09:00", "Helen Wright", S.IN_PROGRESS,
               "The till button is live in Leeds and Manchester; other stores follow as their "
               "tills update."),
        comment(30, "14:25", "Chloe Walsh",
                "First week in Leeds: 23 online returns taken at the desk that we'd have turned "
                "away before. @bob"),
        comment(31, "10:00", "Bob Baker",
                "Great work. @nora worth a mention at the regional meeting."),
    )),
    "Open a second till line at weekend lunchtimes": Story(38, "12:55", (
        comment(0, "18:10", "Imran Hussain",
                "Same last Saturday. Eleven people in the queue at ten past twelve."),
        status(2, "09:30", "Bob Baker", S.UNDER_REVIEW,
               "Good timing: the summer rota is being drawn up now. Alice, could you count "
               "walk-outs for the next two Saturdays, so I can make the case to Nora?"),
        comment(6, "17:40", "Alice Archer",
                "Will do. This Saturday: seven baskets left by the door between 12 and 2."),
        comment(13, "17:25", "Alice Archer",
                "Second Saturday: nine baskets, and two customers told me they'd come back "
                "'when it's quieter'."),
        comment(14, "10:05", "Nora North",
                "Numbers like that make it easy. Bob, go ahead with a summer trial in Leeds; "
                "we'll look at Manchester and Newcastle after."),
        *planned(15, "09:00", "Bob Baker",
                 "Trial agreed for Leeds: one extra person on the tills from 12 to 2 on Saturdays "
                 "and Sundays, through the summer.",
                 owned_by="Bob Baker", in_days=80),
        status(37, "16:30", "Bob Baker", S.IN_PROGRESS,
               "First trial weekend done: the queue never got past the first display. We'll "
               "carry on through the summer and count again."),
        comment(37, "19:05", "Imran Hussain",
                "It felt calmer on the tills too. @alice your counting paid off!"),
    )),
    # --- Planned ------------------------------------------------------------------------
    "Two-hour delivery windows on the morning of delivery": Story(75, "08:50", (
        popular(1, "10:00", "Gary Holt"),
        status(1, "17:30", "Gary Holt", S.UNDER_REVIEW,
               "The route planner knows each van's order by 7am, so the window is there. The "
               "hard part is texting 400 customers a morning; talking to our SMS provider."),
        comment(6, "12:10", "Jade Simpson",
                "Customers on the app already love the live van map. A text would reach the ones "
                "who don't use the app."),
        *planned(14, "15:00", "Gary Holt",
                 "Approved: customers will get a two-hour window by text by 8am on delivery day, "
                 "with a link to the live van map.",
                 owned_by="Paul Kowalski", in_days=90),
        comment(45, "10:40", "Paul Kowalski",
                "The SMS provider is signed up. Testing on the Leeds vans from the 1st."),
        comment(72, "16:15", "Nora North",
                "Leeds customers have noticed the test texts: three compliments at the store "
                "this week. @bob"),
    )),
    "Live stock levels in the app": Story(66, "12:30", (
        popular(1, "08:30", "Ben Carter"),
        status(2, "10:20", "Ben Carter", S.UNDER_REVIEW,
               "Till sales reach the app once a night today. Checking what a 15-minute feed "
               "would cost the stock system."),
        comment(4, "13:45", "Megan Lloyd",
                "Manchester had four customers in one Saturday who'd driven in for something the "
                "app said we had."),
        *planned(12, "11:00", "Ben Carter",
                 "Stock will update every 15 minutes, and below three the app will say 'low "
                 "stock, call the store'. Yasmin owns it.",
                 owned_by="Yasmin Ali", in_days=75),
        comment(50, "14:50", "Yasmin Ali",
                "The 15-minute feed is running for Manchester and Leeds in test. @josh.taylor "
                "want to try it before it goes live?"),
        comment(51, "09:05", "Josh Taylor",
                "Yes please. I'll check it against the shelves on my next shift."),
    )),
    "A 'talk to a person' button in chat": Story(50, "16:05", (
        popular(1, "10:30", "Fiona Grant"),
        status(1, "14:15", "Fiona Grant", S.UNDER_REVIEW,
               "Agreed in principle. Checking with the chat supplier how soon the button can "
               "appear."),
        comment(3, "09:50", "Morag Stewart",
                "The bot is fine for delivery times. It's everything else where people get "
                "stuck."),
        *planned(9, "15:30", "Fiona Grant",
                 "The button will appear after the bot's second answer, and always when someone "
                 "types 'person', 'human' or 'agent'.",
                 owned_by="Kirsty MacLeod", in_days=56),
        comment(36, "11:20", "Kirsty MacLeod",
                "The supplier has built it. @ravi.patel @morag.stewart could you test it on "
                "Thursday's late shift?"),
        comment(37, "08:40", "Ravi Patel", "Count me in."),
    )),
    "Say clearly whether we take the old appliance": Story(28, "09:10", (
        comment(2, "16:40", "Femi Adeyemi",
                "Happened to me twice this week. The customer had already unplugged the old "
                "fridge."),
        unanswered("Gary Holt"),
        unanswered("Priya Shah", level=1),
        status(11, "08:45", "Gary Holt", S.UNDER_REVIEW,
               "Sorry for the wait: I was on leave and this sat in my queue. Agreed it's unclear; "
               "checking with Digital what the checkout can ask."),
        *planned(13, "14:20", "Gary Holt",
                 "Checkout will ask 'Shall we take your old appliance away?' with the price, and "
                 "the confirmation email will repeat the answer.",
                 owned_by="Oliver Price", in_days=30),
        comment(14, "10:00", "Priya Shah",
                "Thanks Gary. A good example of why the escalation emails exist."),
    )),
    "Say plainly which retailers our price promise covers": Story(26, "12:15", (
        status(2, "11:00", "Helen Wright", S.UNDER_REVIEW,
               "The rule today: we match UK retailers with a shop, not online-only ones. We've "
               "never written it down where customers can see it."),
        *planned(8, "15:30", "Helen Wright",
                 "One plain line on the shelf edge and the website: 'We match the price of any "
                 "UK retailer with a shop you can walk into.' It goes out with the next "
                 "shelf-edge refresh.",
                 owned_by="Katie Moore", in_days=35),
        comment(9, "10:20", "Grace Obi",
                "This will save my team a lot of awkward conversations. Thanks @ryan.cooper."),
    )),
    # --- Under review -------------------------------------------------------------------
    "Email receipts by default": Story(45, "10:30", (
        popular(2, "09:00", "Helen Wright"),
        status(2, "15:40", "Helen Wright", S.UNDER_REVIEW,
               "Our till supplier can email receipts. Working through consent with Legal: "
               "customers have to choose it, and the email can't turn into marketing."),
        comment(18, "12:00", "Carol Clark",
                "Legal are happy if the customer types their own email on the card reader and we "
                "never use it for marketing. @helen.wright shall we pilot it somewhere?"),
        comment(18, "14:30", "Bob Baker",
                "Leeds is happy to pilot. @liam.brennan has offered to show the team."),
        comment(42, "17:50", "Alice Archer",
                "We've put a sign up at the tills so customers know it's coming."),
        comment(43, "11:10", "Helen Wright",
                "The pilot kit is in. Leeds starts on Monday: the card readers will ask 'paper or "
                "email?'. @liam.brennan @bob"),
    )),
    "One owner for each complaint": Story(30, "14:40", (
        status(3, "10:30", "Fiona Grant", S.UNDER_REVIEW,
               "This needs a change to how complaints move between teams. Workshop with the "
               "Bristol and Glasgow team leaders on the 12th."),
        comment(3, "13:05", "Erin Evans", "@dave and @hannah.price will join from Bristol."),
        comment(12, "17:00", "Fiona Grant",
                "Workshop notes: everyone agrees; the blocker is that only Customer operations "
                "can close a billing complaint. @helen.wright could contact centre staff close "
                "them too?"),
        comment(14, "09:30", "Helen Wright",
                "Yes, for refunds under £100. Above that we'd want a second pair of eyes."),
        comment(26, "11:50", "Hannah Price",
                "Under £100 would cover about four in five of ours, I reckon."),
    )),
    "A lower card reader at every store": Story(24, "10:45", (
        comment(1, "12:30", "Holly Bell",
                "Till 3 in Newcastle too. We've been unplugging it and passing it over the "
                "counter."),
        unanswered("Callum Reed"),
        status(6, "09:20", "Callum Reed", S.UNDER_REVIEW,
               "Thanks for the nudge. Facilities are pricing swivel arms for one till in each "
               "store; a longer cable will do until then."),
        comment(7, "14:00", "Nora North",
                "Let's do the North stores first and share what it costs. @carol one for the "
                "accessibility review too."),
        comment(8, "10:10", "Carol Clark",
                "Added to the accessibility review. Thank you @sophie.charlton."),
    )),
    "Stop pushing extended warranties at the till": Story(21, "20:30", (
        popular(1, "09:15", "Grace Obi"),
        status(1, "16:45", "Grace Obi", S.UNDER_REVIEW,
               "Thank you for raising this, whoever you are. I'm taking it to the regional "
               "sales meeting with Nora on Thursday. Nobody should feel pushed at our tills."),
        # The anonymous author replying: the page shows "The author".
        comment(2, "21:10", "Ryan Cooper",
                "Thank you. For context: we're asked to sell a warranty with three appliances in "
                "ten, every shift."),
        comment(6, "11:30", "Nora North",
                "We discussed it on Thursday. I've asked Finance what dropping the warranty "
                "target for till staff would cost; I'd rather sell fewer warranties than lose "
                "customers' trust."),
        comment(15, "10:00", "Carol Clark",
                "For the decision: complaints calling the till 'pushy' have doubled since the "
                "spring."),
        comment(19, "15:20", "Aisha Begum",
                "Customers notice. One asked me yesterday whether I'm on commission."),
    )),
    "Explain renewal price rises in the email": Story(16, "11:05", (
        status(3, "14:10", "Helen Wright", S.UNDER_REVIEW,
               "Fair point. Pricing are redrafting the renewal email to show last year's price "
               "next to this year's."),
        comment(4, "09:30", "Euan Fraser",
                "Glasgow gets a wave of these calls every January. Happy to test the new wording."),
        comment(11, "16:20", "Niamh Doherty",
                "@euan.fraser I've written down the ten questions customers ask most on these "
                "calls, in case Pricing want them."),
    )),
    # --- Submitted: waiting for a first answer --------------------------------------------
    # Bob's overdue one: unanswered for a week, escalated to him two days ago.
    "Keep fitting rooms open until closing": Story(7, "17:20", (
        comment(1, "10:15", "Imran Hussain", "Same on Thursdays, when we're open late."),
        unanswered("Bob Baker"),
    )),
    "Drivers phone before leaving a missed card": Story(4, "08:40", (
        comment(1, "13:00", "Paul Kowalski",
                "Drivers have the customer's number on the handheld. A 'call customer' button "
                "would make it one tap."),
    )),
    "VAT invoices in the account page": Story(4, "15:30"),
    "Let customers cancel subscriptions online": Story(3, "10:05", (
        comment(1, "11:40", "Niamh Doherty",
                "Customers in Glasgow ask for this every day. It would save them a phone call "
                "and us a queue."),
    )),
    "Free 15-minute setup for new devices": Story(3, "12:40", (
        comment(0, "15:30", "Megan Lloyd",
                "We do this already when it's quiet. Making it official would help on "
                "Saturdays."),
    )),
    "Answer social posts within the hour": Story(2, "09:25"),
    "Baskets at the car park entrance": Story(2, "16:00", (
        comment(1, "10:30", "Liam Brennan",
                "@alice you said customers from the car park asked for baskets on Saturday too?"),
        comment(1, "12:05", "Alice Archer",
                "Yes, three of them. One used a cardboard box from the crisps display."),
    )),
    "Find spare parts by model number": Story(1, "14:10"),
}

# Comments on observations: (observation key, days ago, local time, who, comment).
OBSERVATION_COMMENTS = [
    ("queue-sat", 1, "13:20", "Dave Davies",
     "Same on the phones: Saturday lunchtime is our busiest hour too. People ring us from the "
     "queue!"),
    ("social-praise", 20, "09:45", "Bob Baker",
     "That was Imran! He spent his lunch break going round the car park with a torch."),
    ("renew-warranty-reminder", 5, "16:30", "Kirsty MacLeod",
     "Lovely to hear. @euan.fraser could you share the reminder email with the team?"),
]

# Ideas with news this week that alice follows, so her digest has something to say.
DIGEST_FOLLOWS = {
    "Alice Archer": [
        "Gift card balance on the receipt and the website",
        "Stop pushing extended warranties at the till",
        "Return online orders in any store",
    ],
}
# fmt: on
