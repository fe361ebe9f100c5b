"""The demo's posts: observations in customers' own words across every touchpoint and
journey stage, and ideas made from them. Data only; ideas.demo posts them."""

# fmt: off

# key: (author, touchpoint, journey stage, sentiment, segment, what happened,
#       the customer's words, tags)
OBSERVATIONS = {
    "queue-sat": (
        "Alice Archer", "in_store", "buy", "frustrated", "",
        "Saturday lunchtime the queue for the tills reached the back of the shop; two customers "
        "left their baskets by the door.",
        "I'm not waiting twenty minutes to pay for a pair of socks.",
        "queues, tills",
    ),
    "queue-selfcheck": (
        "Imran Hussain", "in_store", "buy", "frustrated", "",
        "Three of the six self-checkouts were out of order all afternoon and the assistant had to "
        "approve every item with a security tag.",
        "Why have these machines if someone has to come over every time?",
        "queues, self-checkout",
    ),
    "fitting-rooms": (
        "Liam Brennan", "in_store", "evaluate", "frustrated", "",
        "Fitting rooms closed at 5pm because we had nobody to staff them; a customer bought three "
        "sizes to try at home.",
        "I'll just buy them all and bring two back, that's your problem now.",
        "fitting rooms, returns",
    ),
    "receipt-fade": (
        "Liam Brennan", "in_store", "get_support", "frustrated", "",
        "A customer came to return a kettle but the thermal receipt had faded to blank after four "
        "months in a drawer.",
        "How am I supposed to prove anything with a blank bit of paper?",
        "receipts, returns",
    ),
    "click-collect-wait": (
        "Alice Archer", "in_store", "buy", "frustrated", "",
        "Click & collect customers wait at the main tills because the collection desk has no sign "
        "and nobody knows where it is.",
        "The email said collect in store, it didn't say where in the store.",
        "click and collect, signage",
    ),
    "price-match": (
        "Ryan Cooper", "in_store", "evaluate", "neutral", "",
        "Customer showed a competitor's price on his phone for the same TV; staff aren't sure "
        "whether our price promise covers online-only retailers.",
        "Do you match it or not? The last store did.",
        "price promise",
    ),
    "helpful-staff": (
        "Aisha Begum", "in_store", "use", "delighted", "older customers",
        "Spent ten minutes setting up a tablet for an elderly customer before he left the store. "
        "He came back the next day with biscuits for the team.",
        "Nobody has ever taken the time to show me properly. Thank you.",
        "setup, older customers",
    ),
    "stock-shelf-app": (
        "Josh Taylor", "in_store", "evaluate", "frustrated", "",
        "The app said 4 in stock at Manchester; the shelf was empty and the stock room had none "
        "either.",
        "Your app told me you had it. I drove forty minutes.",
        "stock, app",
    ),
    "bags-for-life": (
        "Megan Lloyd", "in_store", "buy", "neutral", "",
        "Several customers asked whether we take back old bags for recycling; we don't have a bin "
        "for it.",
        "Other shops take them back, why don't you?",
        "sustainability",
    ),
    "accessible-tills": (
        "Sophie Charlton", "in_store", "buy", "frustrated", "wheelchair users",
        "A customer in a wheelchair could not reach the card reader at till 3; the cable is too "
        "short to hand it down.",
        "I had to give a stranger my PIN. That's not OK.",
        "accessibility, tills",
    ),
    "store-layout": (
        "Daniel Robson", "in_store", "discover", "neutral", "",
        "After the re-layout, regulars keep asking where the batteries and chargers went.",
        "You've moved everything again.",
        "layout, signage",
    ),
    "gift-receipt": (
        "Holly Bell", "in_store", "buy", "delighted", "",
        "Customer was thrilled that we offered a gift receipt without her asking.",
        "Oh that's brilliant, my sister always takes things back.",
        "receipts, gifts",
    ),
    "brighton-parking": (
        "Tariq Malik", "in_store", "discover", "frustrated", "",
        "Customers keep asking if we validate parking at the NCP next door; we stopped last year "
        "and the sign is still up.",
        "The sign says two hours free. So which is it?",
        "parking, signage",
    ),
    "cardiff-welsh": (
        "Seren Hughes", "in_store", "use", "delighted", "Welsh speakers",
        "A customer was pleased to be served in Welsh and asked whether the receipts could be "
        "bilingual too.",
        "Diolch! It's lovely to be able to shop in Welsh.",
        "language, receipts",
    ),
    "cardiff-card-reader": (
        "Dylan Thomas", "in_store", "buy", "frustrated", "",
        "Contactless failed for four customers in a row on till 1 this morning; they had to put "
        "their card in.",
        "My phone works everywhere else.",
        "tills, payments",
    ),
    "call-wait": (
        "Dave Davies", "phone", "get_support", "frustrated", "",
        "Customer had waited 38 minutes on hold to ask where her refund was.",
        "I've been on hold longer than it took to buy the thing.",
        "hold times, refunds",
    ),
    "call-transfer": (
        "Hannah Price", "phone", "get_support", "frustrated", "",
        "Customer was transferred three times between delivery, returns and billing and had to "
        "repeat her order number to each.",
        "Does nobody talk to each other there?",
        "transfers, hold times",
    ),
    "refund-timing": (
        "Marcus Green", "phone", "get_support", "frustrated", "",
        "Refund promised in 3–5 days; customer called on day 9. The card company shows nothing. "
        "Finance says it left on day 2.",
        "Where is my money? You said five days.",
        "refunds",
    ),
    "callback-promise": (
        "Zara Ahmed", "phone", "get_support", "frustrated", "",
        "Customer said she was promised a call-back twice and nobody called.",
        "Just don't promise to call if you won't.",
        "call-backs",
    ),
    "warranty-confused": (
        "Owen Jenkins", "phone", "use", "neutral", "",
        "Customer could not tell whether his extended warranty covers accidental damage; the "
        "policy document doesn't say in plain words.",
        "It's twelve pages and I still don't know.",
        "warranty",
    ),
    "phone-menu": (
        "Dave Davies", "phone", "get_support", "frustrated", "",
        "Customers pick 'other' in the phone menu because none of the options match 'my order "
        "hasn't arrived'.",
        "None of those options is me.",
        "phone menu, delivery",
    ),
    "cancel-sub": (
        "Euan Fraser", "phone", "renew_leave", "frustrated", "",
        "Customer wanted to cancel the tech support subscription; the website only lets you cancel"
        " by phone.",
        "I signed up in two clicks, why do I have to call to leave?",
        "subscriptions, cancel",
    ),
    "renewal-price": (
        "Niamh Doherty", "email", "renew_leave", "frustrated", "",
        "Renewal email for care plan showed a price 40% higher than last year with no explanation;"
        " customer asked to leave.",
        "Loyalty gets punished, apparently.",
        "renewals, pricing",
    ),
    "chat-bot-loop": (
        "Ravi Patel", "chat", "get_support", "frustrated", "",
        "Chat bot kept sending the customer back to the FAQ about delivery times when she asked "
        "for a person.",
        "I typed 'human' six times.",
        "chat, chatbot",
    ),
    "chat-great": (
        "Morag Stewart", "chat", "get_support", "delighted", "",
        "Sorted a customer's missing part on chat in four minutes by sending the part number "
        "straight to the warehouse.",
        "Wow, that was quick, thank you Morag!",
        "chat, spare parts",
    ),
    "chat-hours": (
        "Kirsty MacLeod", "chat", "get_support", "neutral", "",
        "Customers start chats at 9pm and find them closed at 8pm; the window still says 'chat "
        "with us'.",
        "It says chat with us and then nothing.",
        "chat, opening hours",
    ),
    "email-no-reply": (
        "Hannah Price", "email", "get_support", "frustrated", "",
        "Customer replied to our no-reply address with her complaint; it bounced and she rang up "
        "angrier.",
        "You emailed me and then I can't reply to you?",
        "email, complaints",
    ),
    "order-confirm-late": (
        "Oliver Price", "email", "buy", "frustrated", "",
        "Order confirmation emails are arriving up to an hour after checkout; customers order "
        "twice.",
        "I thought it hadn't gone through so I ordered again.",
        "email, checkout",
    ),
    "delivery-window": (
        "Paul Kowalski", "field_visit", "buy", "frustrated", "",
        "Customer had taken a day off for a washing machine delivery with a 7am–7pm window. We "
        "arrived at 6:40pm.",
        "A whole day's holiday for this.",
        "delivery, time slots",
    ),
    "missed-delivery-card": (
        "Jade Simpson", "field_visit", "buy", "frustrated", "",
        "Driver left a 'sorry we missed you' card but the customer was in: the doorbell was broken"
        " and the driver didn't phone.",
        "Why not ring my mobile? It's on the order.",
        "delivery, missed parcels",
    ),
    "install-great": (
        "Femi Adeyemi", "field_visit", "onboard", "delighted", "",
        "Installed a cooker and showed the customer the timer settings; she said it's the first "
        "time an installer took the old one away without charging extra.",
        "Proper service, that. I'll tell my neighbours.",
        "installation",
    ),
    "install-old-appliance": (
        "Paul Kowalski", "field_visit", "onboard", "frustrated", "",
        "Customer expected us to take the old fridge away; it wasn't booked, and the website text "
        "is unclear about it.",
        "It says 'we'll take care of everything'.",
        "installation, recycling",
    ),
    "fragile-packaging": (
        "Gary Holt", "field_visit", "use", "frustrated", "",
        "Second mirror this month arrived cracked; the box has no fragile marking and is stacked "
        "under heavy parcels.",
        "It's the second one. I don't want a third.",
        "packaging, damaged items",
    ),
    "web-checkout-postcode": (
        "Yasmin Ali", "web", "buy", "frustrated", "",
        "Checkout rejects postcodes typed without a space, with the error 'invalid address'.",
        "It's my postcode, I've had it thirty years.",
        "checkout, website",
    ),
    "web-filter": (
        "Freya Nolan", "web", "evaluate", "neutral", "",
        "Customers can't filter TVs by wall-mount size (VESA) though it is the first thing "
        "installers ask.",
        "I just need to know it fits my bracket.",
        "website, search",
    ),
    "web-reviews": (
        "Ben Carter", "web", "evaluate", "delighted", "",
        "Customers say the new reviews with photos helped them choose a sofa colour.",
        "Seeing it in someone's actual living room made my mind up.",
        "reviews, website",
    ),
    "web-account-guest": (
        "Oliver Price", "web", "onboard", "frustrated", "",
        "Guest checkout customers can't see their order history when they later create an account "
        "with the same email.",
        "Where did my orders go?",
        "accounts, website",
    ),
    "app-login": (
        "Freya Nolan", "mobile_app", "use", "frustrated", "",
        "App logs customers out every few days; many have forgotten their password and give up.",
        "I just want to check my order, not reset my password again.",
        "app, login",
    ),
    "app-basket": (
        "Yasmin Ali", "mobile_app", "buy", "frustrated", "",
        "Basket empties when customers switch from the app to the website.",
        "I spent an hour choosing and it's all gone.",
        "app, checkout",
    ),
    "app-tracking": (
        "Jade Simpson", "mobile_app", "buy", "delighted", "",
        "Customers love the live van map in the app on delivery day.",
        "I could see you were three stops away, perfect.",
        "app, tracking",
    ),
    "app-stock": (
        "Megan Lloyd", "mobile_app", "evaluate", "frustrated", "",
        "App stock levels lag the store by a day; customers arrive for items that sold out "
        "yesterday.",
        "Can't you just update it?",
        "stock, app",
    ),
    "social-complaint": (
        "Tom Reid", "social", "get_support", "frustrated", "",
        "A customer's post about a late delivery got 2,000 shares before anyone replied; our reply"
        " came the next morning.",
        "Three days and not a word, @Acme. Shocking.",
        "social media, delivery",
    ),
    "social-praise": (
        "Tom Reid", "social", "use", "delighted", "",
        "A customer posted a video thanking the Leeds team for finding her lost engagement ring in"
        " the car park.",
        "Absolute heroes at Acme Leeds!",
        "social media",
    ),
    "social-question": (
        "Katie Moore", "social", "discover", "neutral", "",
        "Lots of people ask on social when the summer sale starts; we have no standard answer.",
        "When's the sale? Don't want to buy now and see it cheaper next week.",
        "social media, sales",
    ),
    "returns-post": (
        "Sanjay Mehta", "other", "get_support", "frustrated", "",
        "Customers returning by post have to print a label; many don't have printers.",
        "Who has a printer these days?",
        "returns, labels",
    ),
    "returns-in-store-online": (
        "Chloe Walsh", "in_store", "get_support", "frustrated", "",
        "Customer tried to return an online-only item in store; we can't accept it and she had to "
        "take it home again.",
        "It's the same company!",
        "returns, online orders",
    ),
    "returns-great": (
        "Ellie Dawson", "in_store", "get_support", "delighted", "",
        "An exchange done in under two minutes with the new handheld; customer was amazed.",
        "That's the fastest return I've ever done.",
        "returns, handhelds",
    ),
    "gift-card-balance": (
        "Jack Turner", "in_store", "use", "frustrated", "",
        "Customers can only check a gift card balance at the till, so they queue just to ask.",
        "I only wanted to know how much is on it.",
        "gift cards, queues",
    ),
    "student-discount": (
        "Amira Khan", "in_store", "evaluate", "neutral", "students",
        "Students ask whether we have a student discount; we only have one online and they can't "
        "use it in store.",
        "Online I get ten percent but not here?",
        "discounts, students",
    ),
    "onboard-manual": (
        "Aisha Begum", "in_store", "onboard", "neutral", "older customers",
        "Customers buying their first smartphone ask for a paper quick-start guide; the box only "
        "has a QR code.",
        "How do I scan a code when I can't use the phone yet?",
        "setup, older customers",
    ),
    "b2b-invoice": (
        "Adam Novak", "email", "buy", "frustrated", "small business",
        "Small business customers need a VAT invoice and can only get it by emailing us; they wait"
        " days.",
        "I need it for my accountant by Friday.",
        "invoices, small business",
    ),
    "b2b-account": (
        "Helen Wright", "phone", "renew_leave", "frustrated", "small business",
        "A café owner said she moved her account to a competitor that offers trade prices on "
        "repeat orders.",
        "I spend thousands a year with you and get nothing back.",
        "small business, loyalty",
    ),
    "discover-ad": (
        "Sophie Charlton", "in_store", "discover", "neutral", "",
        "Customer brought in a printed ad for a deal that ended yesterday; the ad had no end date "
        "on it.",
        "It doesn't say it finished.",
        "promotions",
    ),
    "onboard-app-setup": (
        "Niamh Doherty", "chat", "onboard", "frustrated", "",
        "Customers setting up the smart thermostat can't pair it with the app; the instructions "
        "skip the Wi-Fi step.",
        "The app just spins forever.",
        "setup, smart home",
    ),
    "use-spare-parts": (
        "Morag Stewart", "chat", "use", "neutral", "",
        "Customers want to buy spare parts (filters, bags) but can't find them by their "
        "appliance's model number.",
        "I have the model number, just tell me which filter.",
        "spare parts, search",
    ),
    "renew-warranty-reminder": (
        "Euan Fraser", "email", "renew_leave", "delighted", "",
        "Customer thanked us for the reminder that his warranty was ending; he renewed on the "
        "spot.",
        "Good to be reminded before it ran out.",
        "warranty, renewals",
    ),
    "other-noise": (
        "Rhys Morgan", "other", "use", "frustrated", "",
        "Neighbours complained about early delivery lorries at the Cardiff store; a customer "
        "mentioned it at the till.",
        "Half five in the morning, every day.",
        "deliveries to store, community",
    ),
    "field-survey": (
        "Femi Adeyemi", "field_visit", "evaluate", "neutral", "",
        "On a kitchen survey, the customer asked for a rough price there and then; we can only "
        "send a quote days later.",
        "Just give me a ballpark.",
        "quotes, kitchens",
    ),
    "callback-slot": (
        "Dave Davies", "phone", "get_support", "delighted", "",
        "A customer said being able to choose a call-back slot made all the difference for her "
        "shift work.",
        "I could actually pick a time that suits me.",
        "call-backs",
    ),
    "anonymous-pressure": (
        "Ryan Cooper", "in_store", "buy", "frustrated", "",
        "Customers tell us they feel pushed into the extended warranty at the till because of our "
        "sales targets.",
        "I said no three times.",
        "warranty, sales targets",
    ),
    "car-park-baskets": (
        "Liam Brennan", "in_store", "buy", "frustrated", "",
        "Customers coming in from the car park entrance find no baskets there; they carry armfuls"
        " to the till and put things back when their hands are full.",
        "I'd have bought more if I'd had something to put it in.",
        "baskets, layout",
    ),
    "receipt-lost": (
        "Dylan Thomas", "in_store", "get_support", "frustrated", "",
        "A customer returning a toaster bought as a present had lost the receipt; her card "
        "statement showed the payment but the till can't look it up without the receipt.",
        "It's right there on my statement. You can see I paid.",
        "receipts, returns",
    ),
}
ANONYMOUS_OBSERVATIONS = {"anonymous-pressure", "queue-selfcheck"}

