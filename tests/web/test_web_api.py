"""The web app over real HTTP: pages, the JSON API, its one error shape, and who may write."""

from __future__ import annotations

import os
import stat

import httpx
import pytest
from web_base import GROUP, HOSTILE, LEADER, build_base, serving

from watchfloor.store.opening import open_knowledge_base
from watchfloor.web.auth import load_or_create_token, token_path


@pytest.fixture(scope="module")
def server(module_kb_url):
    """One server per backend for the tests that only read."""
    with serving(build_base(module_kb_url)) as running:
        yield running


@pytest.fixture
def fresh(kb_url):
    """A server on its own base, for tests that write."""
    with serving(build_base(kb_url)) as running:
        yield running


def _docs(db) -> list[dict]:
    with open_knowledge_base(db, readonly=True) as kb:
        return kb.documents()


def _claim(db, predicate: str, low: float | None = None) -> str:
    with open_knowledge_base(db, readonly=True) as kb:
        from watchfloor.store.base import ClaimFilter

        return next(c["id"] for c in kb.claims(ClaimFilter(predicate=predicate))
                    if low is None or c["low"] == low)


def _post(server, body, **headers) -> httpx.Response:
    return httpx.post(f"{server.url}/api/reviews", json=body, headers=headers)


@pytest.mark.parametrize("path", ["/", "/search?q=crimson", "/entities/" + GROUP,
                                  "/search?q=leaflet", "/events", "/conflicts"])
def test_web_pages_answer(server, path) -> None:
    r = httpx.get(server.url + path)
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_web_hostile_text_is_shown_as_text(server) -> None:
    doc = _docs(server.db)[0]
    r = httpx.get(f"{server.url}/documents/{doc['id']}")
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text
    search = httpx.get(f"{server.url}/search", params={"q": "leaflet " + HOSTILE})
    assert "<script>alert" not in search.text


def test_web_hostile_alias_is_shown_as_text(server) -> None:
    for path in (f"/entities/{GROUP}", "/search?q=svg onload", "/"):
        page = httpx.get(server.url + path).text
        assert "<svg onload" not in page, path
    assert "&#34;&gt;&lt;svg onload=alert(3)&gt;" in httpx.get(
        f"{server.url}/entities/{GROUP}").text


def test_web_source_url_only_links_web_addresses(server) -> None:
    docs = {d["title"]: d for d in _docs(server.db)}
    good = httpx.get(f"{server.url}/documents/{docs['Crimson Hand in Port Elm']['id']}").text
    bad = httpx.get(f"{server.url}/documents/{docs['Port Elm residents']['id']}").text
    assert 'href="https://example.org/crimson-hand"' in good
    assert 'href="javascript:' not in bad


def test_web_search_suggests_close_names(server) -> None:
    r = httpx.get(f"{server.url}/api/search", params={"q": "Crimsen Hnd"}).json()
    assert r["names"] == []
    assert [s["id"] for s in r["suggestions"]] == [GROUP]
    page = httpx.get(f"{server.url}/search", params={"q": "Crimsen Hnd"}).text
    assert "Did you mean" in page and f'href="/entities/{GROUP}"' in page


def test_web_search_finds_alias_and_sentences(server) -> None:
    r = httpx.get(f"{server.url}/api/search", params={"q": "CHX"}).json()
    assert [n["id"] for n in r["names"]] == [GROUP]
    r = httpx.get(f"{server.url}/api/search", params={"q": "arlo va"}).json()
    assert [n["id"] for n in r["names"]] == [LEADER]  # a name's last word typed in part
    r = httpx.get(f"{server.url}/api/search", params={"q": "patrols harbour"}).json()
    assert [s["title"] for s in r["sentences"]] == ["Port Elm residents"]
    assert "still patrols the harbour" in r["sentences"][0]["snippet"]  # marks left out
    page = httpx.get(f"{server.url}/search", params={"q": "patrols harbour"})
    assert page.status_code == 200 and "<mark>patrols</mark>" in page.text


