// Autosaving forms (keuzemodel, Mijn situatie): show the state of every save, say clearly
// when one failed, and keep people from leaving while typed text is not saved yet.
(function () {
  "use strict";

  var MESSAGES = {
    pending: "Wijziging wordt bewaard…",
    busy: "Bezig met opslaan…",
    failed: "Niet opgeslagen. Je invoer staat er nog; controleer je verbinding en probeer het opnieuw."
  };

  function stateOf(element) {
    var form = element.closest("form");
    return form && form.querySelector(".save-state");
  }

  function show(element, kind, text) {
    var state = stateOf(element);
    if (state) state.innerHTML = '<span class="save-' + kind + '">' + text + "</span>";
  }

  function setApplied(input) {
    var card = input.closest(".answer");
    if (!card) return;
    var applies = input.type === "radio" ? input.checked && input.value === "1" : input.checked;
    card.classList.toggle("is-applied", applies);
    if (input.type === "radio") card.classList.toggle("is-not-applied", input.checked && input.value === "0");
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches(".answer input[name=applies]")) { setApplied(target); return; }
    if (target.matches(".answer input[type=radio]")) {
      // Rating an item says it applies: tick it (or choose "past bij mijn werk"), as the server does.
      var card = target.closest(".answer");
      var box = card.querySelector("input[name=applies][type=checkbox], input[name=applies][value='1'][type=radio]");
      if (box && !box.checked) { box.checked = true; setApplied(box); }
    }
  });

  // Typed text waits a moment before it is sent; until then the form is "dirty".
  document.addEventListener("input", function (event) {
    var form = event.target.closest("form.autosave");
    if (form && event.target.matches("textarea, input[type=text]")) {
      form.dataset.dirty = "1";
      show(event.target, "busy", MESSAGES.pending);
    }
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    show(event.target, "busy", MESSAGES.busy);
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form.autosave");
    if (form && event.detail.successful) delete form.dataset.dirty;
  });

  // Network errors and server failures are not swapped in by htmx, so we say it ourselves.
  // 409 and 422 carry the server's own message, which htmx has already shown.
  function failed(event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && (xhr.status === 409 || xhr.status === 422)) return;
    show(event.target, "error", MESSAGES.failed);
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.autosave[data-dirty]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
