// Marks that JavaScript runs (fallback save buttons hide), opens side navigation
// (<details class="toc-details">) on wide screens only, and keeps a plain form from being
// sent twice by a double click (the server also refuses double submits).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var wide = window.matchMedia("(min-width: 992px)").matches;
  document.querySelectorAll("details.toc-details").forEach(function (details) {
    details.open = wide;
  });
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.hasAttribute("hx-post") || form.method.toLowerCase() !== "post") return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
});
