/* The gallery's rows in the article's admin form (gallery/admin.py): drag a photo's row
 * up or down to order the gallery; the "order" numbers follow (they can be typed too, and
 * are what the server saves). */
(function () {
  "use strict";
  function renumber(body) {
    var number = 0;
    // Only the photos already saved: a blank row stays blank (and unchanged).
    body.querySelectorAll("tr.gallery-row").forEach(function (row) {
      var input = row.querySelector("input[name$='-position']");
      if (input) input.value = number++;
    });
  }
  function setUp(group) {
    var body = group.querySelector("tbody");
    if (!body) return;
    var dragged = null;
    body.querySelectorAll("tr.form-row.has_original").forEach(function (row) {
      row.draggable = true;
      row.classList.add("gallery-row");
    });
    body.addEventListener("dragstart", function (event) {
      dragged = event.target.closest && event.target.closest("tr.gallery-row");
      if (!dragged) return;
      dragged.classList.add("gallery-row--dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    body.addEventListener("dragover", function (event) {
      var over = event.target.closest && event.target.closest("tr.gallery-row");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? over.nextSibling : over);
    });
    body.addEventListener("drop", function (event) { if (dragged) event.preventDefault(); });
    body.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("gallery-row--dragged");
      dragged = null;
      renumber(body);
    });
  }
  function start() {
    document.querySelectorAll(".gallery-inline").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
