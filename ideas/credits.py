"""Who made a win: the one rule for the credits on /wins/ and in digests."""

from ideas.access import may_see_author


def credit(idea, user) -> None:
    """`idea.credits`: the author and the people whose observations were evidence,
    each once, by name unless they posted anonymously; `idea.anonymous_credits`
    counts the others."""
    named, anonymous = {}, set()
    posts = [idea, *(evidence.observation for evidence in idea.evidence_list)]
    for post in posts:
        if post.is_hidden and not user.is_cx_lead:
            continue
        if may_see_author(user, post):
            named.setdefault(post.author_id, post.author.name)
        else:
            anonymous.add(post.author_id)
    idea.credits, idea.anonymous_credits = list(named.values()), len(anonymous)
