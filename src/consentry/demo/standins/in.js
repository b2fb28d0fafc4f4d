/* Stand-in for LinkedIn's in.js (demo only): renders the share button and calls LinkedIn's
   own host (not the Insight Tag's, a service of its own), which sets bcookie and lidc. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  document.querySelectorAll("[data-share=linkedin]").forEach(function (slot) {
    var link = document.createElement("a");
    link.href = "https://www.linkedin.com/sharing/share-offsite/?url=" + encodeURIComponent(location.href);
    link.textContent = "Partager sur LinkedIn";
    link.className = "share-button";
    slot.replaceChildren(link);
  });
  new Image().src = origin.replace("platform.", "www.") + "/li/track?u=" + encodeURIComponent(location.href);
})();
