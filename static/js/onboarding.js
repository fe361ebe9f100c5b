// The sign-up page's team picker: a "Search teams" box above the <select> that
// hides teams not matching what is typed (keeping their parents, so the tree still
// reads). Without this file the <select> works as it is.
(function () {
  "use strict";

  function normalise(text) {
    return text.trim().toLowerCase();
  }

  function enhance(select) {
    var field = select.closest(".field") || select.parentNode;
    var box = document.createElement("div");
    box.className = "team-filter";
    var id = select.id + "_filter";
    box.innerHTML =
      '<label for="' + id + '">Search teams</label>' +
      '<input type="search" id="' + id + '" autocomplete="off" aria-controls="' + select.id + '">' +
      '<p class="team-filter-status" role="status" aria-live="polite"></p>';
    field.insertBefore(box, select);
    var input = box.querySelector("input");
    var status = box.querySelector(".team-filter-status");
    var options = Array.prototype.filter.call(select.options, function (o) {
      return o.dataset.path;
    });

    input.addEventListener("input", function () {
      var query = normalise(input.value);
      var matches = options.filter(function (o) {
        return normalise(o.text).indexOf(query) !== -1;
      });
      options.forEach(function (o) {
        var shown = !query || matches.some(function (m) {
          return m.dataset.path.indexOf(o.dataset.path) === 0;
        });
        o.hidden = !shown;
        o.disabled = !shown;
      });
      if (!query) {
        status.textContent = "";
      } else if (matches.length === 0) {
        status.textContent = "No team matches \u201c" + input.value.trim() + "\u201d.";
      } else {
        status.textContent = matches.length === 1
          ? "1 team matches: " + matches[0].text.trim() + "."
          : matches.length + " teams match.";
      }
      if (matches.length === 1) {
        select.value = matches[0].value;
      } else if (select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-team-picker]").forEach(enhance);
  });
})();
