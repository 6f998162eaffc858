// Marks that JavaScript runs (fallback save buttons hide), and opens side navigation
// (<details class="toc-details">) on wide screens while keeping it folded on phones.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var wide = window.matchMedia("(min-width: 992px)").matches;
  document.querySelectorAll("details.toc-details").forEach(function (details) {
    details.open = wide;
  });
});
