/* sitrep's workbench: filters, map (dots or server-side grid clusters),
   timeline, sortable table; the event panel is detail.js. All filtering and
   paging happens on the server, so 100,000 events cost one page. */
"use strict";
(function () {
  const API = "/api/v1";
  const COLOURS = {
    "Battles": "#c0392b", "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad", "Protests": "#2980b9",
    "Riots": "#16a085", "Strategic developments": "#6c7a89",
  };
  const FILTERS = ["date_from", "date_to", "country", "admin1", "event_type", "actor", "min_confidence", "q"];
  const el = window.sitrepDetail.el;
  const state = { filters: {}, brush: null, sort: "event_date", order: "desc", offset: 0, limit: 50, fit: true };

  async function api(path) {
    const response = await fetch(API + path);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
    return body;
  }

  /* The filters as query parameters; the brush narrows the dates. */
  function params(extra, withBrush = true) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(state.filters)) if (v !== "" && v != null && !(k === "min_confidence" && Number(v) === 0)) p.set(k, v);
    if (withBrush && state.brush) {
      if (!p.get("date_from") || p.get("date_from") < state.brush[0]) p.set("date_from", state.brush[0]);
      if (!p.get("date_to") || p.get("date_to") > state.brush[1]) p.set("date_to", state.brush[1]);
    }
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  // -- map --------------------------------------------------------------------
  const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 16 }).setView([25, 30], 3);
  const basemap = window.sitrepBasemap.create(map, api, el, admin1 => {
    // A click on a unit that holds events filters the page to it.
    const byCountry = window.sitrepFacets.admin1_by_country, country = form.elements.country.value;
    if (country && !(byCountry[country] || []).includes(admin1)) form.elements.country.value = "";
    admin1Options();
    form.elements.admin1.value = admin1;
    readFilters(); refresh(true);
  });
  const dots = L.markerClusterGroup({ maxClusterRadius: 36, showCoverageOnHover: false });
  const cells = L.layerGroup();
  map.addLayer(dots); map.addLayer(cells);

  function radius(fatalities) { return Math.min(24, 6 + 3 * Math.sqrt(fatalities || 0)); }

  function dotMarker(d) {
    const size = Math.round(2 * radius(d.fatalities));
    const node = el("div", { class: "sitrep-dot", title: `${d.event_date || "?"} ${d.sub_event_type} — ${d.location || ""}` });
    node.style.background = COLOURS[d.event_type] || "#333";
    node.dataset.eventId = d.event_id; node.dataset.lat = d.latitude; node.dataset.lon = d.longitude;
    node.dataset.type = d.event_type;
    const marker = L.marker([d.latitude, d.longitude], {
      icon: L.divIcon({ html: node, className: "dot-icon", iconSize: [size, size] }),
      keyboard: true, title: d.sub_event_type,
    });
    marker.on("click", () => openEvent(d.event_id));
    return marker;
  }

  function cellMarker(c) {
    const size = Math.round(Math.min(64, 22 + 6 * Math.log10(c.count + 1) * 2));
    const node = el("div", { class: "sitrep-cell", title: `${c.count} events, ${c.fatalities} fatalities` }, c.count.toLocaleString());
    node.style.borderColor = COLOURS[c.event_type] || "#fff";
    const marker = L.marker([c.latitude, c.longitude], {
      icon: L.divIcon({ html: node, className: "dot-icon", iconSize: [size, size] }),
    });
    marker.on("click", () => map.setView([c.latitude, c.longitude], Math.min(map.getZoom() + 2, 16)));
    return marker;
  }

  function viewBbox() {
    const b = map.getBounds();
    if (b.getEast() - b.getWest() >= 360) return null;
    const wrap = x => ((x + 540) % 360) - 180;
    const clamp = y => Math.max(-90, Math.min(90, y));
    return [wrap(b.getWest()), clamp(b.getSouth()), wrap(b.getEast()), clamp(b.getNorth())].map(v => v.toFixed(4)).join(",");
  }

  let mapRequest = 0, lastSignature = "";
  async function loadMap() {
    const ask = ++mapRequest;
    const extra = { zoom: map.getZoom() };
    const bbox = state.fit ? null : viewBbox();
    if (bbox) extra.bbox = bbox;
    const layer = await api("/map?" + params(extra));
    if (ask !== mapRequest) return;  // a newer view was asked for meanwhile
    // Panning within the same events redraws nothing (an opened cluster stays open).
    const signature = layer.mode + ":" + (layer.dots.map(d => d.event_id).join(",") ||
      layer.cells.map(c => `${c.latitude},${c.longitude},${c.count}`).join(";"));
    if (signature === lastSignature && !state.fit) return;
    lastSignature = signature;
    dots.clearLayers(); cells.clearLayers();
    dots.addLayers(layer.dots.map(dotMarker));
    for (const c of layer.cells) cells.addLayer(cellMarker(c));
    if (state.fit) {
      state.fit = false;
      const points = layer.dots.length ? layer.dots : layer.cells;
      if (points.length) {
        // Settled once the view has moved (and the clusters are redrawn).
        const moved = new Promise(resolve => map.once("moveend", () => setTimeout(resolve, 50)));
        const before = map.getCenter().toString() + map.getZoom();
        map.fitBounds(L.latLngBounds(points.map(p => [p.latitude, p.longitude])).pad(0.2), { maxZoom: 7 });
        if (map.getCenter().toString() + map.getZoom() !== before || map._animatingZoom) await moved;
      }
    }
  }
  let moveTimer = null;
  map.on("moveend", () => {
    clearTimeout(moveTimer); moveTimer = setTimeout(() => loadMap().catch(showError), 150);
  });

  // -- table ------------------------------------------------------------------
  async function loadTable() {
    const page = await api("/events?" + params({ sort: state.sort, order: state.order, limit: state.limit, offset: state.offset }));
    const body = document.querySelector("#events-table tbody");
    body.replaceChildren(...page.events.map(e => {
      const row = el("tr", { "data-event-id": e.event_id },
        el("td", {}, e.event_date || "?"), el("td", {}, e.event_type), el("td", {}, e.sub_event_type),
        el("td", {}, e.actor1 || ""), el("td", {}, e.actor2 || ""),
        el("td", {}, [e.location, e.admin1].filter(Boolean).join(", ")), el("td", {}, e.country || ""),
        el("td", {}, e.fatalities), el("td", {}, e.confidence.toFixed(2)));
      row.addEventListener("click", () => openEvent(e.event_id));
      return row;
    }));
    const last = Math.min(page.offset + page.events.length, page.total);
    document.getElementById("page-label").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total.toLocaleString()}` : "no events";
    document.getElementById("summary").textContent = `${page.total.toLocaleString()} events`;
    document.getElementById("prev").disabled = page.offset === 0;
    document.getElementById("next").disabled = last >= page.total;
    document.getElementById("csv-link").href = API + "/events?" + params({ format: "csv", limit: 5000 });
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.className = th.dataset.sort === state.sort ? `sorted-${state.order}` : "";
    }
  }
  for (const th of document.querySelectorAll("th[data-sort]")) {
    th.addEventListener("click", () => {
      state.order = state.sort === th.dataset.sort && state.order === "desc" ? "asc" : "desc";
      state.sort = th.dataset.sort; state.offset = 0; loadTable().catch(showError);
    });
  }
  document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadTable().catch(showError); });
  document.getElementById("next").addEventListener("click", () => { state.offset += state.limit; loadTable().catch(showError); });

  // -- timeline ---------------------------------------------------------------
  const timeline = window.sitrepTimeline.create(document.getElementById("timeline-svg"), (from, to) => {
    state.brush = from ? [from, to] : null; state.offset = 0;
    document.getElementById("brush-label").textContent = from ? `Dates ${from} to ${to}` : "Drag across the timeline to filter by dates.";
    document.getElementById("brush-clear").hidden = !from;
    Promise.all([loadMap(), loadTable()]).catch(showError);
  });
  document.getElementById("brush-clear").addEventListener("click", () => {
    timeline.clear(); state.brush = null; document.getElementById("brush-clear").hidden = true;
    document.getElementById("brush-label").textContent = "Drag across the timeline to filter by dates.";
    Promise.all([loadMap(), loadTable()]).catch(showError);
  });
  async function loadTimeline() {
    const facets = window.sitrepFacets;
    let by = "day";
    if (facets && facets.dates) {
      const days = (Date.parse(facets.dates[1]) - Date.parse(facets.dates[0])) / 86400000;
      if (days > 400) by = "month";
    }
    timeline.set(await api("/timeline?" + params({ by }, false)));
  }

  // -- filters ----------------------------------------------------------------
  const form = document.getElementById("filter-form");
  function readFilters() {
    state.filters = {};
    for (const name of FILTERS) state.filters[name] = form.elements[name].value;
    document.getElementById("confidence-value").textContent = Number(form.elements.min_confidence.value).toFixed(2);
  }
  form.elements.min_confidence.addEventListener("input", () => {
    document.getElementById("confidence-value").textContent = Number(form.elements.min_confidence.value).toFixed(2);
  });
  form.addEventListener("submit", event => {
    event.preventDefault(); readFilters(); refresh(true);
  });
  form.addEventListener("reset", () => setTimeout(() => { admin1Options(); readFilters(); refresh(true); }, 0));

  function options(select, values) {
    select.append(...values.map(v => el("option", { value: v }, v)));
  }

  /* The admin1 choices: the store's admin1 names, only the chosen
     country's once one is chosen (a kept choice stays offered). */
  function admin1Options() {
    const facets = window.sitrepFacets, select = form.elements.admin1;
    if (!facets) return;
    const country = form.elements.country.value, chosen = select.value;
    const names = country ? (facets.admin1_by_country[country] || []) : facets.admin1;
    select.replaceChildren(el("option", { value: "" }, "all"));
    options(select, chosen && !names.includes(chosen) ? [chosen, ...names] : names);
    select.value = chosen;
  }
  form.elements.country.addEventListener("change", admin1Options);

  function refresh(fit) {
    state.offset = 0; state.fit = fit; state.brush = null; timeline.clear();
    document.getElementById("brush-clear").hidden = true;
    history.replaceState(null, "", "?" + params({}, false));
    return Promise.all([loadMap(), loadTable(), loadTimeline()]).catch(showError);
  }

  function showError(error) { document.getElementById("summary").textContent = String(error.message || error); }

  const detail = { show: null };
  function openEvent(id) {
    for (const row of document.querySelectorAll("#events-table tbody tr")) row.classList.toggle("selected", row.dataset.eventId === id);
    const url = new URL(location.href); url.searchParams.set("event", id); history.replaceState(null, "", url);
    return detail.show(id).catch(showError);
  }

  async function start() {
    const [facets, taxonomy] = await Promise.all([api("/facets"), api("/taxonomy")]);
    window.sitrepFacets = facets;
    options(form.elements.country, facets.country);
    options(form.elements.admin1, facets.admin1);
    basemap.setRegions(facets.admin1);
    options(form.elements.event_type, Object.keys(taxonomy));
    options(document.getElementById("actor-list"), facets.actor);
    const legend = document.getElementById("legend");
    for (const [type, colour] of Object.entries(COLOURS)) {
      const swatch = el("span", { class: "swatch" }); swatch.style.background = colour;
      legend.append(el("div", {}, swatch, type));
    }
    detail.show = window.sitrepDetail.create(api, taxonomy, () => Promise.all([loadMap(), loadTable()]).catch(showError)).show;
    // Filters (and an open event) can come in the address: links can be shared.
    const query = new URLSearchParams(location.search);
    for (const name of FILTERS) {
      const field = form.elements[name], value = query.get(name);
      if (value === null) continue;
      // A value the list lacks (an admin1 in GeoNames' spelling, "Deir ez-Zor"
      // for the store's "Deir-ez-Zor") is offered as given: the store matches either.
      if (field.tagName === "SELECT" && ![...field.options].some(o => o.value === value)) field.append(el("option", { value }, value));
      field.value = value;
    }
    admin1Options();
    readFilters();
    await refresh(true);
    document.body.dataset.ready = "true";
    if (query.get("event")) await openEvent(query.get("event"));
  }
  start().catch(showError);
})();
