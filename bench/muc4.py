"""MUC-4 TST4 (mixed case): our attack events against the answer keys' incidents.

Data: ``../shared/data/muc4/original/`` (texts ``tst4-muc4.mixed-case``, keys
``key-tst4.v2``), read in place. Each message is read with its dateline date as the
publication date; the dateline itself and the bracketed editorial tags ("[Text]") are
dropped, and line breaks inside a paragraph become spaces.

MATCHING RULE (printed with the figures):

* Key incidents: templates whose TYPE is ATTACK, BOMBING, KIDNAPPING or ARSON and whose
  STAGE OF EXECUTION includes ACCOMPLISHED (threats and attempts are not events for us).
* Our incidents: events of type ``attack`` from the events stage (run alone).
* Per document, our events and key incidents are paired one to one, best pair first: the
  pair agreeing on the most slots is taken first (ties: document order, ours then the
  key's); leftovers stay unpaired.
* Slots, on paired incidents:
  - type: our method mapped to MUC (bombing, suicide_bombing, ied, rocket_attack,
    airstrike -> BOMBING; kidnapping -> KIDNAPPING; arson -> ARSON; any other or none ->
    ATTACK) equals one of the key's alternatives;
  - date: our EDTF interval overlaps one of the key's alternatives ("- 23 AUG 88" is
    "on or before");
  - location: our place's name or an alias equals (case-insensitive) a component of the
    key's location ("CHILE: TALCAHUANO (DISTRICT)" -> chile, talcahuano);
  - perpetrator organisation: a name or alias of one of our perpetrators equals, contains
    or is contained in one of the key's PERP: ORGANIZATION ID strings;
  - deaths: the key's HUM TGT EFFECT names DEATH, and our killed range is above zero
    (presence only: the key's counts hang on target descriptions, not on one number).
* A slot counts as predicted when we fill it and as gold when the key fills it (type is
  always filled); precision = right / predicted, recall = right / gold. The slots of
  unpaired events count as predicted, those of unpaired key incidents as gold.

    .venv/bin/python bench/muc4.py
    .venv/bin/python bench/muc4.py --limit 20 -v
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "muc4" / "original"
SLOTS = ("type", "date", "location", "perpetrator", "deaths")
KEY_TYPES = {"ATTACK", "BOMBING", "KIDNAPPING", "ARSON"}
MONTHS = {m: i + 1 for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])}
TO_MUC = {"bombing": "BOMBING", "suicide_bombing": "BOMBING", "ied": "BOMBING",
          "rocket_attack": "BOMBING", "airstrike": "BOMBING", "kidnapping": "KIDNAPPING",
          "arson": "ARSON"}


def read_messages(path: Path) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="latin-1") as fh:
        raw = fh.read()
    parts = re.split(r"^(TST4-MUC4-\d{4})\s*$", raw, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def read_keys(path: Path) -> dict[str, list[dict[str, str]]]:
    with gzip.open(path, "rt", encoding="latin-1") as fh:
        raw = fh.read()
    keys: dict[str, list[dict[str, str]]] = {}
    for block in re.split(r"\n\s*\n(?=0\.\s+MESSAGE: ID)", raw):
        slots: dict[str, str] = {}
        last = None
        for line in block.splitlines():
            m = re.match(r"^(\d+)\.\s+(\S.*?)\s{2,}(.*)$", line) or re.match(
                r"^(\d+)\.\s+(\S.*?)$", line)
            if m:
                last = int(m.group(1))
                slots[str(last)] = m.group(3).strip() if m.lastindex == 3 else ""
            elif last is not None and line.strip():
                slots[str(last)] += " / " + line.strip()
        if "0" in slots:
            keys.setdefault(slots["0"].strip(), []).append(slots)
    return keys


def key_date(text: str) -> date | None:
    m = re.match(r"(\d{1,2}) (\w{3}) (\d{2})", text.strip())
    if not m or m.group(2).upper() not in MONTHS:
        return None
    return date(1900 + int(m.group(3)), MONTHS[m.group(2).upper()], int(m.group(1)))


def key_intervals(text: str) -> list[tuple[date | None, date | None]]:
    out = []
    for alt in text.split("/"):
        alt = alt.strip(" ()")
        if not alt or alt in "-*":
            continue
        if "-" in alt:
            lo, _, hi = alt.partition("-")
            out.append((key_date(lo) if lo.strip() else None, key_date(hi)))
        else:
            d = key_date(alt)
            out.append((d, d))
    return out


def prepare(body: str) -> tuple[str, str | None]:
    """Text without the dateline, and the dateline's date as EDTF."""
    m = re.search(r"^\s*[^\n]*?,\s*(\d{1,2} \w{3} \d{2})[^\n]*?--", body, flags=re.M)
    published = None
    if m:
        d = key_date(m.group(1))
        published = d.isoformat() if d else None
        body = body[m.end():]
    body = re.sub(r"\[[^\]]*\]", " ", body)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    return "\n\n".join(p for p in paragraphs if p), published


