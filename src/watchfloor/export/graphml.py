"""Groups, people and organisations as nodes and their relations as typed edges, in
GraphML (read by Gephi, yEd, networkx, igraph). ``gexf.py`` writes the same graph in GEXF.

One edge per claim, not per pair: two sources saying "allied" are two edges, each with its
certainty, confidence and sentence, so a filter on certainty in Gephi drops the weak ones.
``start``/``end`` are ISO days (empty when open), which Gephi turns into its timeline.
Relations to places are left out: a place is a map's business, not the graph's.
"""

from __future__ import annotations

import re
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from watchfloor.edtf import bounds
from watchfloor.export.common import LinkedExporter
from watchfloor.ontology import load_ontology

NODE_TYPES = ("armed_group", "person", "organization")
NODE_ATTRS = ("label", "type", "kind", "aliases")
EDGE_ATTRS = ("predicate", "relation", "start", "end", "time", "certainty", "confidence",
              "attributed_to", "source", "document", "sentence")
# XML 1.0 forbids most C0 controls even escaped; a document's text may still hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def xml_attr(value: object) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


class GraphExporter(LinkedExporter):
    """The graph both writers share: which entities are nodes, which claims are edges."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.onto = load_ontology()
        self.nodes: set[str] = set()

    def write_entities(self, item: dict[str, Any]) -> None:
        if item["type"] in NODE_TYPES:
            self.nodes.add(item["id"])
            self.node(item["id"], {
                "label": item["name"], "type": item["type"], "kind": item.get("kind") or "",
                "aliases": "; ".join(a for a in item["aliases"] if a != item["name"]),
            })

    def write_claims(self, item: dict[str, Any]) -> None:
        if not self.onto.is_relation(item["predicate"]):
            return
        if item["subject"] not in self.nodes or item.get("object") not in self.nodes:
            return
        start, end = bounds(item.get("time"))
        ev = item["evidence"][0] if item["evidence"] else {}
        self.edge(item["id"], item["subject"], item["object"], {
            "predicate": item["predicate"],
            "relation": self.onto.predicate(item["predicate"]).label,
            "start": start or "", "end": end or "", "time": item.get("time") or "",
            "certainty": item["certainty"], "confidence": item["confidence"],
            "attributed_to": item.get("attributed_to") or "",
            "source": self.lookup.source(ev.get("document", "")),
            "document": ev.get("document", ""), "sentence": " ".join(ev.get("text", "").split()),
        })

    def node(self, node_id: str, attrs: dict[str, Any]) -> None:
        raise NotImplementedError

    def edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        raise NotImplementedError


class GraphMLExporter(GraphExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for name in NODE_ATTRS:
            out.write(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="string"/>\n')
        for name in EDGE_ATTRS:
            kind = "double" if name == "confidence" else "string"
            out.write(f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
        out.write('  <graph id="watchfloor" edgedefault="directed">\n')

    def _data(self, attrs: dict[str, Any]) -> str:
        return "".join(f'<data key="{k}">{xml_text(v)}</data>' for k, v in attrs.items()
                       if v != "")

    def node(self, node_id: str, attrs: dict[str, Any]) -> None:
        self.out.write(f"    <node id={xml_attr(node_id)}>{self._data(attrs)}</node>\n")

    def edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        self.out.write(f"    <edge id={xml_attr(edge_id)} source={xml_attr(source)}"
                       f" target={xml_attr(target)}>{self._data(attrs)}</edge>\n")

    def finalize(self) -> None:
        self.out.write("  </graph>\n</graphml>\n")
