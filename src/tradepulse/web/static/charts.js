// Draw every Vega-Lite spec on the page: <div class="vega" data-spec="ID"> reads the JSON
// of <script type="application/json" id="ID"> (data, never executed). No inline script.
"use strict";
(function () {
  function draw() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll("div.vega[data-spec]").forEach(function (el) {
      var source = document.getElementById(el.dataset.spec);
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      window
        .vegaEmbed(el, spec, {
          actions: false,
          defaultStyle: false,
          renderer: "svg",
          // the default tooltip style is injected as a <style> element, which the CSP
          // refuses: site.css styles #vg-tooltip-element instead
          tooltip: { theme: "custom", disableDefaultStyle: true },
          config: { font: "system-ui, sans-serif", view: { stroke: null } },
        })
        .then(function () { el.classList.add("drawn"); })
        .catch(function (err) {
          el.textContent = "The chart could not be drawn: " + err.message;
        });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
