"""Real reports: the whole pipeline on ``../shared/data/reports-dev`` scored with its scorer.

Why: our own gold cases are unit tests; real prose nobody here wrote is the measure of
reading quality. Each document goes through the real pipeline (ingest with its sidecar,
read, extract) once and is written into a temporary knowledge base per set and one for all
sets together; each base is exported as ``watchfloor-kb/1`` JSON and scored by the data's
own ``score.py`` (the scorer used on the reports we never see). On top of the scorer's
table the script prints P/R/F1 per relation predicate, per quantity attribute and per
entity type, and the share of matched events whose perpetrator, date, place and killed
agree; ``-v`` lists every miss and every false claim with its sentence.

    .venv/bin/python bench/reports.py                 # all sets, then each set
    .venv/bin/python bench/reports.py set-a -v        # one set, with every error
    .venv/bin/python bench/reports.py --json out.json # the figures as JSON (used by the gate)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "reports-dev"
SETS = ("set-a", "set-b", "set-c")


def load_scorer(folder: Path = DATA) -> ModuleType:
    spec = importlib.util.spec_from_file_location("reports_dev_score", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents_of(folder: Path, sets: list[str]) -> dict[str, list[Path]]:
    return {s: sorted((folder / s).glob("*.txt")) for s in sets}


def gold_of(path: Path) -> dict[str, Any]:
    gold = path.parent / "gold" / (path.stem + ".json")
    return json.loads(gold.read_text(encoding="utf-8"))


def build_exports(docs: dict[str, list[Path]], workdir: Path) -> tuple[dict[str, dict], float]:
    """Ingest every document once; return the JSON export per set and for ``all``."""
    import io

    from watchfloor.export.common import export
    from watchfloor.export.json_kb import JSONExporter
    from watchfloor.ingest import load_document
    from watchfloor.pipeline import extract_document
    from watchfloor.read.reference import load_reference
    from watchfloor.settings import load_settings
    from watchfloor.store.sqlite import SQLiteKnowledgeBase

    settings = load_settings()
    reference = load_reference(settings["spacy_model"])
    names = [*docs, "all"] if len(docs) > 1 else list(docs)
    names += [f"doc:{p.name}" for paths in docs.values() for p in paths]
    kbs = {n: SQLiteKnowledgeBase(workdir / f"{n.replace(':', '_')}.db") for n in names}
    started = time.perf_counter()
    for set_name, paths in docs.items():
        for path in paths:
            document = load_document(path, settings)
            extraction = extract_document(
                document, reference, min_confidence=settings["min_confidence"])
            for n in (set_name, "all", f"doc:{path.name}"):
                if n in kbs:
                    kbs[n].write_extraction(extraction, model=settings["spacy_model"])
    elapsed = time.perf_counter() - started
    exports = {}
    for n, kb in kbs.items():
        buf = io.StringIO()
        export(kb, JSONExporter(buf))
        exports[n] = json.loads(buf.getvalue())
        kb.close()
    return exports, elapsed


class Breakdown:
    """Per-predicate, per-attribute and per-type figures with the scorer's matching rules."""

    def __init__(self, scorer: ModuleType, export: dict, golds: list[dict]) -> None:
        self.s = scorer
        self.export = export
        self.golds = golds
        self.ents = {e["id"]: e for e in export.get("entities", [])}
        self.gsurf: dict[str, set[str]] = {}
        for gold in golds:
            for g in gold.get("entities", []):
                self.gsurf.setdefault(scorer.norm(g["name"]), set()).update(scorer.surfaces(g))
        self.docs = {d["id"]: d for d in export.get("documents", [])}

    def keys(self, eid: str | None) -> set[str]:
        e = self.ents.get(eid) if eid else None
        if not e:
            return set()
        s = self.s.surfaces(e)
        return {k for k, v in self.gsurf.items() if v & s}

    def name(self, eid: str | None) -> str:
        e = self.ents.get(eid) if eid else None
        return e["name"] if e else str(eid)

    # -- relations ---------------------------------------------------------------------
    def rel_match(self, c: dict, r: dict) -> bool:
        if c["predicate"] != r["predicate"]:
            return False
        s, o = self.keys(c["subject"]), self.keys(c["object"])
        gs, go = self.s.norm(r["subject"]), self.s.norm(r["object"])
        if gs in s and go in o:
            return True
        return r["predicate"] in self.s.SYMMETRIC and gs in o and go in s

    def relations(self) -> tuple[dict[str, tuple[int, int, int, int]], list[str]]:
        gold = [r for g in self.golds for r in g.get("relations", [])]
        system = [c for c in self.export.get("claims", [])
                  if c.get("predicate") in self.s.REL_PREDICATES and c.get("object")]
        return self._tally(gold, system, self.rel_match, "predicate", self._rel_line)

    def _rel_line(self, c: dict) -> str:
        return f"{self.name(c['subject'])} {c['predicate']} {self.name(c['object'])}"

    # -- quantities --------------------------------------------------------------------
    def q_match(self, c: dict, q: dict) -> bool:
        if c["predicate"] != q["attribute"]:
            return False
        if self.s.norm(q["subject"]) not in self.keys(c["subject"]):
            return False
        if q.get("time") and not self.s.overlaps(c.get("time"), q["time"]):
            return False
        return (c.get("low"), c.get("high")) == (q.get("low"), q.get("high"))

    def quantities(self) -> tuple[dict[str, tuple[int, int, int, int]], list[str]]:
        gold = [dict(q, predicate=q["attribute"]) for g in self.golds
                for q in g.get("quantities", [])]
        system = [c for c in self.export.get("claims", [])
                  if c.get("predicate") in self.s.QTY_ATTRS]
        return self._tally(gold, system, self.q_match, "predicate", self._q_line)

    def _q_line(self, c: dict) -> str:
        return (f"{self.name(c['subject'])} {c['predicate']} {c.get('low')}/{c.get('high')}"
                f" time={c.get('time')} by={c.get('attributed_to')}")

    def _tally(self, gold: list[dict], system: list[dict], match: Any, key: str,
               line: Any) -> tuple[dict[str, tuple[int, int, int, int]], list[str]]:
        counts: dict[str, list[int]] = {}
        errors: list[str] = []
        for r in gold:
            row = counts.setdefault(r[key], [0, 0, 0, 0])
            row[1] += 1
            if any(match(c, r) for c in system):
                row[0] += 1
            else:
                shown = {k: r.get(k) for k in ("subject", "object", "low", "high", "time")
                         if r.get(k) is not None}
                errors.append(f"  MISS  {r[key]} {shown}\n        «{r.get('evidence')}»")
        for c in system:
            row = counts.setdefault(c["predicate"], [0, 0, 0, 0])
            row[3] += 1
            if any(match(c, r) for r in gold):
                row[2] += 1
            else:
                ev = (c.get("evidence") or [{}])[0].get("text", "")
                errors.append(f"  FALSE {line(c)} [{c.get('certainty')} {c['confidence']}]"
                              f"\n        «{ev.strip()[:300]}»")
        return {k: (v[0], v[1], v[2], v[3]) for k, v in sorted(counts.items())}, errors

    # -- entities ----------------------------------------------------------------------
    def entity_errors(self) -> list[str]:
        errors = []
        sys_ents = [e for e in self.ents.values() if e.get("type") in self.s.ENTITY_TYPES]
        for e in sys_ents:
            if not self.keys(e["id"]):
                errors.append(f"  FALSE {e['type']:12s} {e['name']!r} {sorted(e['aliases'])[:4]}")
        all_surf: set[str] = set().union(*(self.s.surfaces(e) for e in sys_ents))
        types = {self.s.norm(g["name"]): g.get("type") for gold in self.golds
                 for g in gold.get("entities", [])}
        for k, v in self.gsurf.items():
            if not v & all_surf:
                errors.append(f"  MISS  {types.get(k, '?'):12s} {k!r} {sorted(v)[:4]}")
        return sorted(errors)

    # -- events ------------------------------------------------------------------------
    def events(self) -> tuple[dict[str, tuple[int, int]], list[str]]:
        """Agreement of matched events per field, with the scorer's greedy matching."""
        gold = [e for g in self.golds for e in g.get("events", [])]
        system = list(self.export.get("events", []))
        s = self.s

        def match(se: dict, ge: dict) -> bool:
            if se.get("type") != ge.get("type"):
                return False
            if ge.get("date") and not s.overlaps(se.get("date"), ge["date"], slack_days=1):
                return False
            return not (ge.get("location") and s.norm(ge["location"])
                        not in self.keys(se.get("location")))

        used: set[int] = set()
        pairs = []
        errors = []
        for ge in gold:
            for i, se in enumerate(system):
                if i not in used and match(se, ge):
                    used.add(i)
                    pairs.append((se, ge))
                    break
            else:
                errors.append(f"  MISS  {ge['type']} {ge.get('date')} @{ge.get('location')}"
                              f" by={ge.get('perpetrator')} killed={ge.get('killed')}"
                              f"\n        «{ge.get('evidence')}»")
        fields: dict[str, list[int]] = {k: [0, 0] for k in
                                        ("perpetrator", "date", "place", "killed")}
        for se, ge in pairs:
            if ge.get("perpetrator"):
                fields["perpetrator"][1] += 1
                fields["perpetrator"][0] += any(
                    s.norm(ge["perpetrator"]) in self.keys(p) for p in se.get("perpetrators") or [])
            if ge.get("date"):
                fields["date"][1] += 1
                fields["date"][0] += bool(se.get("date")) and s.overlaps(
                    se.get("date"), ge["date"], slack_days=1)
            if ge.get("location"):
                fields["place"][1] += 1
                fields["place"][0] += s.norm(ge["location"]) in self.keys(se.get("location"))
            if ge.get("killed"):
                fields["killed"][1] += 1
                k = se.get("killed") or {}
                right = (k.get("low"), k.get("high")) == (
                    ge["killed"].get("low"), ge["killed"].get("high"))
                fields["killed"][0] += right
                if not right:
                    errors.append(f"  KILLED {ge['type']} {ge.get('date')} gold={ge['killed']}"
                                  f" ours={k or None}\n        «{ge.get('evidence')}»")
            if ge.get("perpetrator") and not any(
                    s.norm(ge["perpetrator"]) in self.keys(p) for p in se.get("perpetrators") or []):
                errors.append(f"  PERP  {ge['type']} {ge.get('date')} gold={ge['perpetrator']}"
                              f" ours={[self.name(p) for p in se.get('perpetrators') or []]}"
                              f"\n        «{ge.get('evidence')}»")
        claims = {c["id"]: c for c in self.export.get("claims", [])}
        for i, se in enumerate(system):
            if i not in used:
                ev = ""
                for cid in se.get("claims") or []:
                    if cid in claims and claims[cid].get("evidence"):
                        ev = claims[cid]["evidence"][0]["text"]
                        break
                errors.append(
                    f"  FALSE {se['type']} {se.get('date')} @{self.name(se.get('location'))}"
                    f" by={[self.name(p) for p in se.get('perpetrators') or []]}"
                    f" killed={se.get('killed')}\n        «{ev.strip()[:300]}»")
        return {k: (v[0], v[1]) for k, v in fields.items()}, errors


