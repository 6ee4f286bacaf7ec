/* Timeline histogram with brushing: bars per day or month; dragging across
   it selects a date range that filters the map and the table. Built from SVG
   elements (no innerHTML). */
"use strict";
window.sitrepTimeline = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;

  function svgEl(tag, attrs) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }

  function parse(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

  /* svg: the element; onBrush(from, to) is called with ISO dates, or nulls. */
  function create(svg, onBrush) {
    let bins = [], by = "day", span = null, brush = null, drag = null;
    const pad = 4;

    function width() { return svg.clientWidth || 600; }
    function height() { return svg.clientHeight || 86; }
    function x(ms) { return pad + (ms - span[0]) / Math.max(span[1] - span[0], DAY) * (width() - 2 * pad); }
    function ms(px) { return span[0] + (px - pad) / (width() - 2 * pad) * Math.max(span[1] - span[0], DAY); }
    function binEnd(start) {
      if (by === "day") return start + DAY;
      const d = new Date(start); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }

    function draw() {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      if (!bins.length) {
        const t = svgEl("text", { x: 10, y: 40, fill: "#778" }); t.textContent = "No dated events.";
        svg.appendChild(t); return;
      }
      const top = Math.max(...bins.map(b => b.count));
      const h = height() - 16;
      for (const b of bins) {
        const start = parse(b.start), x0 = x(start), x1 = Math.max(x(binEnd(start)) - 1, x0 + 1);
        const barH = Math.max(1, b.count / top * h);
        const inBrush = brush && start <= parse(brush[1]) && binEnd(start) > parse(brush[0]);
        const rect = svgEl("rect", { x: x0, y: h - barH, width: x1 - x0, height: barH,
          class: inBrush ? "bar in" : "bar" });
        const title = svgEl("title", {});
        title.textContent = `${b.start}: ${b.count} events, ${b.fatalities} fatalities`;
        rect.appendChild(title);
        svg.appendChild(rect);
      }
      for (const [pos, label] of [[span[0], iso(span[0])], [span[1], iso(span[1])]]) {
        const t = svgEl("text", { x: pos === span[0] ? pad : width() - pad, y: height() - 3,
          "font-size": 10, fill: "#556", "text-anchor": pos === span[0] ? "start" : "end" });
        t.textContent = label; svg.appendChild(t);
      }
      if (brush) {
        const a = x(parse(brush[0])), b = x(parse(brush[1]) + DAY);
        svg.appendChild(svgEl("rect", { x: a, y: 0, width: Math.max(b - a, 2), height: h, class: "brush" }));
      }
    }

    function local(event) { return event.clientX - svg.getBoundingClientRect().left; }
    svg.addEventListener("pointerdown", e => {
      if (!span) return;
      drag = local(e); svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", e => {
      if (drag === null) return;
      const a = Math.min(drag, local(e)), b = Math.max(drag, local(e));
      brush = [iso(ms(a)), iso(ms(b))]; draw();
    });
    svg.addEventListener("pointerup", e => {
      if (drag === null) return;
      const a = Math.min(drag, local(e)), b = Math.max(drag, local(e));
      drag = null;
      if (b - a < 3) { brush = null; draw(); onBrush(null, null); return; }  // a click clears
      brush = [iso(ms(a)), iso(ms(b))]; draw(); onBrush(brush[0], brush[1]);
    });
    window.addEventListener("resize", draw);

    return {
      /* data: {by, bins: [{start, count, fatalities}]} */
      set(data) {
        bins = data.bins; by = data.by;
        span = bins.length ? [parse(bins[0].start), binEnd(parse(bins[bins.length - 1].start)) - DAY] : null;
        draw();
      },
      clear() { brush = null; draw(); },
      get brush() { return brush; },
    };
  }
  return { create };
})();
