/* Stand-in for X's widgets.js (demo only): renders the share button and calls x.com, which
   sets guest_id on its own domain. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  document.querySelectorAll("[data-share=x]").forEach(function (slot) {
    var link = document.createElement("a");
    link.href = "https://x.com/intent/post?url=" + encodeURIComponent(location.href);
    link.textContent = "Partager sur X";
    link.className = "share-button";
    slot.replaceChildren(link);
  });
  new Image().src = origin.replace("platform.twitter.", "x.") + "/i/jot?u=" + encodeURIComponent(location.href);
})();
