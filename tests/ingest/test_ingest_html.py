from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.exceptions import EmptyDocumentError
from watchfloor.ingest.html import read_html
from watchfloor.ingest.metadata import Metadata

PAGE = """<html><head><title>Attack in Mosul | Conflict Monitor</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Conflict Monitor">
<meta property="article:published_time" content="2021-10-08T10:00:00Z">
<link rel="canonical" href="https://example.org/mosul-attack"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<article><h1>Attack in Mosul</h1>
<p>The group claimed responsibility for the attack on the army base near Mosul on Friday.</p>
<p>At least twelve soldiers were killed and many more injured in the assault at dawn.</p>
</article><footer><a href="/privacy">Navigation footer link</a></footer></body></html>"""


def test_html_main_text_without_navigation() -> None:
    content = read_html(PAGE.encode(), Path("p.html"))
    lines = content.text.split("\n")
    assert any(line.startswith("The group claimed") for line in lines)
    assert any(line.startswith("At least twelve") for line in lines)
    assert "About us" not in content.text
    assert "Navigation footer" not in content.text


def test_html_metadata() -> None:
    assert read_html(PAGE.encode(), Path("p.html")).metadata == Metadata(
        title="Attack in Mosul",
        publisher="Conflict Monitor",
        author="Jane Doe",
        published="2021-10-08",
        url="https://example.org/mosul-attack",
    )


@pytest.mark.parametrize(
    "page",
    [
        "<html><body></body></html>",
        "<html><head><script>var x = 1;</script></head><body>  </body></html>",
    ],
)
def test_html_without_main_text_is_empty(page: str) -> None:
    with pytest.raises(EmptyDocumentError, match="empty.html"):
        read_html(page.encode(), Path("empty.html"))
