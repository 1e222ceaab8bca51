"""Article text in the dashboard's Markdown is shown as text, never as links or formatting."""

import html

import pytest
from markdown_it import MarkdownIt

from stance.dashboard.views import plain_markdown


@pytest.mark.parametrize("text", [
    "Hamas said [the deal](http://evil.example/x) is *dead*.",
    "Israel: `rm -rf` # not a heading > not a quote | not a table",
    "1. not a list item; - nor this; + nor this; ![img](http://x.example/i.png)",
    "Costs rose 5% to $1,000 and :red[alarm] in <b>bold</b>.",
])
def test_article_text_renders_as_the_same_text(text):
    rendered = MarkdownIt("commonmark").render(plain_markdown(text))
    assert "<a " not in rendered and "<em>" not in rendered and "<img" not in rendered
    assert "<b>" not in rendered and "<code>" not in rendered and "<h1>" not in rendered
    inner = rendered.removeprefix("<p>").removesuffix("</p>\n")
    assert html.unescape(inner) == text


def test_line_breaks_become_spaces():
    assert plain_markdown("one\ntwo\n\nthree") == "one two three"