def test_web_entity_by_name_or_alias(server) -> None:
    assert httpx.get(f"{server.url}/api/entities/CHX").json()["entity"]["id"] == GROUP
    assert "Crimson Hand" in httpx.get(f"{server.url}/entities/crimson hand").text


def test_web_entity_lists_undated_estimates_apart(server) -> None:
    e = httpx.get(f"{server.url}/api/entities/{GROUP}").json()
    assert [c["low"] for c in e["dated"]] == [2000.0]
    assert [c["low"] for c in e["undated"]] == [3500.0]
    assert all(c["link"].startswith("/documents/doc-") and "#claim-clm-" in c["link"]
               for c in e["dated"] + e["undated"])
    sections = {s["name"]: [r["other"] for r in s["rows"]] for s in e["sections"]}
    assert sections["leaders"] == ["person:arlo-vance"]
    assert sections["allies"] == ["armed_group:blue-lantern-front"]
    assert [ev["killed"] for ev in e["events"]] == ["12"]


@pytest.mark.parametrize("path,status,code", [
    ("/api/entities/armed_group:nobody", 404, "not_found"),
    ("/api/documents/doc-0000", 404, "not_found"),
    ("/api/claims?entity=Nobody", 404, "not_found"),
    ("/api/entities?limit=many", 400, "bad_request"),
    ("/api/nothing-here", 404, "not_found"),
])
def test_web_api_errors_have_one_shape(server, path, status, code) -> None:
    r = httpx.get(server.url + path)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code


def test_web_api_document_has_claims_mentions_and_dropped(server) -> None:
    doc = next(d for d in _docs(server.db) if d["title"] == "Crimson Hand in Port Elm")
    r = httpx.get(f"{server.url}/api/documents/{doc['id']}").json()
    assert {c["predicate"] for c in r["claims"]} == {"fighters", "leader_of", "allied_with",
                                                     "killed"}
    assert {m["type"] for m in r["mentions"]} >= {"armed_group", "person", "location"}
    assert r["dropped"][0]["reason"] == "boilerplate"


