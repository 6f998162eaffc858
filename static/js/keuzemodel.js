// Autosaving forms (keuzemodel, Mijn situatie): show the state of every save, say clearly
// when one failed, and keep people from leaving while typed text is not saved yet.
(function () {
  "use strict";

  var MESSAGES = {
    pending: "Wijziging wordt bewaard…",
    busy: "Bezig met opslaan…",
    failed: "Niet opgeslagen. Je invoer staat er nog; controleer je verbinding en probeer het opnieuw.",
    taken: "De opgeslagen versie staat er weer."
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
    if (target.matches(".answer input[type=radio]") || (target.matches(".answer input[name=kerntaken]") && target.checked)) {
      // Rating an item, or ticking one of its kerntaken, says it applies: tick it (or choose
      // "past bij mijn werk"), as the server does.
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

  // Two tabs: the server sent both versions (_conflict.html). "Houd wat ik invulde" sends the form
  // again over the stored revision; "Neem de opgeslagen versie" puts the stored answer in the form.
  // Pressing a choice must not take the focus from the text box: leaving it would send the old
  // revision once more, and its answer would replace the buttons under the pointer.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("button[data-conflict]")) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-conflict]");
    if (!button) return;
    var form = button.closest("form.autosave");
    var revision = form && form.querySelector("input[name=revision]");
    if (!revision) return;
    var data = button.dataset;
    if (data.conflict === "keep") {
      var resend = function () {
        revision.value = data.revision;
        revision.dispatchEvent(new Event("change", { bubbles: true }));
      };
      // Leaving the text box to click may have sent the old revision once more: resend after it.
      if (!form.classList.contains("htmx-request")) { resend(); return; }
      form.addEventListener("htmx:afterRequest", function done(event) {
        if (event.detail.elt !== form) return;
        form.removeEventListener("htmx:afterRequest", done);
        window.setTimeout(resend, 0);
      });
      return;
    }
    revision.value = data.revision;
    form.querySelectorAll("input[name=applies]").forEach(function (input) {
      if (input.type === "checkbox") input.checked = data.applies === "1";
      if (input.type === "radio") input.checked = input.value === data.applies;
      if (input.checked || input.type === "checkbox") setApplied(input);
    });
    ["current", "desired"].forEach(function (name) {
      form.querySelectorAll("input[name=" + name + "]").forEach(function (input) {
        input.checked = input.value === data[name];
      });
    });
    var note = form.querySelector("textarea[name=note]");
    if (note) note.value = data.note;
    delete form.dataset.dirty;
    show(button, "ok", MESSAGES.taken);
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.autosave[data-dirty]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