# (author, category slug, title, problem, proposal, expected impact, tags,
#  evidence (observation keys), anonymous, votes)
IDEAS = [
    (
        "Alice Archer", "store-experience",
        "Open a second till line at weekend lunchtimes",
        "Saturday lunchtime queues reach the back of the store and people leave baskets.",
        "Roster one extra person on tills 12–2 at weekends, and call for help when the queue "
        "passes the first display.",
        "Fewer walk-outs; shorter waits on our busiest hours.",
        "queues, tills", ["queue-sat", "queue-selfcheck"], False, 24,
    ),
    (
        "Liam Brennan", "billing",
        "Email receipts by default",
        "Thermal receipts fade and customers can't prove a purchase for returns.",
        "Offer an emailed receipt at every till and keep receipts in the customer's account.",
        "No more refused returns for faded receipts.",
        "receipts", ["receipt-fade", "cardiff-welsh"], False, 31,
    ),
    (
        "Alice Archer", "delivery",
        "Signpost the click & collect desk",
        "Collect customers queue at the main tills because they can't find the desk.",
        "Put the desk's location in the 'ready to collect' email and hang a sign at the entrance.",
        "Collections in under two minutes.",
        "click and collect, signage", ["click-collect-wait"], False, 12,
    ),
    (
        "Dave Davies", "contact-centre",
        "Tell callers their place in the queue",
        "Callers wait a long time on hold without knowing how long.",
        "Announce the place in the queue and offer a call-back slot after five minutes.",
        "Fewer abandoned calls and angry openers.",
        "hold times, call-backs", ["call-wait", "callback-promise", "callback-slot"], False, 28,
    ),
    (
        "Hannah Price", "contact-centre",
        "One owner for each complaint",
        "Customers are passed between teams and repeat themselves each time.",
        "The first person to take a complaint owns it to the end and can pull in other teams "
        "behind the scenes.",
        "Fewer transfers, happier customers.",
        "transfers", ["call-transfer", "email-no-reply"], False, 19,
    ),
    (
        "Marcus Green", "returns-refunds",
        "Send a refund tracking email",
        "Customers call to chase refunds that have already left us.",
        "Email the customer when the refund leaves us, with the bank's usual timing.",
        "Fewer 'where is my refund' calls.",
        "refunds", ["refund-timing", "call-wait"], False, 22,
    ),
    (
        "Euan Fraser", "digital",
        "Let customers cancel subscriptions online",
        "Customers can sign up online but must phone to cancel.",
        "Add a cancel button in the account page, with one retention offer.",
        "Trust, and fewer calls to the contact centre.",
        "subscriptions, cancel", ["cancel-sub"], False, 17,
    ),
    (
        "Ravi Patel", "contact-centre",
        "A 'talk to a person' button in chat",
        "The chat bot loops customers back to the FAQ when they ask for a person.",
        "Always show a 'talk to a person' button after the bot's second answer.",
        "Less frustration in chat.",
        "chat, chatbot", ["chat-bot-loop", "chat-hours"], False, 26,
    ),
    (
        "Paul Kowalski", "delivery",
        "Two-hour delivery windows on the morning of delivery",
        "A 12-hour delivery window costs customers a day's holiday.",
        "Text customers a two-hour window by 8am on the day, using the route plan.",
        "Customers plan their day; fewer missed deliveries.",
        "delivery, time slots", ["delivery-window", "app-tracking"], False, 30,
    ),
    (
        "Jade Simpson", "delivery",
        "Drivers phone before leaving a missed card",
        "Drivers leave 'missed you' cards when the customer is in.",
        "Drivers call the customer's mobile before leaving a card.",
        "Fewer redeliveries.",
        "delivery, missed parcels", ["missed-delivery-card"], False, 11,
    ),
    (
        "Yasmin Ali", "digital",
        "Accept postcodes with or without a space",
        "Checkout rejects postcodes typed without a space.",
        "Normalise postcodes before validating them.",
        "Fewer failed checkouts.",
        "checkout, website", ["web-checkout-postcode"], False, 15,
    ),
    (
        "Freya Nolan", "digital",
        "Keep customers logged in to the app",
        "The app logs people out every few days.",
        "Keep sessions for 90 days with biometric unlock.",
        "More app use, fewer password resets.",
        "app, login", ["app-login"], False, 20,
    ),
    (
        "Yasmin Ali", "digital",
        "One basket across app and website",
        "Baskets empty when customers switch between the app and the website.",
        "Save the basket to the account, not the device.",
        "Fewer lost sales.",
        "app, checkout", ["app-basket"], False, 14,
    ),
    (
        "Josh Taylor", "digital",
        "Live stock levels in the app",
        "App stock levels lag the shelves by a day.",
        "Feed till sales to the app every 15 minutes and show 'low stock' below 3.",
        "No more wasted trips.",
        "stock, app", ["stock-shelf-app", "app-stock"], False, 27,
    ),
    (
        "Sanjay Mehta", "returns-refunds",
        "QR code returns, no printer needed",
        "Postal returns need a printed label.",
        "Give a QR code that the post office scans and prints.",
        "Easier returns.",
        "returns, labels", ["returns-post"], False, 21,
    ),
    (
        "Chloe Walsh", "returns-refunds",
        "Return online orders in any store",
        "Stores can't accept online-only items.",
        "Let stores accept them and send them on with the weekly stock return.",
        "One company in customers' eyes.",
        "returns, online orders", ["returns-in-store-online", "fitting-rooms"], False, 23,
    ),
    (
        "Jack Turner", "billing",
        "Gift card balance on the receipt and the website",
        "Customers queue at tills just to check a gift card balance.",
        "Print the balance on every receipt and add a balance checker online.",
        "Shorter queues.",
        "gift cards", ["gift-card-balance"], False, 9,
    ),
    (
        "Sophie Charlton", "store-experience",
        "A lower card reader at every store",
        "Wheelchair users can't reach the card reader at some tills.",
        "Fit a longer cable or a swivel arm at one till in every store.",
        "Nobody has to hand over their PIN.",
        "accessibility, tills", ["accessible-tills"], False, 18,
    ),
    (
        "Aisha Begum", "store-experience",
        "Free 15-minute setup for new devices",
        "New smartphone owners don't know how to start.",
        "Offer a free 15-minute setup at the till for any new phone or tablet.",
        "Loyal customers, fewer returns as 'faulty'.",
        "setup, older customers", ["helpful-staff", "onboard-manual"], False, 16,
    ),
    (
        "Ryan Cooper", "billing",
        "Say plainly which retailers our price promise covers",
        "Staff and customers don't know whether online-only retailers count.",
        "A one-line rule on the shelf edge and the website.",
        "Fewer disputes at the till.",
        "price promise", ["price-match"], False, 8,
    ),
    (
        "Gary Holt", "delivery",
        "Fragile labels and top-of-van loading for mirrors and glass",
        "Mirrors arrive cracked.",
        "Label fragile items at the warehouse and load them last.",
        "Fewer damaged deliveries.",
        "packaging, damaged items", ["fragile-packaging"], False, 7,
    ),
    (
        "Paul Kowalski", "delivery",
        "Say clearly whether we take the old appliance",
        "Customers expect us to take the old appliance when it wasn't booked.",
        "Ask at checkout with a tick box and show it in the confirmation.",
        "No disappointed customers on install day.",
        "installation, recycling", ["install-old-appliance", "install-great"], False, 13,
    ),
    (
        "Tom Reid", "contact-centre",
        "Answer social posts within the hour",
        "Complaints on social media go unanswered overnight.",
        "A rota across contact centres to answer social posts 7am–11pm.",
        "Problems caught before they spread.",
        "social media", ["social-complaint", "social-question"], False, 10,
    ),
    (
        "Adam Novak", "billing",
        "VAT invoices in the account page",
        "Small businesses wait days for VAT invoices by email.",
        "Let customers download a VAT invoice for any order.",
        "Happier trade customers.",
        "invoices, small business", ["b2b-invoice"], False, 6,
    ),
    (
        "Helen Wright", "billing",
        "Trade prices for repeat business customers",
        "Small businesses leave for competitors with trade prices.",
        "A simple trade account with 5% off after £2,000 a year.",
        "Keep business customers.",
        "small business, loyalty", ["b2b-account"], False, 5,
    ),
    (
        "Niamh Doherty", "billing",
        "Explain renewal price rises in the email",
        "Renewal prices jump without explanation and customers leave.",
        "Show last year's price, this year's, and why; offer to talk it through.",
        "Fewer cancellations at renewal.",
        "renewals, pricing", ["renewal-price"], False, 12,
    ),
    (
        "Freya Nolan", "digital",
        "Filter TVs by wall-mount size",
        "Customers can't filter TVs by VESA size.",
        "Add VESA as a filter.",
        "Fewer returns of TVs that don't fit.",
        "website, search", ["web-filter"], False, 4,
    ),
    (
        "Morag Stewart", "digital",
        "Find spare parts by model number",
        "Customers can't find the right filter or bag for their appliance.",
        "A 'parts for my model' search box on the website and in chat.",
        "More parts sold, fewer wrong orders.",
        "spare parts, search", ["use-spare-parts", "chat-great"], False, 9,
    ),
    (
        "Ryan Cooper", "store-experience",
        "Stop pushing extended warranties at the till",
        "Customers feel pressured into warranties by our targets.",
        "Drop the warranty target from till staff objectives; offer it once, plainly.",
        "Trust at the till.",
        "warranty, sales targets", ["anonymous-pressure"], True, 29,
    ),
    (
        "Chloe Walsh", "store-experience",
        "Keep fitting rooms open until closing",
        "Fitting rooms close early for lack of staff and customers buy several sizes.",
        "Use a self-service fitting room tag system after 5pm.",
        "Fewer returns, happier shoppers.",
        "fitting rooms", ["fitting-rooms"], True, 11,
    ),
    (
        "Dylan Thomas", "billing",
        "Keep receipts in the customer's account",
        "Customers who lose a paper receipt can't return or exchange, even when they paid by "
        "card.",
        "Store every receipt against the customer's account or card so the till can find it.",
        "No more turning away customers who clearly bought from us.",
        "receipts, returns", ["receipt-lost"], False, 6,
    ),
    (
        "Liam Brennan", "store-experience",
        "Baskets at the car park entrance",
        "There are no baskets at the car park entrance, so customers carry what they can and "
        "leave the rest.",
        "Put a basket stack inside the car park doors and collect them back there at close.",
        "Bigger baskets, fewer items abandoned at the till.",
        "baskets, layout", ["car-park-baskets"], False, 5,
    ),
]

# fmt: on
