// The relationship graph: /api/graph drawn with cytoscape.js, edges coloured by predicate.
(function () {
  "use strict";
  var PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  var form = document.getElementById("graph-filters");
  var cy = null;

  function colours(predicates) {
    var out = {};
    predicates.forEach(function (p, i) { out[p] = PALETTE[i % PALETTE.length]; });
    return out;
  }

  function legend(map) {
    var box = document.getElementById("graph-legend");
    box.textContent = "";
    Object.keys(map).forEach(function (p) {
      var row = document.createElement("div");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = map[p];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(" " + p.replace(/_/g, " ")));
      box.appendChild(row);
    });
  }

  function draw(data) {
    var map = colours(data.predicates);
    var elements = data.nodes.map(function (n) {
      return {data: {id: n.id, label: n.name, type: n.type, size: 20 + Math.min(40, n.mentions * 2)}};
    }).concat(data.edges.map(function (e) {
      return {data: {id: e.id, source: e.source, target: e.target, predicate: e.predicate,
                     colour: map[e.predicate], link: e.link, width: 1 + Math.min(6, e.claims),
                     label: e.predicate.replace(/_/g, " ") + (e.time ? " (" + e.time + ")" : "") +
                            (e.claims > 1 ? " ×" + e.claims : "")}};
    }));
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: document.getElementById("graph"),
      elements: elements,
      style: [
        {selector: "node", style: {"label": "data(label)", "width": "data(size)", "height": "data(size)",
                                   "font-size": 11, "background-color": "#c33"}},
        {selector: "node[type = 'person']", style: {"background-color": "#393", "shape": "round-rectangle"}},
        {selector: "edge", style: {"line-color": "data(colour)", "target-arrow-color": "data(colour)",
                                   "target-arrow-shape": "triangle", "curve-style": "bezier",
                                   "width": "data(width)", "label": "data(label)", "font-size": 9,
                                   "text-rotation": "autorotate", "color": "#444"}}
      ],
      layout: {name: "cose", animate: false}
    });
    cy.on("tap", "node", function (e) { window.location.href = "/entities/" + e.target.id(); });
    cy.on("tap", "edge", function (e) { window.location.href = e.target.data("link"); });
    legend(map);
    document.getElementById("graph-count").textContent =
      data.nodes.length + " nodes, " + data.edges.length + " edges" +
      (data.truncated ? " (the first only: narrow the window)" : "");
    window.watchfloorGraph = cy;
  }

  function load() {
    var params = new URLSearchParams(new FormData(form));
    fetch("/api/graph?" + params.toString()).then(function (r) { return r.json(); }).then(draw);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
  load();
})();
