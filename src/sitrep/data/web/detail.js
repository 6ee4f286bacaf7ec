/* The event panel: fields, evidence highlighted inside each source's text,
   statistics kept apart, corrections and the edit form.
   Stored text is hostile input: it only ever becomes text nodes
   (textContent / createTextNode), never markup, and only http(s) URLs
   become links. */
"use strict";
window.sitrepDetail = (function () {
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return node;
  }

  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }

  /* The source text with the spans [start, end) wrapped in <mark>. */
  function highlighted(text, spans) {
    const pre = el("pre", { class: "source-text" });
    const sorted = spans.filter(s => s.end > s.start).sort((a, b) => a.start - b.start);
    let at = 0;
    for (const s of sorted) {
      const start = Math.max(s.start, at), end = Math.min(s.end, text.length);
      if (end <= start) continue;
      pre.append(document.createTextNode(text.slice(at, start)));
      pre.append(el("mark", { class: "evidence", title: "evidence of this event" }, text.slice(start, end)));
      at = end;
    }
    pre.append(document.createTextNode(text.slice(at)));
    return pre;
  }

  function create(api, taxonomy, onChanged) {
    const panel = document.getElementById("detail");
    const form = document.getElementById("edit-form");
    const status = document.getElementById("edit-status");
    let current = null;
    form.elements.token.value = sessionStorage.getItem("sitrep-token") || "";

    function fillTypes(eventType, subType) {
      const types = form.elements.event_type, subs = form.elements.sub_event_type;
      types.replaceChildren(...Object.keys(taxonomy).map(t => el("option", { value: t }, t)));
      types.value = eventType;
      const fill = () => {
        const list = (taxonomy[types.value] || { sub_event_types: [] }).sub_event_types;
        subs.replaceChildren(...list.map(s => el("option", { value: s }, s)));
      };
      fill(); subs.value = subType;
      types.onchange = fill;
    }

    function field(dl, name, value) {
      dl.append(el("dt", {}, name), el("dd", { "data-field": name }, value == null || value === "" ? "—" : value));
    }

    async function show(id) {
      const detail = await api(`/events/${encodeURIComponent(id)}`);
      current = detail;
      const e = detail.event;
      panel.hidden = false;
      panel.dataset.eventId = e.event_id;
      document.getElementById("detail-title").textContent = `${e.sub_event_type} — ${e.location || e.admin1 || e.country || "unlocated"}`;
      const flags = document.getElementById("detail-flags");
      flags.replaceChildren();
      if (detail.corrected) flags.append(el("span", { class: "flag", id: "flag-corrected" }, "corrected by an analyst"));
      if (detail.not_an_event) flags.append(el("span", { class: "flag" }, "marked not an event"));
      const dl = document.getElementById("detail-fields");
      dl.replaceChildren();
      field(dl, "date", `${e.event_date || "?"} (precision ${e.time_precision || "?"})`);
      field(dl, "type", `${e.disorder_type} › ${e.event_type} › ${e.sub_event_type}`);
      field(dl, "actor 1", [e.actor1, e.assoc_actor_1].filter(Boolean).join("; "));
      field(dl, "actor 2", [e.actor2, e.assoc_actor_2].filter(Boolean).join("; "));
      field(dl, "interaction", e.interaction);
      field(dl, "place", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", "));
      field(dl, "coordinates", e.latitude == null ? null : `${e.latitude.toFixed(4)}, ${e.longitude.toFixed(4)} (precision ${e.geo_precision})`);
      field(dl, "fatalities", `${e.fatalities} (range ${e.fatalities_low}–${e.fatalities_high})`);
      field(dl, "confidence", e.confidence.toFixed(2));
      field(dl, "attribution", e.attribution);
      field(dl, "sources", e.source);
      field(dl, "notes", e.notes);
      field(dl, "event id", e.event_id);
      await showSources(detail);
      const stats = document.getElementById("detail-statistics");
      stats.replaceChildren(...detail.statistics.map(s => el("li", {},
        `${s.qualifier ? s.qualifier + " " : ""}${s.value.toLocaleString()} ${s.measure}`
        + (s.victims ? ` (${s.victims})` : "") + (s.cause ? `, ${s.cause}` : "")
        + (s.perpetrator ? `, by ${s.perpetrator}` : "") + (s.period ? `, ${s.period}` : "")
        + (s.attribution ? ` — according to ${s.attribution}` : ""))));
      if (!detail.statistics.length) stats.append(el("li", {}, "none"));
      const log = document.getElementById("detail-corrections");
      log.replaceChildren(...detail.corrections.map(c => el("li", {},
        `${c.created_at} ${c.author}: ${c.field} ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`)));
      if (!detail.corrections.length) log.append(el("li", {}, "none yet"));
      fillForm(e, detail.not_an_event);
      status.textContent = ""; status.className = "";
    }

    async function showSources(detail) {
      const box = document.getElementById("detail-sources");
      box.replaceChildren();
      const spans = {};
      for (const s of detail.event.evidence) (spans[s.doc_id] = spans[s.doc_id] || []).push(s);
      for (const m of detail.mentions) for (const s of m.evidence) (spans[s.doc_id] = spans[s.doc_id] || []).push(s);
      for (const info of detail.documents) {
        const doc = await api(`/documents/${encodeURIComponent(info.id)}`);
        const head = el("div", { class: "source-head" });
        head.append(el("strong", { class: "source-title" }, doc.title || "(untitled)"), " — ",
          doc.source || "", doc.published ? `, ${doc.published}` : "");
        const href = doc.url && safeUrl(doc.url);
        if (href) head.append(" ", el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, "original"));
        else if (doc.url) head.append(" ", el("span", { class: "url" }, doc.url));
        box.append(el("div", { class: "source", "data-doc-id": info.id }, head, highlighted(doc.text, spans[info.id] || [])));
      }
      // Each source's text scrolls to its first evidence; the panel stays at the top.
      for (const pre of box.querySelectorAll(".source-text")) {
        const mark = pre.querySelector("mark.evidence");
        if (mark) pre.scrollTop = Math.max(0, mark.offsetTop - 24);  // pre is its offsetParent
      }
    }

    function fillForm(e, notAnEvent) {
      fillTypes(e.event_type, e.sub_event_type);
      for (const name of ["actor1", "actor2", "location", "admin1", "country", "latitude", "longitude", "event_date", "fatalities"]) {
        form.elements[name].value = e[name] == null ? "" : e[name];
      }
      form.elements.not_an_event.checked = notAnEvent;
    }

    form.addEventListener("submit", async event => {
      event.preventDefault();
      if (!current) return;
      const e = current.event, f = form.elements, body = { author: f.author.value || "analyst" };
      if (f.sub_event_type.value !== e.sub_event_type || f.event_type.value !== e.event_type) {
        body.event_type = f.event_type.value; body.sub_event_type = f.sub_event_type.value;
      }
      for (const name of ["actor1", "actor2", "location", "admin1", "country", "event_date"]) {
        const value = f[name].value.trim() || null;
        if (value !== (e[name] == null ? null : e[name])) body[name] = value;
      }
      for (const name of ["latitude", "longitude", "fatalities"]) {
        const value = f[name].value === "" ? null : Number(f[name].value);
        if (value !== e[name]) body[name] = value;
      }
      if (f.not_an_event.checked !== current.not_an_event) body.not_an_event = f.not_an_event.checked;
      if (Object.keys(body).length === 1) { status.textContent = "Nothing changed."; return; }
      sessionStorage.setItem("sitrep-token", f.token.value);
      const response = await fetch(`/api/v1/events/${encodeURIComponent(e.event_id)}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", "Authorization": `Bearer ${f.token.value}` },
        body: JSON.stringify(body),
      });
      const result = await response.json();
      if (!response.ok) {
        status.textContent = result.error ? result.error.message : `HTTP ${response.status}`;
        status.className = "error"; return;
      }
      await show(e.event_id);
      status.textContent = `Saved ${result.corrections.length} correction(s).`; status.className = "ok";
      onChanged();
    });
    document.getElementById("detail-close").addEventListener("click", () => { panel.hidden = true; current = null; });
    return { show };
  }
  return { create, el };
})();
