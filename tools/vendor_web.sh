#!/usr/bin/env bash
# Vendor the page's front-end libraries from the npm registry (run by hand
# when upgrading; the built files are committed under
# src/sitrep/data/web/vendor/ so nothing is fetched at install, test or run
# time). Pinned versions; `npm pack` checks each tarball's integrity hash.
#   leaflet 1.9.4                (BSD-2-Clause)  the map
#   leaflet.markercluster 1.5.3  (MIT)           client-side clustering of dense dots
#   topojson-client 3.1.0        (ISC)           decodes the bundled admin-1 boundaries (TopoJSON)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/sitrep/data/web/vendor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 >/dev/null)
tar -xzf "$WORK/leaflet-1.9.4.tgz" -C "$WORK" && mv "$WORK/package" "$WORK/leaflet"
tar -xzf "$WORK/leaflet.markercluster-1.5.3.tgz" -C "$WORK" && mv "$WORK/package" "$WORK/markercluster"
tar -xzf "$WORK/topojson-client-3.1.0.tgz" -C "$WORK" && mv "$WORK/package" "$WORK/topojson-client"

# Everything but the README (which is written by hand) is rebuilt.
mkdir -p "$DEST" && find "$DEST" -mindepth 1 ! -name README.md -delete
cp "$WORK/leaflet/dist/leaflet.js" "$WORK/leaflet/dist/leaflet.css" "$DEST/"
cp "$WORK/leaflet/LICENSE" "$DEST/LICENSE-leaflet"
cp "$WORK/markercluster/dist/leaflet.markercluster.js" \
   "$WORK/markercluster/dist/MarkerCluster.css" \
   "$WORK/markercluster/dist/MarkerCluster.Default.css" "$DEST/"
cp "$WORK/markercluster/MIT-LICENCE.txt" "$DEST/LICENSE-leaflet.markercluster" 2>/dev/null \
  || cp "$WORK/markercluster/LICENSE"* "$DEST/LICENSE-leaflet.markercluster"
cp "$WORK/topojson-client/dist/topojson-client.min.js" "$DEST/"
cp "$WORK/topojson-client/LICENSE" "$DEST/LICENSE-topojson-client"
chmod 644 "$DEST"/*
(cd "$DEST" && sha256sum ./*.js ./*.css > SHA256SUMS)
echo "vendored into $DEST:" && ls -l "$DEST"
