// Keep a claim's provenance box inside the viewport (it is placed by CSS under the claim).
"use strict";
(function () {
  function place(claim) {
    var tip = claim.querySelector(".tip");
    if (!tip) return;
    tip.style.left = "0px";
    var rect = tip.getBoundingClientRect();
    var room = document.documentElement.clientWidth - 8;
    var shift = 0;
    if (rect.right > room) shift = room - rect.right;
    if (rect.left + shift < 8) shift = 8 - rect.left;
    tip.style.left = shift + "px";
  }
  function init() {
    document.querySelectorAll(".claim").forEach(function (claim) {
      claim.addEventListener("mouseenter", function () { place(claim); });
      claim.addEventListener("focus", function () { place(claim); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
