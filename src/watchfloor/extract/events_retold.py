"""One attack told twice in one report: a summary, then the details.

Why: a designation notice or a backgrounder names an attack in its opening paragraph ("is
responsible for the November 2008 attacks that killed more than 160 people") and tells
it again further down ("the November 2008 attacks that killed 166 people and wounded 308
in Mumbai"). Read sentence by sentence these are two events, and an analyst sees the
same attack twice with two tolls. Two attacks of one report are one when nothing in them
disagrees and their tolls overlap:

* the same date, a month or a day (never a period: two totals over one year are two);
* places that agree (the same, or one of them unnamed);
* doers that agree (a shared one, or one side names none);
* both give a death toll, and the tolls can be the same count ("more than 160" and 166).

The later telling's figures and doers join the first; the toll kept is the more precise.
"""

from __future__ import annotations

from dataclasses import replace

from watchfloor.records import Claim, Event


def _dated_to_month_or_day(date: str | None) -> bool:
    return date is not None and "/" not in date and len(date.rstrip("~?%")) in (7, 10)


def _overlap(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    lo1, hi1 = a[0] if a[0] is not None else float("-inf"), a[1] if a[1] is not None else float("inf")
    lo2, hi2 = b[0] if b[0] is not None else float("-inf"), b[1] if b[1] is not None else float("inf")
    return lo1 <= hi2 and lo2 <= hi1


def _same(a: Event, b: Event) -> bool:
    if a.type != "attack" or b.type != "attack" or a.date != b.date:
        return False
    if not _dated_to_month_or_day(a.date):
        return False
    if a.location and b.location and a.location != b.location:
        return False
    if a.perpetrators and b.perpetrators and not set(a.perpetrators) & set(b.perpetrators):
        return False
    return a.killed is not None and b.killed is not None and _overlap(a.killed, b.killed)


def _precise(t: tuple[float | None, float | None] | None) -> bool:
    return t is not None and t[0] is not None and t[0] == t[1]


def merge_retold(events: list[Event], claims: list[Claim]) -> tuple[list[Event], list[Claim]]:
    """The report's events with each attack told twice made one (see the module doc)."""
    kept: list[Event] = []
    by_date: dict[str | None, list[Event]] = {}  # only same-dated attacks can be one
    into: dict[str, Event] = {}
    for ev in events:
        first = next((k for k in by_date.get(ev.date, []) if _same(k, ev)), None)
        if first is None:
            kept.append(ev)
            by_date.setdefault(ev.date, []).append(ev)
            continue
        into[ev.key] = first
        first.location = first.location or ev.location
        first.perpetrators += [p for p in ev.perpetrators if p not in first.perpetrators]
        first.perpetrator_certainty = first.perpetrator_certainty or ev.perpetrator_certainty
        first.target, first.method = first.target or ev.target, first.method or ev.method
        for toll in ("killed", "injured"):
            mine, theirs = getattr(first, toll), getattr(ev, toll)
            if theirs is not None and (mine is None or _precise(theirs) and not _precise(mine)):
                setattr(first, toll, theirs)
                setattr(first, f"{toll}_claim", getattr(ev, f"{toll}_claim"))
    if not into:
        return events, claims
    renamed: dict[str, str] = {}
    out = []
    for c in claims:
        target = into.get(c.event or "") or into.get(c.subject) or into.get(c.object or "")
        if target is None:
            out.append(c)
            continue
        new = replace(c, event=target.key if c.event in into else c.event,
                      subject=target.key if c.subject in into else c.subject,
                      object=target.key if c.object in into else c.object)
        renamed[c.id] = new.id
        out.append(new)
    for ev in kept:
        ev.killed_claim = renamed.get(ev.killed_claim or "", ev.killed_claim)
        ev.injured_claim = renamed.get(ev.injured_claim or "", ev.injured_claim)
    return kept, out
