/* The base map, from bundled Natural Earth boundaries (public domain; no
   tile server). Zoomed out: land and country outlines from 1:110m admin-0.
   Zoomed in (ADMIN1_ZOOM and closer): the 1:10m first-level divisions
   (admin-1, TopoJSON decoded by the vendored topojson-client) as the land,
   their borders dashed, and the country outlines drawn over them from the
   same 1:10m data (the outer edges of each country's units), so borders
   meet instead of doubling a coarser line. Units are named on hover and,
   closer still, by a label. Units that hold events (their GeoNames name is
   among the store's admin1 values) are tinted, and a click on one filters
   the page to it. Names only ever become text nodes. */
"use strict";
window.sitrepBasemap = (function () {
  //: Admin-1 appears from this zoom: a country such as Syria then spans
  //: about 500 pixels; at 4 a continent's provinces are a tangle of lines.
  const ADMIN1_ZOOM = 5;
  //: Unit names are written on the map from this zoom (a Syrian governorate
  //: spans 200-600 pixels); below it, hovering names them.
  const LABEL_ZOOM = 7;
  //: At most this many labels at once (the view of Syria at zoom 7 has 14).
  const MAX_LABELS = 150;
  const STYLE = {
    land: { stroke: false, fillColor: "#f3f1ea", fillOpacity: 1 },
    admin0: { color: "#6f7d8c", weight: 1.1, fill: false },
    unit: { stroke: false, fillColor: "#f3f1ea", fillOpacity: 1 },
    unitWithEvents: { fillColor: "#eadfbd" },
    unitHover: { stroke: true, color: "#4f5d6b", weight: 2, dashArray: null },
    admin1Border: { color: "#9aa5b1", weight: 0.8, dashArray: "4 3" },
  };

  function pane(map, name, zIndex) {
    const node = map.createPane(name);
    node.style.zIndex = String(zIndex);
    return node;
  }

  /* Closed rings stored as a MultiLineString become a MultiPolygon. */
  function asPolygons(collection) {
    return {
      type: "FeatureCollection",
      features: collection.features.map(f => ({
        type: "Feature", properties: f.properties, geometry:
          f.geometry.type === "MultiLineString"
            ? { type: "MultiPolygon", coordinates: f.geometry.coordinates.map(ring => [ring]) }
            : f.geometry,
      })),
    };
  }

  /* map: a Leaflet map; api(path) fetches JSON; el(tag, props, ...children)
     builds DOM; onPick(admin1) is called when a unit holding events is clicked. */
  function create(map, api, el, onPick) {
    // Under the event markers (overlay 400, markers 600): land (1:110m),
    // admin-1 units (1:10m), their borders, country outlines, unit labels.
    pane(map, "land", 200);
    pane(map, "admin1", 210);
    pane(map, "admin1-borders", 215).style.pointerEvents = "none";
    pane(map, "admin0", 220).style.pointerEvents = "none";
    pane(map, "admin1-labels", 230).style.pointerEvents = "none";

    const coarse = L.layerGroup();
    api("/basemap").then(outlines => {
      const polygons = asPolygons(outlines);
      coarse.addLayer(L.geoJSON(polygons, { pane: "land", interactive: false, style: STYLE.land }));
      coarse.addLayer(L.geoJSON(polygons, { pane: "admin0", interactive: false, style: STYLE.admin0 }));
      update();
    }).catch(() => {});

    let units = null, loading = null;
    let withEvents = new Set();
    const fine = L.layerGroup(), labels = L.layerGroup();

    function tooltip(p) {
      const text = [p.name];
      if (p.admin1 && p.admin1 !== p.name) text.push(` (${p.admin1})`);
      if (p.country) text.push(`, ${p.country}`);
      const node = el("span", { class: "admin1-tooltip" }, text.join(""));
      if (withEvents.has(p.admin1)) node.append(el("small", {}, " — events here: click to filter"));
      return node;
    }

    function styleOf(feature) {
      return withEvents.has(feature.properties.admin1) ? { ...STYLE.unit, ...STYLE.unitWithEvents } : STYLE.unit;
    }

    /* The units (hover, click), the borders between units of one country
       (arcs two units share) and the countries' outer edges (arcs of one unit:
       each country's units come from their own file, so no arc crosses a
       country border). */
    function build(topology) {
      const object = topology.objects.admin1;
      units = L.geoJSON(topojson.feature(topology, object), {
        pane: "admin1",
        style: feature => ({ ...styleOf(feature), className: "admin1-unit" }),
        onEachFeature: (feature, layer) => {
          const p = feature.properties;
          layer.bindTooltip(() => tooltip(p), { sticky: true, direction: "top", className: "admin1-name" });
          layer.on("add", () => {
            const path = layer.getElement();
            path.dataset.name = p.name;
            if (p.admin1) path.dataset.admin1 = p.admin1;
            if (p.iso_a3) path.dataset.country = p.iso_a3;
          });
          layer.on("mouseover", () => { layer.setStyle(STYLE.unitHover); layer.bringToFront(); });
          layer.on("mouseout", () => layer.setStyle({ ...styleOf(feature), stroke: false }));
          layer.on("click", () => { if (withEvents.has(p.admin1)) onPick(p.admin1); });
        },
      });
      fine.addLayer(units);
      fine.addLayer(L.geoJSON(topojson.mesh(topology, object, (a, b) => a !== b),
        { pane: "admin1-borders", interactive: false, style: STYLE.admin1Border }));
      fine.addLayer(L.geoJSON(topojson.mesh(topology, object, (a, b) => a === b),
        { pane: "admin0", interactive: false, style: STYLE.admin0 }));
    }

    function drawLabels() {
      labels.clearLayers();
      if (!units || map.getZoom() < LABEL_ZOOM) return;
      const view = map.getBounds();
      let count = 0;
      for (const layer of units.getLayers()) {
        const p = layer.feature.properties;
        if (!p.label || !view.contains([p.label[1], p.label[0]])) continue;
        if (++count > MAX_LABELS) break;
        labels.addLayer(L.marker([p.label[1], p.label[0]], {
          pane: "admin1-labels", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "admin1-label", html: el("span", {}, p.name), iconSize: null }),
        }));
      }
    }

    /* 1:10m admin-1 at ADMIN1_ZOOM and closer (fetched the first time), else 1:110m. */
    function update() {
      const close = map.getZoom() >= ADMIN1_ZOOM;
      if (close && !units) {
        loading = loading || api("/basemap/admin1").then(topology => { build(topology); update(); })
          .catch(() => { loading = null; });
      }
      const showFine = close && units !== null;
      for (const [layer, shown] of [[fine, showFine], [labels, showFine], [coarse, !showFine]]) {
        if (shown && !map.hasLayer(layer)) layer.addTo(map);
        if (!shown && map.hasLayer(layer)) map.removeLayer(layer);
      }
      drawLabels();
    }
    map.on("zoomend moveend", update);
    update();

    return {
      /* The store's admin1 names: their units are tinted and clickable. */
      setRegions(names) {
        withEvents = new Set(names);
        if (units) units.setStyle(styleOf);
      },
    };
  }

  return { create, ADMIN1_ZOOM, LABEL_ZOOM };
})();
