// The focused mode (one item at a time). Without JavaScript, "Vorige" and "Volgende" are submit
// buttons: the form is saved and the server sends you on. With it, every change has already been
// saved by the autosave (keuzemodel.js, htmx), so the buttons only wait for a save still under
// way, and stay put when it failed, so nothing typed is lost. A swipe left or right on the card
// presses "Volgende" or "Vorige".
(function () {
  "use strict";

  var form = document.querySelector(".focus-card form.autosave");
  if (!form || !window.htmx) return;

  function go(button) {
    var busy = form.dataset.dirty || form.classList.contains("htmx-request");
    if (!busy) { window.location.assign(button.value); return; }
    form.addEventListener("htmx:afterRequest", function done(event) {
      if (event.detail.elt !== form) return;
      form.removeEventListener("htmx:afterRequest", done);
      if (event.detail.successful) window.location.assign(button.value);
      else button.focus();
    });
    if (form.dataset.dirty && !form.classList.contains("htmx-request")) {
      form.querySelector("input[name=revision]").dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-focus-nav]");
    if (!button) return;
    event.preventDefault();
    go(button);
  });

  // Swipes: a mostly horizontal move of at least 60 px, not one that starts in the text box.
  var start = null;
  var card = form.closest(".focus-card");
  card.addEventListener("touchstart", function (event) {
    if (event.touches.length !== 1 || event.target.closest("textarea")) { start = null; return; }
    start = { x: event.touches[0].clientX, y: event.touches[0].clientY };
  }, { passive: true });
  card.addEventListener("touchend", function (event) {
    if (!start) return;
    var dx = event.changedTouches[0].clientX - start.x;
    var dy = event.changedTouches[0].clientY - start.y;
    start = null;
    if (Math.abs(dx) < 60 || Math.abs(dx) < 2 * Math.abs(dy)) return;
    var button = form.querySelector("button[data-focus-nav='" + (dx < 0 ? "next" : "prev") + "']");
    if (button) go(button);
  }, { passive: true });
})();
