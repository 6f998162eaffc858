// Keuzemodel: show the levels only for ticked items, and say clearly when a save failed.
(function () {
  "use strict";

  function setApplied(checkbox) {
    var card = checkbox.closest(".answer");
    if (card) card.classList.toggle("is-applied", checkbox.checked);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches(".answer input[name=applies][type=checkbox]")) setApplied(target);
    if (target.matches(".answer input[type=radio]")) {
      // Rating an item says it applies: tick it, as the server does.
      var box = target.closest(".answer").querySelector("input[name=applies][type=checkbox]");
      if (box && !box.checked) { box.checked = true; setApplied(box); }
    }
  });

  function stateOf(element) {
    var form = element.closest("form");
    return form && form.querySelector(".save-state");
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var state = stateOf(event.target);
    if (state) state.innerHTML = '<span class="save-busy">' + (state.dataset.busy || "Bezig met opslaan…") + "</span>";
  });

  // Network errors and server failures: htmx does not swap those, so we say it ourselves.
  function failed(event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && (xhr.status === 409 || xhr.status === 422)) return; // the server's own message was swapped in
    var state = stateOf(event.target);
    if (state) {
      state.innerHTML = '<span class="save-error">' +
        (state.dataset.failed || "Niet opgeslagen. Je invoer staat er nog; controleer je verbinding en probeer het opnieuw.") +
        "</span>";
    }
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
})();
