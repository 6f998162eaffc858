// The goal form's list of items: a search box that narrows the groups to matching items
// (code or words, accents ignored) and opens the groups that hold a match. Without
// JavaScript the search box stays hidden and the groups open and close by hand.
(function () {
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-goal-items]").forEach(function (fieldset) {
      var search = fieldset.querySelector(".goal-item-search");
      var input = fieldset.querySelector("[data-goal-item-filter]");
      var count = fieldset.querySelector("[data-goal-item-count]");
      if (!search || !input) return;
      search.hidden = false;
      var groups = Array.prototype.slice.call(fieldset.querySelectorAll(".goal-item-group"));
      var wasOpen = groups.map(function (group) { return group.open; });
      input.addEventListener("input", function () {
        var words = plain(input.value).split(/\s+/).filter(Boolean);
        var shown = 0;
        groups.forEach(function (group, index) {
          var hits = 0;
          group.querySelectorAll(".goal-item").forEach(function (item) {
            var text = plain(item.textContent);
            var match = words.every(function (word) { return text.indexOf(word) !== -1; });
            item.hidden = !match;
            if (match) hits += 1;
          });
          group.hidden = words.length > 0 && hits === 0;
          group.open = words.length > 0 ? hits > 0 : wasOpen[index];
          shown += hits;
        });
        count.textContent = words.length ? fieldset.dataset.countText.replace("{n}", shown) : "";
      });
    });
  });
})();
