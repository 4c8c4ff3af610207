// The events map: Leaflet over the shipped basemap (no tiles), one circle per event with a
// label, coloured by event type, and a legend.
(function () {
  "use strict";
  var PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                 "#e377c2", "#17becf"];
  var box = document.getElementById("map");
  var map = L.map(box, {worldCopyJump: false, attributionControl: true}).setView([20, 30], 3);
  map.attributionControl.setPrefix("").addAttribution("Natural Earth (public domain)");
  window.watchfloorMap = map;

  fetch("/api/basemap").then(function (r) { return r.json(); }).then(function (geo) {
    L.geoJSON(geo, {style: {color: "#998", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1},
                    interactive: false}).addTo(map);
    box.style.background = "#dfeaf2";
    return fetch("/api/events?limit=5000&" + box.dataset.query);
  }).then(function (r) { return r.json(); }).then(function (data) {
    var colours = {};
    data.options.types.forEach(function (t, i) { colours[t] = PALETTE[i % PALETTE.length]; });
    var points = [];
    data.events.forEach(function (e) {
      if (e.lat === null || e.lon === null) { return; }
      var marker = L.circleMarker([e.lat, e.lon], {radius: 7, color: "#333", weight: 1,
        fillColor: colours[e.type], fillOpacity: 0.85}).addTo(map);
      var label = (e.date || "undated") + " " + e.type.replace(/_/g, " ") + " · " + e.location_name;
      marker.bindTooltip(label, {permanent: true, direction: "right", className: "map-label"});
      marker.on("click", function () { window.location.href = e.link; });
      points.push([e.lat, e.lon]);
    });
    if (points.length) { map.fitBounds(points, {padding: [60, 60], maxZoom: 7}); }
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend-box");
      Object.keys(colours).forEach(function (t) {
        var row = L.DomUtil.create("div", "", div);
        var swatch = L.DomUtil.create("span", "swatch", row);
        swatch.style.background = colours[t];
        row.appendChild(document.createTextNode(" " + t.replace(/_/g, " ")));
      });
      return div;
    };
    legend.addTo(map);
    box.dataset.markers = String(points.length);
  });
})();
