"""Comment Markdown is rendered, then sanitised: only a small set of safe tags stays."""

import pytest

from ideas.markdown import mention_candidates, render


def test_emphasis_lists_code_and_quotes_are_kept():
    html = render("*really* **slow**\n\n- one\n- two\n\n> quote\n\n`code`")

    for tag in ("<em>", "<strong>", "<ul>", "<li>", "<blockquote>", "<code>"):
        assert tag in html


def test_script_tags_are_removed_with_their_content():
    html = render("Hello <script>alert('x')</script> there")

    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html


def test_event_handlers_are_stripped():
    html = render('<img src="x" onerror="alert(1)"> <p onclick="alert(2)">hi</p>')

    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_links_to_other_schemes_lose_their_href(text):
    html = render(text)

    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "click" in html


def test_web_and_mail_links_stay_with_nofollow_noopener():
    html = render("[site](https://example.com/a) and [mail](mailto:cx@example.com)")

    assert '<a href="https://example.com/a" rel="nofollow noopener">site</a>' in html
    assert 'href="mailto:cx@example.com"' in html


def test_other_tags_and_attributes_are_dropped():
    html = render(
        '# Heading\n\n<div class="x" style="color:red">text</div>\n\n![i](https://x/i.png)'
    )

    assert "<h1" not in html
    assert "<div" not in html
    assert "style" not in html
    assert "<img" not in html


def test_classes_other_than_mention_are_dropped():
    html = render('<strong class="mention evil">x</strong>')

    assert "evil" not in html


def test_mention_candidates_skip_code_emails_and_urls():
    text = "@alice `@bob` mail carol@example.com or https://example.com/@dave, @Erin.Evans."

    assert sorted(mention_candidates(text)) == ["alice", "erin.evans"]


def test_only_matched_mentions_are_highlighted():
    html = render("Thanks @alice and @nobody", mentions={"alice"})

    assert '<strong class="mention">@alice</strong>' in html
    assert "@nobody" in html
    assert html.count("mention") == 1
