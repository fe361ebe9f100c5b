// @mention suggestions for comment textareas marked `data-mentions`.
// htmx asks the server on keyup; this file sends only the @word before the caret as
// ?q= (not the whole comment), and puts a clicked suggestion into the textarea.
// Comments work the same without it: mentions are typed by hand.
(function () {
  "use strict";

  var WORD_BEFORE_CARET = /(?:^|[\s(])@([A-Za-z0-9._%+-]*)$/;

  function wordBeforeCaret(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = before.match(WORD_BEFORE_CARET);
    return match ? match[1] : null;
  }

  function suggestionsFor(textarea) {
    var selector = textarea.getAttribute("hx-target");
    return selector ? document.querySelector(selector) : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var textarea = event.detail.elt;
    if (!textarea.matches || !textarea.matches("textarea[data-mentions]")) {
      return;
    }
    var word = wordBeforeCaret(textarea);
    if (!word) {
      event.preventDefault();
      var list = suggestionsFor(textarea);
      if (list) {
        list.replaceChildren();
      }
      return;
    }
    delete event.detail.parameters[textarea.name];
    event.detail.parameters.q = word;
  });

  document.addEventListener("click", function (event) {
    var choice = event.target.closest ? event.target.closest("[data-mention]") : null;
    if (!choice) {
      return;
    }
    var list = choice.closest(".mention-suggestions");
    var form = choice.closest("form");
    var textarea = form ? form.querySelector("textarea[data-mentions]") : null;
    if (!textarea) {
      return;
    }
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, caret);
    var after = textarea.value.slice(caret);
    var at = before.lastIndexOf("@");
    if (at < 0) {
      return;
    }
    var inserted = "@" + choice.getAttribute("data-mention") + " ";
    textarea.value = before.slice(0, at) + inserted + after.replace(/^[A-Za-z0-9._%+-]*/, "");
    var position = at + inserted.length;
    textarea.focus();
    textarea.setSelectionRange(position, position);
    if (list) {
      list.replaceChildren();
    }
  });
})();