def key_incidents(templates: list[dict[str, str]]) -> list[dict]:
    out = []
    for t in templates:
        types = {x.strip() for x in t.get("4", "").split("/")}
        if not types & KEY_TYPES or "ACCOMPLISHED" not in t.get("5", ""):
            continue
        loc = set()
        for alt in t.get("3", "").split("/"):
            alt = alt.strip()
            if alt.startswith("(") and alt.endswith(")"):
                alt = alt[1:-1]
            alt = re.sub(r"\s*\([A-Z ]+\)", "", alt)
            loc |= {part.strip(" ()").lower() for part in alt.split(":")}
        orgs = [x.strip().strip('"').lower() for x in t.get("10", "").split("/")]
        out.append({
            "type": types & KEY_TYPES,
            "date": key_intervals(t.get("2", "")),
            "location": {x for x in loc if x and x not in "-*"},
            "perpetrator": [o for o in orgs if o and o not in ("-", "*")],
            "deaths": any(seg.strip().startswith("DEATH") for seg in t.get("23", "").split("/")),
        })
    return out


def our_incidents(extraction_events: list, entities: dict) -> list[dict]:
    from watchfloor.edtf import bounds

    def names(key: str | None) -> set[str]:
        rec = entities.get(key) if key else None
        if rec is None:
            return {key.split(":", 1)[-1].lower()} if key else set()
        return {n.lower() for n in {rec.name, *rec.aliases}}

    out = []
    for ev in extraction_events:
        if ev.type != "attack":
            continue
        lo, hi = bounds(ev.date) if ev.date else (None, None)
        out.append({
            "type": TO_MUC.get(ev.method or "", "ATTACK"),
            "date": (date.fromisoformat(lo) if lo else None,
                     date.fromisoformat(hi) if hi else None) if ev.date else None,
            "location": names(ev.location),
            "perpetrator": set().union(*(names(p) for p in ev.perpetrators)) if
            ev.perpetrators else set(),
            "deaths": bool(ev.killed and ((ev.killed[0] or 0) > 0 or (ev.killed[1] or 0) > 0)),
            "event": ev,
        })
    return out


def _overlap(a: tuple, b: tuple) -> bool:
    lo = max(x for x in (a[0], b[0], date.min) if x is not None)
    hi = min(x for x in (a[1], b[1], date.max) if x is not None)
    return lo <= hi


def slot_right(slot: str, ours: dict, key: dict) -> bool:
    if slot == "type":
        return ours["type"] in key["type"]
    if slot == "date":
        return ours["date"] is not None and any(_overlap(ours["date"], k) for k in key["date"])
    if slot == "location":
        return bool(ours["location"] & key["location"])
    if slot == "perpetrator":
        return any(o == k or o in k or k in o for o in ours["perpetrator"]
                   for k in key["perpetrator"] if len(o) > 2)
    return ours["deaths"] and key["deaths"]


