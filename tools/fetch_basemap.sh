#!/usr/bin/env bash
# Re-create src/watchfloor/data/basemap/ from the npm registry package world-atlas.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
(cd "$tmp" && npm pack -q world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz)
cp "$tmp/package/countries-50m.json" "$here/src/watchfloor/data/basemap/countries-50m.json"
cp "$tmp/package/LICENSE" "$here/src/watchfloor/data/basemap/LICENSE-world-atlas"
rm -rf "$tmp"
