/* "Go back": use the browser history when the reader came from this site;
   without JavaScript the link's own href (the section, or a safe ?back= path) is used. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-history-back]") : null;
    if (!link) { return; }
    var cameFromHere = document.referrer && document.referrer.indexOf(window.location.origin + "/") === 0;
    if (cameFromHere && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
