// Marks that JavaScript runs (fallback save buttons hide), opens side navigation
// (<details class="toc-details">) on wide screens only, shows "this table scrolls sideways"
// only where a table is really wider than its box, and keeps a plain form from being sent
// twice by a double click (the server also refuses double submits).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var wide = window.matchMedia("(min-width: 992px)").matches;
  document.querySelectorAll("details.toc-details").forEach(function (details) {
    details.open = wide;
  });
  var hints = document.querySelectorAll("[data-scroll-hint]");
  function showHints() {
    hints.forEach(function (hint) {
      var box = hint.nextElementSibling;
      hint.hidden = !box || box.scrollWidth <= box.clientWidth + 1;
    });
  }
  if (hints.length) {
    showHints();
    window.addEventListener("resize", showHints);
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.hasAttribute("hx-post") || form.method.toLowerCase() !== "post") return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
});
