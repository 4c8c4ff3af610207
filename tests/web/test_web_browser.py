"""The web app in a real headless Chromium (Debian's, driven by Playwright).

Skipped when Chromium or Playwright is absent; Playwright never downloads a browser here:
it is pointed at the system's executable.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from web_base import GROUP, build_base, serving

from watchfloor.store.base import ClaimFilter
from watchfloor.store.opening import open_knowledge_base

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def server(kb_url):
    with serving(build_base(kb_url)) as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    context.close()


def _fighters(db: str, low: float) -> str:
    with open_knowledge_base(db, readonly=True) as kb:
        return next(c["id"] for c in kb.claims(ClaimFilter(predicate="fighters"))
                    if c["low"] == low)


def _reviews(db: str) -> int:
    with open_knowledge_base(db, readonly=True) as kb:
        return int(kb.stats()["reviews"])


def test_web_browser_search_and_open_entity(server, page) -> None:
    page.goto(server.url + "/")
    page.fill("input[name=q]", "crims")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=crims")
    page.click("a.entity-link:has-text('Crimson Hand')")
    page.wait_for_url(f"**/entities/{GROUP}")
    assert page.inner_text("#entity-name") == "Crimson Hand"
    assert "3,500" in page.inner_text("#strength")


def test_web_browser_misspelt_name_offers_suggestion(server, page) -> None:
    page.goto(server.url + "/search?q=Crimsen")
    page.click("a.suggestion")
    assert page.inner_text("#entity-name") == "Crimson Hand"


def test_web_browser_figure_leads_to_highlighted_sentence(server, page) -> None:
    claim = _fighters(server.db, 2000.0)
    page.goto(f"{server.url}/entities/{GROUP}")
    page.click("a.figure:has-text('2,000')")
    page.wait_for_url(f"**#claim-{claim}")
    marked = page.locator("mark.ev.highlighted")
    assert marked.count() >= 1
    text = "".join(marked.all_inner_texts())
    assert text == "The Crimson Hand has about 2,000 fighters, the ministry said."
    assert marked.first.is_visible()
    assert page.locator(f"#card-{claim}.active").count() == 1
    # a claim card's link highlights its own sentence in place
    page.click(".card:has-text('leader of') a.card-link")
    # the page script moves the highlight after the click: wait for it, then read it
    page.locator("mark.ev.highlighted", has_text="Arlo Vance").first.wait_for(timeout=5000)
    assert "Arlo Vance" in " ".join(page.locator("mark.ev.highlighted").all_inner_texts())


def test_web_browser_hostile_text_stays_text(server, page) -> None:
    page.goto(server.url + "/")
    page.click("a:has-text('Crimson Hand in Port Elm')")
    assert "<script>alert('pwned')</script>" in page.inner_text("#text")
    assert "onerror=alert(1)" in page.inner_text("#dropped")
    assert page.locator("#text script, #text img, #dropped img").count() == 0
    page.goto(f"{server.url}/entities/{GROUP}")
    assert "\"><svg onload=alert(3)>" in page.inner_text(".aliases")
    page.goto(f"{server.url}/search?q=svg")
    assert page.locator("main svg").count() == 0
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_web_browser_reject_with_token_changes_every_view(server, page) -> None:
    claim = _fighters(server.db, 2000.0)
    page.goto(f"{server.url}/entities/{GROUP}")
    page.click("a.figure:has-text('2,000')")
    page.wait_for_url(f"**#claim-{claim}")
    page.fill("#token-input", server.token)
    page.click("#token-save")
    assert page.inner_text("#token-state") == "review token set"
    with page.expect_navigation():
        page.click(f"#card-{claim} button[data-decision=reject]")
    assert page.locator(f"#card-{claim}.rejected").count() == 1
    assert "rejected by tester" in page.inner_text(f"#card-{claim}")
    assert page.locator(f"mark.ev.rejected[data-claims~='{claim}']").count() >= 1
    page.goto(f"{server.url}/entities/{GROUP}")
    assert "2,000" not in page.inner_text("#strength")
    assert "3,500" in page.inner_text("#strength")
    api = page.request.get(f"{server.url}/api/claims?entity={GROUP}").json()
    assert claim not in {c["id"] for c in api["claims"]}
    assert _reviews(server.db) == 1
    # the token stays for this tab's session
    assert page.inner_text("#token-state") == "review token set"


def test_web_browser_write_refused_without_or_with_wrong_token(server, page) -> None:
    claim = _fighters(server.db, 3500.0)
    doc = page.request.get(f"{server.url}/api/claims?entity={GROUP}").json()["claims"]
    document = next(c["document"] for c in doc if c["id"] == claim)
    page.goto(f"{server.url}/documents/{document}")
    assert page.inner_text("#token-state") == "read-only"
    page.click(f"#card-{claim} button[data-decision=reject]")
    page.wait_for_selector("#status.show")
    assert "refused (401)" in page.inner_text("#status")
    page.fill("#token-input", "wrong-token")
    page.click("#token-save")
    page.click(f"#card-{claim} button[data-decision=reject]")
    page.wait_for_selector("#status:has-text('refused (403)')")
    assert _reviews(server.db) == 0
    assert page.locator(f"#card-{claim}.rejected").count() == 0


def test_web_browser_graph_draws_typed_edges(server, page) -> None:
    page.goto(server.url + "/graph")
    page.wait_for_selector("#graph-count:has-text('3 nodes, 2 edges')")
    assert page.locator("#graph canvas").count() >= 1
    legend = page.inner_text("#graph-legend")
    assert "allied with" in legend and "leader of" in legend
    page.fill("input[name=start]", "2021-01-01")
    page.fill("input[name=end]", "2021-12-31")
    page.click("#graph-filters button[type=submit]")
    page.wait_for_selector("#graph-count:has-text('2 nodes, 1 edges')")


def test_web_browser_map_labels_and_legend(server, page) -> None:
    page.goto(server.url + "/map")
    page.wait_for_selector("#map[data-markers='2']")
    labels = page.locator(".map-label").all_inner_texts()
    assert sorted(labels) == ["2022-05-03 attack · Port Elm", "2022-06-20 attack · Riverton"]
    assert "attack" in page.inner_text(".leaflet-control-container .legend-box")
    assert page.locator("path.leaflet-interactive, svg path").count() > 100  # the basemap
    page.select_option("select[name=country]", "SO")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    page.wait_for_selector("#map[data-markers='1']")


def _use_token(page, token: str) -> None:
    page.fill("#token-input", token)
    page.click("#token-save")


def test_web_browser_merge_and_split_in_the_page(server, page) -> None:
    page.goto(f"{server.url}/entities/{GROUP}")
    _use_token(page, server.token)
    page.click("#identity summary")
    page.fill("form.review-form input[name=absorb]", "Blue Lantern Front")
    page.fill("form.review-form input[name=note]", "same group, renamed")
    with page.expect_navigation():
        page.click("form.review-form button[type=submit]")
    assert "Blue Lantern Front" in page.inner_text(".aliases")
    page.click("#identity summary")
    with page.expect_navigation():
        page.click("#identity button[data-decision=split]")
    assert "Blue Lantern Front" not in page.inner_text(".aliases")
    assert _reviews(server.db) == 2


def test_web_browser_reject_event_leaves_events_table(server, page) -> None:
    page.goto(f"{server.url}/events")
    _use_token(page, server.token)
    assert page.locator("tr.event-row").count() == 2
    row = page.locator("tr.event-row:has-text('Riverton')")
    with page.expect_navigation():
        row.locator("button[data-decision=reject]").click()
    assert page.locator("tr.event-row").count() == 1
    assert "Riverton" not in page.inner_text("#events-table")
