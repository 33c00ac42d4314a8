// The explorer's item list follows the chosen breakdown; with none, it is disabled.
"use strict";
(function () {
  function sync() {
    var kind = document.getElementById("breakdown").value;
    var code = document.getElementById("code");
    var any = false;
    code.querySelectorAll("optgroup").forEach(function (group) {
      var on = group.dataset.kind === kind;
      group.hidden = !on;
      group.disabled = !on;
      if (on) any = true;
    });
    var chosen = code.selectedOptions[0];
    if (chosen && chosen.dataset.kind && chosen.dataset.kind !== kind) code.value = "";
    code.disabled = !any;
    code.options[0].textContent = any ? "(all items)" : "(choose with a breakdown)";
  }
  function init() {
    var breakdown = document.getElementById("breakdown");
    if (!breakdown) return;
    breakdown.addEventListener("change", sync);
    sync();
    // keep the permalink short: empty fields are left out of the query string
    breakdown.form.addEventListener("submit", function () {
      breakdown.form.querySelectorAll("input, select").forEach(function (field) {
        if (!field.value) field.disabled = true;
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
