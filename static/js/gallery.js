/* The photo viewer of an article's gallery (templates/gallery/gallery.html).
 *
 * Without this script every thumbnail is a plain link to the full photo. With it, a
 * thumbnail opens the photo in a modal <dialog>: arrows (or the buttons, or a swipe on a
 * phone) go to the previous and next photo, Escape (or Close, or a click beside the photo)
 * closes it, and the focus goes back to the thumbnail of the photo last shown.
 */
(function () {
  "use strict";
  var gallery = document.querySelector("[data-gallery]");
  if (!gallery || typeof HTMLDialogElement !== "function") return;
  var links = Array.prototype.slice.call(gallery.querySelectorAll(".gallery__link"));
  if (!links.length) return;
  var labels = gallery.dataset;

  function button(className, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "viewer__button " + className;
    element.setAttribute("aria-label", label);
    element.textContent = text;
    return element;
  }

  var dialog = document.createElement("dialog");
  dialog.className = "viewer";
  dialog.setAttribute("aria-label", labels.labelViewer);
  var figure = document.createElement("figure");
  figure.className = "viewer__figure";
  var image = document.createElement("img");
  image.className = "viewer__image";
  var caption = document.createElement("figcaption");
  caption.className = "viewer__caption";
  var count = document.createElement("p");
  count.className = "viewer__count";
  count.setAttribute("aria-live", "polite");
  var previous = button("viewer__previous", labels.labelPrevious, "\u2039");
  var next = button("viewer__next", labels.labelNext, "\u203a");
  var close = button("viewer__close", labels.labelClose, "\u00d7");
  figure.appendChild(image);
  figure.appendChild(caption);
  [close, figure, count, previous, next].forEach(function (part) { dialog.appendChild(part); });
  document.body.appendChild(dialog);

  var current = 0;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    image.removeAttribute("srcset");
    image.src = link.href;
    if (link.dataset.srcset) {
      image.sizes = "100vw";
      image.srcset = link.dataset.srcset;
    }
    image.alt = thumb ? thumb.alt : "";
    caption.textContent = link.dataset.caption || "";
    caption.hidden = !caption.textContent.trim();
    count.textContent = labels.labelCount
      .replace("%(number)s", current + 1)
      .replace("%(total)s", links.length);
  }

  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      show(index);
      dialog.showModal();
      close.focus();
    });
  });
  previous.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  close.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
  });
  // A click on the backdrop (the dialog itself, outside the photo and the buttons).
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", function () { links[current].focus(); });

  var touchX = null;
  dialog.addEventListener("touchstart", function (event) {
    touchX = event.changedTouches[0].clientX;
  }, { passive: true });
  dialog.addEventListener("touchend", function (event) {
    if (touchX === null) return;
    var moved = event.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(moved) > 40) show(current + (moved < 0 ? 1 : -1));
  }, { passive: true });
})();