def pair_incidents(ours: list[dict], key: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (our index, key index), best first: the pair agreeing on the most
    slots is taken first, ties in document order (ours, then the key's)."""
    scored = sorted(((sum(slot_right(s, o, k) for s in SLOTS), i, j)
                     for i, o in enumerate(ours) for j, k in enumerate(key)),
                    key=lambda t: (-t[0], t[1], t[2]))
    used_ours: set[int] = set()
    used_keys: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_ours and j not in used_keys:
            used_ours.add(i)
            used_keys.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def filled(slot: str, inc: dict) -> bool:
    return slot == "type" or bool(inc[slot])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N messages only")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: MUC-4 data not found at {DATA}")
        return 2
    from watchfloor.extract.events import STAGE
    from watchfloor.pipeline import extract_document
    from watchfloor.read.reference import load_reference
    from watchfloor.records import Document
    from watchfloor.settings import load_settings

    reference = load_reference(load_settings()["spacy_model"])
    messages = read_messages(DATA / "texts" / "tst4-muc4.mixed-case.gz")
    keys = read_keys(DATA / "keys" / "key-tst4.v2.gz")
    ids = sorted(messages)[: args.limit] if args.limit else sorted(messages)
    right = dict.fromkeys(SLOTS, 0)
    pred = dict.fromkeys(SLOTS, 0)
    gold = dict.fromkeys(SLOTS, 0)
    paired = n_ours = n_keys = 0
    started = time.perf_counter()
    for mid in ids:
        text, published = prepare(messages[mid])
        ex = extract_document(Document(text=text, published=published), reference,
                              stages=[STAGE])
        ours = our_incidents(ex.events, ex.entities)
        key = key_incidents(keys.get(mid, []))
        n_ours += len(ours)
        n_keys += len(key)
        for o in ours:
            for slot in SLOTS:
                pred[slot] += filled(slot, o)
        pairs = pair_incidents(ours, key)
        for i, k in pairs:
            o = ours[i]
            paired += 1
            for slot in SLOTS:
                right[slot] += slot_right(slot, o, key[k])
            if args.verbose:
                ev = o["event"]
                print(f"{mid}: ours {o['type']} {ev.date} {sorted(o['location'])} "
                      f"{sorted(o['perpetrator'])} killed={ev.killed} | key {key[k]}")
        for k in key:
            for slot in SLOTS:
                gold[slot] += filled(slot, k)
        if args.verbose:
            for o in [o for i, o in enumerate(ours) if i not in {i for i, _ in pairs}]:
                ev = o["event"]
                print(f"{mid}: UNPAIRED ours {o['type']} {ev.date} {sorted(o['location'])} "
                      f"{sorted(o['perpetrator'])} killed={ev.killed} «{ev.evidence.text[:150]}»")
    took = time.perf_counter() - started
    print(f"MUC-4 TST4 mixed case: {len(ids)} messages, {n_keys} key incidents, "
          f"{n_ours} of our attack events, {paired} paired ({took:.0f} s)")
    print("Rule: key = ATTACK/BOMBING/KIDNAPPING/ARSON templates, stage ACCOMPLISHED; "
          "one-to-one pairing per message, most agreeing slots first; see the docstring.")
    print(f"{'slot':<12} {'P':>6} {'R':>6} {'F1':>6}   right/predicted/gold")
    for slot in SLOTS:
        p = right[slot] / pred[slot] if pred[slot] else 0.0
        r = right[slot] / gold[slot] if gold[slot] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{slot:<12} {p:6.3f} {r:6.3f} {f:6.3f}   {right[slot]}/{pred[slot]}/{gold[slot]}")
    p = paired / n_ours if n_ours else 0.0
    r = paired / n_keys if n_keys else 0.0
    print(f"{'incidents':<12} {p:6.3f} {r:6.3f}   (paired {paired} / ours {n_ours} / key {n_keys})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