def prf(tg: int, ng: int, ts: int, ns: int) -> tuple[float, float, float]:
    r = tg / ng if ng else 0.0
    p = ts / ns if ns else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, scorer: ModuleType, export: dict, golds: list[dict],
           verbose: bool) -> dict[str, Any]:
    res = scorer.score(export, golds)
    print(f"\n== {name}: {len(golds)} documents")
    for k in ("entities", "relations", "events", "quantities"):
        p, r, f, (tg, ng, ts, ns) = res[k]
        print(f"{k:12s} P={p:.3f} R={r:.3f} F1={f:.3f}   gold {tg}/{ng} found, "
              f"system {ts}/{ns} right")
    for t, (p, r, f, (tg, ng, ts, ns)) in res["entities_by_type"].items():
        print(f"  {t:12s} P={p:.3f} R={r:.3f} F1={f:.3f}   gold {tg}/{ng}, system {ts}/{ns}")
    b = Breakdown(scorer, export, golds)
    rels, rel_errors = b.relations()
    qty, qty_errors = b.quantities()
    fields, evt_errors = b.events()
    fields.update(res["event_fields"])  # the scorer's own count of perpetrator and killed
    for title, table in (("relations by predicate", rels), ("quantities by attribute", qty)):
        print(f"  {title}:")
        for key, (tg, ng, ts, ns) in table.items():
            p, r, f = prf(tg, ng, ts, ns)
            print(f"    {key:22s} P={p:.2f} R={r:.2f} F1={f:.2f}   gold {tg}/{ng}, "
                  f"system {ts}/{ns}")
    print("  matched events, field right: " + ", ".join(
        f"{k} {ok}/{n}" + (f" ({ok / n:.0%})" if n else "") for k, (ok, n) in fields.items()))
    no_ev, n_claims = res["claims_without_evidence"]
    print(f"  claims without evidence: {no_ev}/{n_claims}")
    if verbose:
        for title, errs in (("entities", b.entity_errors()), ("relations", rel_errors),
                            ("quantities", qty_errors), ("events", evt_errors)):
            print(f"\n-- {name}: {title} errors ({len(errs)})")
            print("\n".join(errs))
    figures = {k: {"p": res[k][0], "r": res[k][1], "f1": res[k][2]}
               for k in ("entities", "relations", "events", "quantities")}
    figures["entities_by_type"] = {t: {"p": v[0], "r": v[1], "f1": v[2]}
                                   for t, v in res["entities_by_type"].items()}
    figures["event_fields"] = {k: list(v) for k, v in fields.items()}
    figures["claims"] = Counter(c["predicate"] for c in export.get("claims", []))
    return figures


