// onrecord charts: draws every <figure data-chart> from its JSON island with Observable Plot.
// Loaded by app.js only on pages that have a chart. The figure's own table (in <details>) is the
// no-JavaScript and screen-reader view, so the drawing is decoration over the same numbers.
(function () {
  "use strict";
  var Plot = window.Plot, d3 = window.d3;
  if (!Plot || !d3) return;

  var IV = { day: d3.utcDay, month: d3.utcMonth, year: d3.utcYear };
  var FMT = { day: d3.utcFormat("%-d %b %Y"), month: d3.utcFormat("%b %Y"), year: d3.utcFormat("%Y") };
  var SERIES = ["#1f5f8b", "#b4501a", "#3b7d4f", "#7a4e9c"];
  var LANES = ["commits", "hedges", "rejects"];
  var LANE_COLOR = { commits: "#3b7d4f", hedges: "#8a7a2f", rejects: "#a33a4a" };
  var WARM = "#b4501a";
  var FONT = 13;  // px; the stylesheet sets the same size on the SVG text

  function day(s) { return new Date(s + "T00:00:00Z"); }
  // Same short amounts as the server's tables: 1.5 bn, 583.3 m, 12 k.
  function num(v) {
    var a = Math.abs(v), units = [[1e9, " bn"], [1e6, " m"], [1e3, " k"]];
    for (var i = 0; i < units.length; i++) {
      if (a >= units[i][0]) return d3.format(",.1~f")(v / units[i][0]) + units[i][1];
    }
    return d3.format(",~r")(v);
  }
  // Roughly one tick per 80 px: month names never run into each other on a phone.
  function ticks(width) { return Math.max(2, Math.floor(width / 80)); }

  function volume(spec, width) {
    var iv = IV[spec.interval], fmt = FMT[spec.interval];
    var panels = spec.series.map(function (s) {
      return s.rows.map(function (r) {
        var t = day(r[0]);
        return { t1: t, t2: iv.offset(t, 1), n: r[1], name: s.name };
      });
    });
    var all = [].concat.apply([], panels);
    if (!all.length) return [];
    var lo = d3.min(all, function (d) { return d.t1; }), hi = d3.max(all, function (d) { return d.t2; });
    if (hi - lo < 864e5 * 3) { lo = iv.offset(lo, -1); hi = iv.offset(hi, 1); }
    return panels.map(function (rows, i) {
      var name = spec.series[i].name;
      if (!rows.length) return null;
      return Plot.plot({
        width: width, height: 150, marginLeft: 44, marginTop: 22, marginRight: 14,
        x: { type: "utc", domain: [lo, hi], label: null, ticks: ticks(width) },
        y: { grid: true, label: name, labelAnchor: "top", labelArrow: "none", ticks: 3, tickFormat: num },
        marks: [
          Plot.rectY(rows, {
            x1: "t1", x2: "t2", y: "n", fill: SERIES[i % SERIES.length], insetLeft: 0.5, insetRight: 0.5,
            title: function (d) { return fmt(d.t1) + ": " + num(d.n) + " " + name; }, tip: true
          }),
          Plot.ruleY([0], { stroke: "#8a949c" })
        ]
      });
    }).filter(Boolean);
  }

  function timeline(spec, width) {
    var pts = spec.points.map(function (p) { return Object.assign({ x: day(p.t) }, p); });
    var x = { type: "utc", label: null, ticks: ticks(width), inset: 10 };
    var tip = { href: "href", title: "label", tip: true };
    // Each dot says its day (Plot binds the row index to the element): tests and tools can
    // check positions against the data without reading the tooltip.
    function dated(svg) {
      svg.querySelectorAll("circle").forEach(function (c) {
        var p = pts[c.__data__];
        if (typeof c.__data__ === "number" && p) c.setAttribute("data-date", p.t);
      });
      return [svg];
    }
    if (spec.lanes) {
      var arrows = spec.shifts.map(function (s) { return { x1: day(s.t1), y1: s.l1 || "hedges", x2: day(s.t2), y2: s.l2 || "hedges" }; });
      return dated(Plot.plot({
        width: width, height: 200, marginLeft: 74, marginRight: 16,
        x: x, y: { type: "point", domain: LANES, label: null, inset: 8 },
        marks: [
          Plot.ruleY(LANES, { stroke: "#e3e7ea" }),
          Plot.line(pts, { x: "x", y: function (d) { return d.lane || "hedges"; }, stroke: "#b8c2ca", strokeWidth: 1.5 }),
          Plot.arrow(arrows, { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: WARM, strokeWidth: 2.5, strokeDasharray: "5 3", inset: 9, bend: true }),
          Plot.dot(pts, Object.assign({
            x: "x", y: function (d) { return d.lane || "hedges"; }, r: 6, stroke: "white", strokeWidth: 1.5,
            fill: function (d) { return LANE_COLOR[d.lane] || "#5d6873"; }
          }, tip)),
          // the statement a shift ends on gets a warm ring
          Plot.dot(pts, {
            filter: "shift", x: "x", y: function (d) { return d.lane || "hedges"; }, r: 8, stroke: WARM, strokeWidth: 3
          })
        ]
      }));
    }
    // piles: how many dots share a dot-wide column decides the height, so none is cut off
    var r = 4.5, lo = d3.min(pts, function (d) { return d.x; }), hi = d3.max(pts, function (d) { return d.x; });
    var cols = Math.max(1, Math.floor((width - 40) / (2 * r + 1))), span = Math.max(1, hi - lo);
    var pile = d3.max(d3.rollup(pts, function (v) { return v.length; }, function (d) { return Math.floor((d.x - lo) / span * cols); }).values());
    var need = 50 + pile * 2 * r * 0.9 + 2 * r;
    if (need > 420) {
      // too many on one day for a pile to fit: count them per day, week or month instead
      var days = span / 864e5, unit = days <= 92 ? "day" : days <= 730 ? "week" : "month";
      return [Plot.plot({
        width: width, height: 180, marginLeft: 44, marginTop: 22, marginRight: 14,
        x: { type: "utc", label: null, ticks: ticks(width) },
        y: { grid: true, label: "statements per " + unit, labelAnchor: "top", labelArrow: "none", ticks: 4, tickFormat: num },
        marks: [
          Plot.rectY(pts, Plot.binX({ y: "count" }, { x: "x", interval: unit, fill: "#1f5f8b", inset: 0.5, tip: true })),
          Plot.ruleY([0], { stroke: "#8a949c" })
        ]
      })];
    }
    var height = Math.max(110, need);
    return dated(Plot.plot({
      width: width, height: height, marginLeft: 16, marginRight: 16, marginTop: 10,
      x: x,
      marks: [
        Plot.frame({ anchor: "bottom", stroke: "#8a949c" }),
        Plot.dot(pts, Plot.dodgeY(Object.assign({
          x: "x", r: r, anchor: "bottom", padding: 1,
          fill: function (d) { return d.shift ? WARM : "#1f5f8b"; }, stroke: "white", strokeWidth: 1
        }, tip)))
      ]
    }));
  }

  // Label above each bar, at full length: long names wrap onto a second line instead of
  // being cut to "con Valley Commun…".
  function labelled(rows, width, barMark, xOpts) {
    var band = 50;
    return Plot.plot({
      width: width, height: rows.length * band + 36, marginLeft: 8, marginRight: 18, marginTop: 30,
      x: xOpts,
      y: { domain: rows.map(function (d) { return d.key; }), axis: null, padding: 0 },
      marks: [
        barMark,
        Plot.text(rows, {
          y: "key", text: "text", frameAnchor: "left", textAnchor: "start", lineAnchor: "bottom",
          dy: -4, lineWidth: Math.max(10, (width - 30) / FONT * 1.6), fill: "#1d2329"
        })
      ]
    });
  }

  function bars(spec, width) {
    var rows = spec.rows.map(function (d, i) { return Object.assign({ key: i }, d); });
    var x = { grid: true, label: null, ticks: ticks(width), tickFormat: num, axis: "top" };
    return [labelled(rows, width, Plot.barX(rows, {
      x: "value", y: "key", fill: SERIES[0], insetTop: 27, insetBottom: 5, title: "text"
    }), x)];
  }

  function roles(spec, width) {
    var rows = spec.rows.map(function (d, i) {
      var a = day(d.a), b = d3.utcDay.offset(day(d.b), 1);
      return { key: i, a: a, b: b, text: d.label, title: d.label + ": " + d.a + " – " + d.b };
    });
    var x = { type: "utc", grid: true, label: null, ticks: ticks(width), axis: "top" };
    return [labelled(rows, width, Plot.barX(rows, {
      x1: "a", x2: "b", y: "key", fill: SERIES[2], insetTop: 27, insetBottom: 5, title: "title"
    }), x)];
  }

  var KINDS = { volume: volume, timeline: timeline, bars: bars, roles: roles };

  function draw(fig) {
    var box = fig.querySelector(".chart-plot"), data = fig.querySelector("script.chart-data");
    if (!box || !data) return;
    var width = Math.floor(box.clientWidth);
    if (!width || width === +box.getAttribute("data-width")) return;
    var spec;
    try { spec = JSON.parse(data.textContent); } catch (e) { return; }
    var make = KINDS[spec.kind];
    if (!make) return;
    var nodes = make(spec, width);
    box.textContent = "";
    nodes.forEach(function (node) {
      // Plot puts its default look in an inline <style>, which our CSP refuses (and logs):
      // drop it before it reaches the page; style.css carries the same rules.
      node.querySelectorAll("style").forEach(function (s) { s.remove(); });
      // The dots link to the statements that the page lists as text anyway: keep them out of
      // the tab order so keyboard users reach the content first.
      node.querySelectorAll("a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
      node.setAttribute("aria-hidden", "true");
      box.appendChild(node);
    });
    box.setAttribute("data-width", String(width));
    fig.classList.add("drawn");
  }

  function drawAll() { document.querySelectorAll("figure[data-chart]").forEach(draw); }
  drawAll();
  // for bench/bench_charts.py: when the reader first sees the charts
  if (window.performance && performance.mark) performance.mark("onrecord:charts-drawn");
  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(drawAll, 150);
  });
})();
