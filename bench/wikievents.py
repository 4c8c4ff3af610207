"""WikiEvents: attack, death and injury arguments, given gold triggers and end to end.

Data: ``../shared/data/wikievents/`` (Li, Ji and Han, NAACL 2021), read in place. Scope:
the attack-related event types (Conflict.Attack.*, Life.Die.*, Life.Injure.*) and the
roles watchfloor reads: Attacker (KAIROS Attacker, Killer, Injurer), Target, Victim, Place
and Instrument (KAIROS Instrument and ExplosiveDevice). Other roles are left out of gold.

Text: each document is rebuilt from its sentence strings (offsets made relative to the
sentence, as the README says; the concatenated ``text`` field glues sentences together),
sentences joined by a newline, and parsed once by the project's reading layer.

Scoring (head-word F1, as the papers; their figures are over all event types and roles,
so they are a reference point, not the same setting):

* a gold argument's head is the syntactic root (our spaCy parse) of its entity mention;
  a predicted argument's head is the root of the span ``arguments_for_trigger`` returns;
* (a) given gold triggers: the trigger is the root of the gold trigger span; predicted
  roles are kept only if the gold event type has them (the type is given with the
  trigger). Arg-I: (event, head) in gold; Arg-C: (event, head, role) in gold; duplicates
  are counted once;
* (b) end to end: triggers are the tokens ``events_roles.trigger_kind`` accepts (attack ->
  Conflict.Attack, kill -> Life.Die, injure -> Life.Injure). Trig-I: a predicted trigger
  token is the head of a gold attack-related trigger; Trig-C: and the family matches.
  Arguments hang on predicted triggers; Arg-I needs the trigger identified and the head
  right, Arg-C also the family and the role.

    .venv/bin/python bench/wikievents.py --split test
    .venv/bin/python bench/wikievents.py --split dev --limit 5 -v
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wikievents"
FAMILIES = {"Conflict.Attack": "attack", "Life.Die": "kill", "Life.Injure": "injure"}
ROLE_MAP = {"Attacker": "Attacker", "Killer": "Attacker", "Injurer": "Attacker",
            "Target": "Target", "Victim": "Victim", "Place": "Place",
            "Instrument": "Instrument", "ExplosiveDevice": "Instrument"}
TYPE_ROLES = {"attack": {"Attacker", "Target", "Instrument", "Place"},
              "kill": {"Attacker", "Victim", "Place"},
              "injure": {"Attacker", "Victim", "Instrument", "Place"}}


class PRF:
    def __init__(self) -> None:
        self.tp = self.pred = self.gold = 0

    def line(self, name: str) -> str:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (f"{name:<22} P {100 * p:6.2f}  R {100 * r:6.2f}  F1 {100 * f:6.2f}"
                f"   (tp {self.tp}, pred {self.pred}, gold {self.gold})")


def family(event_type: str) -> str | None:
    return next((f for prefix, f in FAMILIES.items() if event_type.startswith(prefix)), None)


def rebuild(doc: dict) -> tuple[str, list[tuple[int, int]]]:
    """Text and the character span of every WikiEvents token in it."""
    parts, spans, offset = [], [], 0
    for toks, string in doc["sentences"]:
        base = toks[0][1]
        for _, start, end in toks:
            spans.append((offset + start - base, offset + end - base))
        parts.append(string)
        offset += len(string) + 1
    return "\n".join(parts), spans


def head(sdoc, spans: list[tuple[int, int]], start: int, end: int) -> int | None:
    span = sdoc.char_span(spans[start][0], spans[end - 1][1], alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def score(split: str, limit: int | None, verbose: bool) -> None:
    from watchfloor.extract.events import arguments_for_trigger
    from watchfloor.extract.events_roles import trigger_kind
    from watchfloor.read.analysis import analyse
    from watchfloor.read.reference import load_reference
    from watchfloor.records import Document
    from watchfloor.settings import load_settings

    reference = load_reference(load_settings()["spacy_model"])
    with gzip.open(DATA / f"{split}.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    docs = docs[:limit] if limit else docs
    a_i, a_c, t_i, t_c, e_i, e_c = (PRF() for _ in range(6))
    started = time.perf_counter()
    for doc in docs:
        text, spans = rebuild(doc)
        analysis = analyse(Document(text=text), reference)
        sdoc = analysis.doc
        ents = {e["id"]: e for e in doc["entity_mentions"]}
        gold_events = []  # (trigger head, family, {(head, role)})
        for ev in doc["event_mentions"]:
            fam = family(ev["event_type"])
            if fam is None:
                continue
            trig = head(sdoc, spans, ev["trigger"]["start"], ev["trigger"]["end"])
            args = set()
            for arg in ev["arguments"]:
                role = ROLE_MAP.get(arg["role"])
                ent = ents.get(arg["entity_id"])
                if role is None or ent is None:
                    continue
                h = head(sdoc, spans, ent["start"], ent["end"])
                if h is not None:
                    args.add((h, role))
            if trig is not None:
                gold_events.append((trig, fam, args))
        # (a) given gold triggers
        for n, (trig, fam, gold) in enumerate(gold_events):
            found = arguments_for_trigger(sdoc, analysis, trig)
            pred = {(sdoc[a:b].root.i, role) for role, sp in found.items()
                    if role in TYPE_ROLES[fam] for a, b in sp}
            gold_heads = {h for h, _ in gold}
            pred_heads = {h for h, _ in pred}
            a_i.tp += len(pred_heads & gold_heads)
            a_i.pred += len(pred_heads)
            a_i.gold += len(gold_heads)
            a_c.tp += len(pred & gold)
            a_c.pred += len(pred)
            a_c.gold += len(gold)
            if verbose:
                g_words = sorted((sdoc[h].text, r) for h, r in gold)
                p_words = sorted((sdoc[h].text, r) for h, r in pred)
                print(f"{doc['doc_id']} #{n} {sdoc[trig].text!r} gold={g_words} "
                      f"pred={p_words}")
        # (b) end to end
        by_trigger = {}
        for trig, fam, gold in gold_events:
            by_trigger.setdefault(trig, []).append((fam, gold))
        t_i.gold += len({g[0] for g in gold_events})
        t_c.gold += len({(g[0], g[1]) for g in gold_events})
        e_i.gold += sum(len({h for h, _ in g[2]}) for g in gold_events)
        e_c.gold += sum(len(g[2]) for g in gold_events)
        seen = set()
        for tok in sdoc:
            fam = trigger_kind(tok)
            if fam is None or tok.i in seen:
                continue
            seen.add(tok.i)
            t_i.pred += 1
            t_c.pred += 1
            found = arguments_for_trigger(sdoc, analysis, tok.i)
            pred = {(sdoc[a:b].root.i, role) for role, sp in found.items()
                    if role in TYPE_ROLES[fam] for a, b in sp}
            e_i.pred += len({h for h, _ in pred})
            e_c.pred += len(pred)
            golds = by_trigger.get(tok.i, [])
            if not golds:
                continue
            t_i.tp += 1
            gold_heads = set().union(*({h for h, _ in g} for _, g in golds))
            e_i.tp += len({h for h, _ in pred} & gold_heads)
            same = [g for f, g in golds if f == fam]
            if same:
                t_c.tp += 1
                e_c.tp += len(pred & set().union(*same))
    took = time.perf_counter() - started
    print(f"WikiEvents {split}: {len(docs)} documents, attack-related events only "
          f"({took:.0f} s)")
    print("(a) given gold triggers, head-word match")
    print(a_i.line("  Arg-I"))
    print(a_c.line("  Arg-C"))
    print("(b) end to end")
    print(t_i.line("  Trigger-I"))
    print(t_c.line("  Trigger-C (family)"))
    print(e_i.line("  Arg-I"))
    print(e_c.line("  Arg-C"))
    print("Reference (all event types, given triggers, Arg-I/Arg-C head F1): "
          "BART-Gen 71.75/64.57, TSAR 76.62/69.70, SCPRG 77.26/70.92")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every event")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: WikiEvents data not found at {DATA}")
        return 2
    score(args.split, args.limit, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
