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

/* Print: links in the content show their full address (print.css reads data-print-href). */
(function () {
  "use strict";
  var links = document.querySelectorAll(".content a[href]");
  for (var i = 0; i < links.length; i++) {
    links[i].setAttribute("data-print-href", links[i].href);
  }
})();
