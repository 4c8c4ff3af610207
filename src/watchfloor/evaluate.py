"""Scoring extraction against gold annotations: claims and events, per predicate.

Why in the package and not in the tests: the quality gate (``tests/eval/``), the bench
scripts and a user with their own annotated reports all score the same way, so the
figures quoted in notes mean one thing.

Gold cases are YAML (``tests/eval/claims/*.yaml``), one list per file::

    - id: rel-001
      text: "ISKP, the local branch of the Islamic State, was founded in 2015."
      published: "2021-10-09"          # optional: anchor for relative dates
      claims:                          # every claim in scope a careful analyst would record
        - {subject: ISKP, predicate: part_of, object: Islamic State}
        - {subject: ISKP, predicate: fighters, high: 4000, time: "2022-01~/2022-04~",
           attributed_to: a UN report, certainty: possible}
      events:
        - {type: attack, date: "2021-10-08", location: Kunduz, perpetrators: [Islamic State],
           killed: [40, null], method: suicide_bombing}

Matching rules (written down so a figure can be checked by hand):

* Entities are matched by name: a gold name matches a predicted entity when the catalogue
  resolves both to the same entry, or the gold name (normalised with
  ``watchfloor.names.normalise_alias``) equals the entity's key, name or one of its aliases.
* A predicted **relation** claim is correct when subject, predicate and object match
  (either order for symmetric predicates). A **quantity** claim is correct when subject,
  predicate, low and high match. Negated claims are never predicted claims.
* Qualifiers are scored on correct claims only, where the gold gives them: ``time`` (EDTF
  string equality), ``certainty`` (equality) and ``attributed_to`` (equality after lower-
  casing and dropping a leading article; gold ``null`` means the document's author, so the
  prediction must be None too).
* A predicted **event** matches a gold event of the same type in the same case (one to
  one, in order). Each slot (date, location, perpetrators, method, killed, injured) is then
  scored: a predicted value equal to gold is a true positive; a predicted value that is
  absent from gold or differs is a false positive; a gold value not predicted correctly is
  a false negative. Unmatched predicted events count as false positives for ``event`` and
  for each slot they fill; unmatched gold events as false negatives.
* Only predicates in the scored scope count: a case file about relations does not lose
  precision for a figure claim its sentences also yield.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from watchfloor.names import normalise_alias
from watchfloor.ontology import load_ontology
from watchfloor.records import Claim, Document, Event, Extraction

EVENT_SLOTS = ("date", "location", "perpetrators", "method", "killed", "injured")
QUALIFIERS = ("time", "certainty", "attributed_to")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    """Counts per predicate (claims), per slot (events) and qualifier accuracy."""

    predicates: dict[str, Counts] = field(default_factory=dict)
    slots: dict[str, Counts] = field(default_factory=dict)
    qualifiers: dict[str, Accuracy] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # one line per miss or false claim

    def counts(self, name: str, table: str = "predicates") -> Counts:
        return getattr(self, table).setdefault(name, Counts())

    def family(self, predicates: Iterable[str]) -> Counts:
        total = Counts()
        for p in predicates:
            if p in self.predicates:
                total.add(self.predicates[p])
        return total

    def total(self) -> Counts:
        return self.family(self.predicates)

    def lines(self) -> list[str]:
        """A printable table: predicate/slot, P, R, F1, tp/fp/fn."""
        out = [f"{'':<28} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
        for title, table in (("claims", self.predicates), ("event slots", self.slots)):
            if not table:
                continue
            out.append(f"-- {title}")
            for name in sorted(table):
                c = table[name]
                out.append(f"{name:<28} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
                           f"   {c.tp}/{c.fp}/{c.fn}")
        if self.predicates:
            c = self.total()
            out.append(f"{'all claims (micro)':<28} {c.precision:6.3f} {c.recall:6.3f}"
                       f" {c.f1:6.3f}   {c.tp}/{c.fp}/{c.fn}")
        for name, acc in sorted(self.qualifiers.items()):
            out.append(f"qualifier {name:<18} accuracy {acc.value:.3f} ({acc.right}/{acc.total})")
        return out


# ------------------------------------------------------------------ loading gold


def load_cases(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Gold cases from YAML files (each a list of cases); ids must be unique."""
    cases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted(paths):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
        for i, case in enumerate(data):
            cid = str(case.get("id") or f"{Path(path).stem}-{i}")
            if cid in seen:
                raise ValueError(f"{path}: duplicate case id {cid!r}")
            seen.add(cid)
            cases.append({**case, "id": cid, "file": str(path)})
    return cases


def extract_case(case: Mapping[str, Any], reference: Any) -> Extraction:
    """Run the whole pipeline (reading and every registered stage) on one gold case."""
    from watchfloor.pipeline import extract_document

    published = case.get("published")
    document = Document(text=case["text"], published=str(published) if published else None)
    return extract_document(document, reference)


# ------------------------------------------------------------------ matching


class Names:
    """Does a gold name denote a predicted entity key? (catalogue first, then aliases)."""

    def __init__(self, extraction: Extraction, catalogue: Any) -> None:
        self.extraction = extraction
        self.catalogue = catalogue

    def matches(self, gold: Any, key: str | None) -> bool:
        if gold is None or key is None:
            return gold is None and key is None
        gold = str(gold)
        if gold == key:
            return True
        entry = self.catalogue.resolve(gold) if self.catalogue is not None else None
        record = self.extraction.entities.get(key)
        if entry is not None:
            return key == entry.id or (record is not None and record.catalogue_id == entry.id)
        norm = normalise_alias(gold)
        if record is None:
            return norm == normalise_alias(key.split(":", 1)[-1])
        forms = {record.name, *record.aliases, key.split(":", 1)[-1]}
        return norm in {normalise_alias(f) for f in forms}


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _source(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).lower().split())
    for article in ("the ", "a ", "an "):
        if text.startswith(article):
            text = text[len(article):]
    return text