def per_document(scorer: ModuleType, exports: dict[str, dict],
                 docs: dict[str, list[Path]], verbose: bool) -> dict[str, Any]:
    """Events matched within their own document only, summed over documents.

    Why: the scorer matches each gold event to the first system event of the right type,
    date and place in the whole export, so in a base of many reports a gold event without
    a place can take another report's event, and its perpetrator and toll are then counted
    wrong whatever this report's own event says. Matching within the document separates
    reading errors from that cross-report pairing; the scorer's figures above stay the
    measure."""
    fields: dict[str, list[int]] = {}
    ev = [0, 0, 0, 0]
    for paths in docs.values():
        for path in paths:
            export, gold = exports[f"doc:{path.name}"], [gold_of(path)]
            got, errors = Breakdown(scorer, export, gold).events()
            got.update(scorer.score(export, gold)["event_fields"])
            wrong = [e for e in errors if e.lstrip().startswith(("PERP", "KILLED"))]
            if verbose and wrong:
                print(f"-- {path.name}: wrong fields of matched events\n" + "\n".join(wrong))
            for k, (ok, n) in got.items():
                fields.setdefault(k, [0, 0])
                fields[k][0] += ok
                fields[k][1] += n
            _, _, _, counts = scorer.score(export, gold)["events"]
            ev = [a + b for a, b in zip(ev, counts, strict=True)]
    p, r, f = prf(*ev)
    print(f"\n== per document (events matched within their own report): events P={p:.3f} "
          f"R={r:.3f} F1={f:.3f}; field right: " + ", ".join(
              f"{k} {ok}/{n}" + (f" ({ok / n:.0%})" if n else "") for k, (ok, n) in fields.items()))
    return {"events": {"p": p, "r": r, "f1": f}, "event_fields": fields}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=list(SETS))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="keep the knowledge bases in this folder")
    args = parser.parse_args()
    if not (args.data / "score.py").is_file():
        print(f"no reports-dev data at {args.data}: pass --data", file=sys.stderr)
        return 2
    scorer = load_scorer(args.data)
    docs = documents_of(args.data, args.sets)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        exports, elapsed = build_exports(docs, workdir)
    words = sum(len(p.read_text(encoding="utf-8").split()) for ps in docs.values() for p in ps)
    print(f"{sum(map(len, docs.values()))} documents, {words} words, extraction {elapsed:.1f} s")
    out = {}
    order = ["all", *docs] if "all" in exports else list(docs)
    for name in order:
        paths = [p for ps in docs.values() for p in ps] if name == "all" else docs[name]
        out[name] = report(name, scorer, exports[name], [gold_of(p) for p in paths],
                           args.verbose)
    out["per_document"] = per_document(scorer, exports, docs, args.verbose)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
