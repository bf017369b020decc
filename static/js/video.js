/* Video players load only when the reader asks (core/video.py): until then the page shows
   a poster from this site and a play link to the video's own page (which is what works
   without JavaScript). A press replaces the poster with the player's iframe. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var play = event.target.closest ? event.target.closest(".video__play") : null;
    var frame = play && play.closest("[data-video-player]");
    if (!frame) { return; }
    event.preventDefault();
    var player = document.createElement("iframe");
    player.src = frame.getAttribute("data-video-player");
    player.title = frame.getAttribute("data-video-title") || play.textContent.trim();
    player.className = "video__player";
    player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    player.allowFullscreen = true;
    player.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChildren(player);
    player.focus();
  });
})();
