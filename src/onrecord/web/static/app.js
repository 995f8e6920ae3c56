// onrecord: tiny progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box, as on most news sites and code hosts.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    var box = document.querySelector(".top-search input");
    if (box) { ev.preventDefault(); box.focus(); }
  });
  // Bring the highlighted span into the middle of the screen rather than the top edge.
  window.addEventListener("load", function () {
    var hl = document.getElementById("hl");
    if (hl && location.hash === "#hl") hl.scrollIntoView({ block: "center" });
  });
  // The chart library (~0.5 MB) only on pages with a chart, in order: Plot needs the global d3.
  if (document.querySelector("figure[data-chart]")) {
    var queue = ["/static/vendor/d3/d3.min.js", "/static/vendor/plot/plot.umd.min.js", "/static/charts.js"];
    var next = function () {
      var src = queue.shift();
      if (!src) return;
      var s = document.createElement("script");
      s.src = src;
      s.onload = next;
      document.head.appendChild(s);
    };
    next();
  }
})();