def claim_matches(gold: Mapping[str, Any], pred: Claim, names: Names) -> bool:
    onto = load_ontology()
    if gold["predicate"] != pred.predicate or pred.negated:
        return False
    if onto.is_quantity(pred.predicate):
        return (names.matches(gold["subject"], pred.subject)
                and _num(gold.get("low")) == _num(pred.low)
                and _num(gold.get("high")) == _num(pred.high))
    straight = (names.matches(gold["subject"], pred.subject)
                and names.matches(gold.get("object"), pred.object))
    if straight or not onto.is_relation(pred.predicate):
        return straight
    if onto.predicate(pred.predicate).symmetric:
        return (names.matches(gold["subject"], pred.object)
                and names.matches(gold.get("object"), pred.subject))
    return False


def _describe(c: Mapping[str, Any] | Claim) -> str:
    get = c.get if isinstance(c, Mapping) else lambda k, d=None: getattr(c, k, d)
    value = get("object") or (get("low"), get("high"))
    extra = "".join(f" {q}={get(q)!r}" for q in QUALIFIERS if get(q) is not None)
    return f"{get('subject')} {get('predicate')} {value}{extra}"


def score_claims(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Claim], names: Names,
    scope: set[str], report: Report, case_id: str,
) -> None:
    """Greedy one-to-one matching of predicted to gold claims within one case."""
    free = [c for c in predicted if c.predicate in scope and not c.negated]
    for g in gold:
        if g["predicate"] not in scope:
            continue
        counts = report.counts(g["predicate"])
        hit = next((p for p in free if claim_matches(g, p, names)), None)
        if hit is None:
            counts.fn += 1
            report.errors.append(f"{case_id}: missed   {_describe(g)}")
            continue
        free.remove(hit)
        counts.tp += 1
        for q in QUALIFIERS:
            if q not in g:
                continue
            acc = report.qualifiers.setdefault(q, Accuracy())
            acc.total += 1
            want, got = g[q], getattr(hit, q)
            ok = _source(want) == _source(got) if q == "attributed_to" else (
                (str(want) if want is not None else None) == got)
            if ok:
                acc.right += 1
            else:
                report.errors.append(f"{case_id}: {q} wrong for {_describe(g)}: got {got!r}")
    for p in free:
        report.counts(p.predicate).fp += 1
        report.errors.append(f"{case_id}: spurious {_describe(p)}  «{p.evidence.text[:90]}»")


def _slot_equal(slot: str, gold: Any, pred: Event, names: Names) -> bool:
    if slot in ("killed", "injured"):
        got = getattr(pred, slot)
        low, high = (gold if isinstance(gold, list | tuple) else (gold, gold))
        return got is not None and (_num(low), _num(high)) == (_num(got[0]), _num(got[1]))
    if slot == "location":
        return names.matches(gold, pred.location)
    if slot == "perpetrators":
        want = list(gold) if isinstance(gold, list | tuple) else [gold]
        return len(want) == len(pred.perpetrators) and all(
            any(names.matches(w, p) for p in pred.perpetrators) for w in want)
    return str(gold) == str(getattr(pred, slot))


def _slot_filled(slot: str, pred: Event) -> bool:
    value = getattr(pred, slot)
    return bool(value) if slot == "perpetrators" else value is not None


def score_events(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Event], names: Names,
    report: Report, case_id: str,
) -> None:
    free = list(predicted)
    for g in gold:
        counts = report.counts("event", "slots")
        hit = next((p for p in free if p.type == g["type"]), None)
        if hit is None:
            counts.fn += 1
            report.errors.append(f"{case_id}: missed event {g['type']} {g.get('date')}")
            for slot in EVENT_SLOTS:
                if g.get(slot) is not None:
                    report.counts(slot, "slots").fn += 1
            continue
        free.remove(hit)
        counts.tp += 1
        for slot in EVENT_SLOTS:
            c = report.counts(slot, "slots")
            want = g.get(slot)
            filled = _slot_filled(slot, hit)
            if want is not None and filled and _slot_equal(slot, want, hit, names):
                c.tp += 1
                continue
            if filled:
                c.fp += 1
            if want is not None:
                c.fn += 1
            if filled or want is not None:
                report.errors.append(f"{case_id}: event {slot} gold={want!r} got={getattr(hit, slot)!r}")
    for p in free:
        report.counts("event", "slots").fp += 1
        report.errors.append(f"{case_id}: spurious event {p.type} «{p.evidence.text[:90]}»")
        for slot in EVENT_SLOTS:
            if _slot_filled(slot, p):
                report.counts(slot, "slots").fp += 1


def score_cases(
    cases: Sequence[Mapping[str, Any]], reference: Any, scope: set[str] | None = None,
    with_events: bool = True,
) -> Report:
    """Extract every case and score it. ``scope`` defaults to every claim predicate the
    ontology knows except the event figures (killed, injured, casualties) and event predicates, which
    are scored through the events."""
    onto = load_ontology()
    if scope is None:
        scope = (set(onto.predicates) | set(onto.quantities)) - onto.event_figures
    report = Report()
    for case in cases:
        extraction = extract_case(case, reference)
        names = Names(extraction, getattr(reference, "catalogue", None))
        score_claims(case.get("claims") or [], extraction.claims, names, scope, report,
                     case["id"])
        if with_events and "events" in case:
            score_events(case.get("events") or [], extraction.events, names, report, case["id"])
    return report