def test_web_review_needs_the_token(server) -> None:
    claim = _claim(server.db, "fighters", 2000.0)
    body = {"kind": "claim", "target": claim, "decision": "reject"}
    missing = _post(server, body)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "token_required"
    wrong = _post(server, body, **{"X-Watchfloor-Token": "not-it"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "bad_token"
    with open_knowledge_base(server.db, readonly=True) as kb:
        assert kb.stats()["reviews"] == 0


def test_web_review_refuses_cross_site_requests(server) -> None:
    claim = _claim(server.db, "fighters", 2000.0)
    token = {"X-Watchfloor-Token": server.token}
    body = {"kind": "claim", "target": claim, "decision": "reject"}
    assert _post(server, body, Origin="https://evil.example", **token).status_code == 403
    assert _post(server, body, Host="evil.example:80", **token).status_code == 403
    form = httpx.post(f"{server.url}/api/reviews", data={"kind": "claim", "target": claim,
                                                         "decision": "reject"}, headers=token)
    assert form.status_code == 400  # a form post is not JSON
    with open_knowledge_base(server.db, readonly=True) as kb:
        assert kb.stats()["reviews"] == 0


def test_web_review_reject_changes_every_view(fresh) -> None:
    claim = _claim(fresh.db, "fighters", 2000.0)
    r = _post(fresh, {"kind": "claim", "target": claim, "decision": "reject", "note": "dup"},
              **{"X-Watchfloor-Token": fresh.token})
    assert r.status_code == 201, r.text
    assert r.json()["reviewer"] == "tester"
    e = httpx.get(f"{fresh.url}/api/entities/{GROUP}").json()
    assert [c["low"] for c in e["dated"]] == []
    claims = httpx.get(f"{fresh.url}/api/claims", params={"entity": GROUP}).json()["claims"]
    assert claim not in {c["id"] for c in claims}
    with open_knowledge_base(fresh.db, readonly=True) as kb:
        from watchfloor.resolve.judgements import history

        logged = history(kb, claim)
    assert [(h["decision"], h["reviewer"], h["note"]) for h in logged] == [
        ("reject", "tester", "dup")]


def test_web_review_correct_and_bad_fields(fresh) -> None:
    claim = _claim(fresh.db, "fighters", 3500.0)
    token = {"X-Watchfloor-Token": fresh.token}
    r = _post(fresh, {"kind": "claim", "target": claim, "decision": "correct",
                      "changes": {"low": 3000, "time": "2022-06"}}, **token)
    assert r.status_code == 201, r.text
    e = httpx.get(f"{fresh.url}/api/entities/{GROUP}").json()
    assert [(c["low"], c["time"]) for c in e["dated"]][-1] == (3000.0, "2022-06")
    bad = _post(fresh, {"kind": "claim", "target": claim, "decision": "correct",
                        "changes": {"colour": "red"}}, **token)
    assert bad.status_code == 400 and "colour" in bad.json()["error"]["message"]


def test_web_review_merge_and_split_entities(fresh) -> None:
    token = {"X-Watchfloor-Token": fresh.token}
    # the graph is kept between requests while the base is unchanged: a write renews it
    before = httpx.get(f"{fresh.url}/api/graph").json()
    assert "armed_group:blue-lantern-front" in {n["id"] for n in before["nodes"]}
    r = _post(fresh, {"kind": "entity", "decision": "merge", "keep": GROUP,
                      "absorb": "armed_group:blue-lantern-front"}, **token)
    assert r.status_code == 201, r.text
    aliases = httpx.get(f"{fresh.url}/api/entities/{GROUP}").json()["aliases"]
    assert "Blue Lantern Front" in aliases
    graph = httpx.get(f"{fresh.url}/api/graph").json()
    assert "armed_group:blue-lantern-front" not in {n["id"] for n in graph["nodes"]}
    assert (GROUP, GROUP) in {(e["source"], e["target"]) for e in graph["edges"]}
    r = _post(fresh, {"kind": "entity", "decision": "split",
                      "target": "armed_group:blue-lantern-front"}, **token)
    assert r.status_code == 201, r.text
    assert "Blue Lantern Front" not in httpx.get(f"{fresh.url}/api/entities/{GROUP}").json()[
        "aliases"]
    assert httpx.get(f"{fresh.url}/api/graph").json() == before


def test_web_token_file_is_private_and_kept(kb_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # where a PostgreSQL base's goes
    db = kb_url
    token, created = load_or_create_token(db)
    assert created and len(token) >= 32
    assert stat.S_IMODE(os.stat(token_path(db)).st_mode) == 0o600
    assert load_or_create_token(db) == (token, False)


def test_web_token_of_a_postgres_base_is_kept_apart_from_its_url(monkeypatch, tmp_path) -> None:
    """A URL's password never becomes part of a file name; one base, one token file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = token_path("postgresql://analyst:s3cret@db.example/kb")
    assert path.parent == tmp_path / "watchfloor" and "s3cret" not in str(path)
    assert path == token_path("postgresql://analyst:other@db.example/kb")
    assert path != token_path("postgresql://analyst:s3cret@db.example/kb2")


@pytest.mark.parametrize("query,places", [
    ({}, ["Port Elm", "Riverton"]),
    ({"group": GROUP}, ["Port Elm"]),
    ({"country": "SO"}, ["Riverton"]),
    ({"type": "meeting"}, []),
    ({"start": "2022-06-01", "end": "2022-06-30"}, ["Riverton"]),
    ({"start": "2022-05", "end": "2022-05"}, ["Port Elm"]),
])
def test_web_events_filters(server, query, places) -> None:
    r = httpx.get(f"{server.url}/api/events", params=query).json()
    assert [e["location_name"] for e in r["events"]] == places
    page = httpx.get(f"{server.url}/events", params=query).text
    assert page.count('class="event-row"') == len(places)


def test_web_conflicts_side_by_side(server) -> None:
    r = httpx.get(f"{server.url}/api/conflicts", params={"entity": "Crimson Hand"}).json()
    figures = [c for c in r["conflicts"] if c["kind"] == "figure"]
    assert figures and {c["low"] for c in figures[0]["claims"]} == {2000.0, 3500.0}
    page = httpx.get(f"{server.url}/conflicts", params={"entity": "Crimson Hand"}).text
    assert "some 3,500" in page or "3,500" in page
    one = httpx.get(f"{server.url}/api/conflicts",
                    params={"entity": "Crimson Hand", "claims": 1}).json()["conflicts"]
    [figure] = [c for c in one if c["kind"] == "figure"]
    assert len(figure["claims"]) == 1 and figure["claims_total"] == len(figures[0]["claims"])
    page = httpx.get(f"{server.url}/conflicts", params={"entity": "Crimson Hand"}).text
    assert "more claims of this conflict" not in page  # two claims: both shown


@pytest.mark.parametrize("query,edges", [
    ({}, {("person:arlo-vance", "leader_of"), (GROUP, "allied_with")}),
    ({"start": "2021-01-01", "end": "2021-12-31"}, {(GROUP, "allied_with")}),
    ({"start": "2023-01-01"}, set()),
    ({"certainty": "reported"}, set()),
])
def test_web_graph_filters_by_window_and_certainty(server, query, edges) -> None:
    r = httpx.get(f"{server.url}/api/graph", params=query).json()
    assert {(e["source"], e["predicate"]) for e in r["edges"]} == edges
    assert all(e["claims"] == 1 and e["sources"] == 1 for e in r["edges"])
    assert {n["id"] for n in r["nodes"]} == {e["source"] for e in r["edges"]} | {
        e["target"] for e in r["edges"]}


def test_web_basemap_is_geojson(server) -> None:
    r = httpx.get(f"{server.url}/api/basemap")
    geo = r.json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) > 200
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in geo["features"])


@pytest.mark.parametrize("path", ["/", "/api/entities"])
def test_web_foreign_host_is_refused_even_for_reading(server, path) -> None:
    r = httpx.get(server.url + path, headers={"Host": "rebound.example:8650"})
    assert r.status_code == 403
    if path.startswith("/api/"):
        assert r.json()["error"]["code"] == "bad_host"
    assert httpx.get(server.url + path,
                     headers={"Host": server.url.replace("127.0.0.1", "localhost")[7:]}
                     ).status_code == 200


def test_web_wildcard_address_checks_origin_only() -> None:
    from watchfloor.web.auth import AuthError, WriteGuard

    guard = WriteGuard.for_server("t", "0.0.0.0", 8650)
    guard.check_host("10.1.2.3:8650")
    guard.check({"host": "10.1.2.3:8650", "origin": "http://10.1.2.3:8650",
                 "x-watchfloor-token": "t"})
    with pytest.raises(AuthError):
        guard.check({"host": "10.1.2.3:8650", "origin": "http://evil.example",
                     "x-watchfloor-token": "t"})


def test_web_start_page_counts_follow_a_new_run(fresh) -> None:
    """The start page's counts are kept between requests but not past a change: another
    process ingesting a report moves them at the next request."""
    assert "2 documents" in httpx.get(fresh.url + "/").text
    from conftest import make_extraction

    with open_knowledge_base(fresh.db) as kb:
        kb.write_extraction(make_extraction("The Grey Tide shelled Riverton at dawn.", []),
                            "test")
    assert "3 documents" in httpx.get(fresh.url + "/").text
