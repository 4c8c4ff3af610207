"""The relationship graph of ``graphml.py`` in GEXF 1.2, Gephi's own format, in dynamic
mode: each edge spans its claim's ``start``..``end`` days, so Gephi's timeline shows an
alliance appear and end without any conversion of columns. An open side is left out
(GEXF reads a missing bound as unbounded)."""

from __future__ import annotations

from typing import IO, Any

from watchfloor.export.graphml import EDGE_ATTRS, NODE_ATTRS, GraphExporter, xml_attr


class GEXFExporter(GraphExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.section = "nodes"
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
                  '  <meta><creator>watchfloor</creator></meta>\n'
                  '  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">\n')
        out.write('    <attributes class="node" mode="static">\n')
        for i, name in enumerate(NODE_ATTRS[1:]):
            out.write(f'      <attribute id="n{i}" title="{name}" type="string"/>\n')
        out.write('    </attributes>\n    <attributes class="edge" mode="static">\n')
        for i, name in enumerate(EDGE_ATTRS):
            kind = "double" if name == "confidence" else "string"
            out.write(f'      <attribute id="e{i}" title="{name}" type="{kind}"/>\n')
        out.write("    </attributes>\n    <nodes>\n")

    @staticmethod
    def _values(prefix: str, names: tuple[str, ...], attrs: dict[str, Any]) -> str:
        values = "".join(f'<attvalue for="{prefix}{i}" value={xml_attr(attrs[n])}/>'
                         for i, n in enumerate(names) if attrs.get(n, "") != "")
        return f"<attvalues>{values}</attvalues>" if values else ""

    def node(self, node_id: str, attrs: dict[str, Any]) -> None:
        self.out.write(f"      <node id={xml_attr(node_id)} label={xml_attr(attrs['label'])}>"
                       f"{self._values('n', NODE_ATTRS[1:], attrs)}</node>\n")

    def _edges(self) -> None:
        if self.section == "nodes":
            self.out.write("    </nodes>\n    <edges>\n")
            self.section = "edges"

    def edge(self, edge_id: str, source: str, target: str, attrs: dict[str, Any]) -> None:
        self._edges()
        span = "".join(f" {k}={xml_attr(attrs[k])}" for k in ("start", "end") if attrs[k])
        self.out.write(f"      <edge id={xml_attr(edge_id)} source={xml_attr(source)}"
                       f" target={xml_attr(target)}{span}>"
                       f"{self._values('e', EDGE_ATTRS, attrs)}</edge>\n")

    def finalize(self) -> None:
        self._edges()
        self.out.write("    </edges>\n  </graph>\n</gexf>\n")
