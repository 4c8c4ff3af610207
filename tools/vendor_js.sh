#!/usr/bin/env bash
# Vendor the web app's JavaScript libraries from npm into src/watchfloor/web/static/vendor/:
# the minified dist files and each package's LICENSE, nothing else. Run it to upgrade; the
# files are committed, so installing watchfloor needs no npm, no build and no network.
set -euo pipefail
cd "$(dirname "$0")/.."
CYTOSCAPE=cytoscape@3.35.0
LEAFLET=leaflet@1.9.4
out=src/watchfloor/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$CYTOSCAPE" "$LEAFLET" >/dev/null)
for tgz in "$tmp"/*.tgz; do
  name=$(basename "$tgz" | sed 's/-[0-9].*//')
  mkdir -p "$tmp/$name"
  tar -xzf "$tgz" -C "$tmp/$name"
done
mkdir -p "$out"
rm -f "$out"/*
cp "$tmp/cytoscape/package/dist/cytoscape.min.js" "$out/cytoscape.min.js"
cp "$tmp/cytoscape/package/LICENSE" "$out/cytoscape.LICENSE"
cp "$tmp/leaflet/package/dist/leaflet.js" "$out/leaflet.js"
cp "$tmp/leaflet/package/dist/leaflet.css" "$out/leaflet.css"
cp "$tmp/leaflet/package/LICENSE" "$out/leaflet.LICENSE"
printf '%s\n' "$CYTOSCAPE" "$LEAFLET" > "$out/VERSIONS"
ls -l "$out"
