// The board's Move dialog: open it when htmx has loaded a form into it, close it on
// Cancel or once a move has succeeded. Without this file, Move is a link to a page.
// And the scroll cue: a shadow on the edge of the board where more columns are hidden.
(function () {
  function showScrollCue() {
    var board = document.getElementById("board");
    if (!board) {
      return;
    }
    var frame = board.parentElement;
    var hidden = board.scrollWidth - board.clientWidth;
    frame.classList.toggle("has-more-start", board.scrollLeft > 1);
    frame.classList.toggle("has-more-end", hidden - board.scrollLeft > 1);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("board");
    if (board) {
      board.addEventListener("scroll", showScrollCue, { passive: true });
      window.addEventListener("resize", showScrollCue);
      showScrollCue();
    }
  });
  document.addEventListener("htmx:afterSettle", showScrollCue);

  function dialog() {
    return document.getElementById("move-dialog");
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = dialog();
    if (box && event.detail.target.id === "move-dialog-body" && !box.open) {
      box.showModal();
    }
  });

  // A successful move swaps the card (a failed one is sent back into the dialog).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var box = dialog();
    if (box && box.open && event.detail.target.id.indexOf("card-") === 0) {
      box.close();
    }
  });

  document.addEventListener("click", function (event) {
    var box = dialog();
    if (box && event.target.closest("[data-close-dialog]")) {
      box.close();
    }
  });
})();
