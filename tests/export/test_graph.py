"""GraphML and GEXF exports read back with networkx: groups and people as nodes with
names, relations as typed edges with their time span and certainty; places and the
rejected claim stay out."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from watchfloor.export.gexf import GEXFExporter
from watchfloor.export.graphml import GraphMLExporter

from .sample import GROUP, KUNDUZ, LEADER, TALIBAN, build, run


def read(kb, make) -> nx.MultiDiGraph:
    text = run(build(kb), make)
    reader = nx.read_graphml if make is GraphMLExporter else nx.read_gexf
    return reader(io.BytesIO(text.encode("utf-8")))


@pytest.mark.parametrize("make", [GraphMLExporter, GEXFExporter])
def test_graph_nodes_and_typed_edges(kb, make) -> None:
    g = read(kb, make)
    assert set(g.nodes) == {GROUP, TALIBAN, LEADER} and KUNDUZ not in g
    assert g.nodes[LEADER]["label"] == "Shahab al-Muhajir"
    assert g.nodes[GROUP]["type"] == "armed_group"
    edges = {(u, v, d["predicate"]): d for u, v, d in g.edges(data=True)}
    assert set(edges) == {(LEADER, GROUP, "leader_of"), (GROUP, TALIBAN, "hostile_to")}
    hostile = edges[(GROUP, TALIBAN, "hostile_to")]
    assert hostile["certainty"] == "probable" and hostile["confidence"] > 0
    assert "hostile to the Taliban" in hostile["sentence"]


def test_graph_graphml_edges_carry_start_and_open_end(kb) -> None:
    g = read(kb, GraphMLExporter)
    [hostile] = [d for _, _, d in g.edges(data=True) if d["predicate"] == "hostile_to"]
    assert hostile["start"] == "2015-01-01" and "end" not in hostile


def test_graph_gexf_is_dynamic_with_edge_spans(kb) -> None:
    text = run(build(kb), GEXFExporter)
    assert 'mode="dynamic"' in text and 'start="2015-01-01"' in text
    g = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    [hostile] = [d for _, _, d in g.edges(data=True) if d["predicate"] == "hostile_to"]
    assert hostile["start"] == "2015-01-01"


def test_graph_empty_base_is_a_valid_empty_graph(kb) -> None:
    for make, reader in ((GraphMLExporter, nx.read_graphml), (GEXFExporter, nx.read_gexf)):
        g = reader(io.BytesIO(run(kb, make).encode("utf-8")))
        assert g.number_of_nodes() == 0
