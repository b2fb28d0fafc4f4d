/* Stand-in for Brevo's tracker sa.js (demo only): the sib_cuid first-party cookie and a
   page-view beacon to in-automate.sibautomation. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  var labels = location.hostname.split(".");
  var domain = labels.length > 2 ? "." + labels.slice(1).join(".") : location.hostname;
  var id = (document.cookie.match(/sib_cuid=([^;]+)/) || [])[1] || String(Math.random()).slice(2);
  document.cookie = "sib_cuid=" + id + "; Max-Age=" + 180 * 86400 + "; Path=/; Domain=" + domain + "; SameSite=Lax";
  new Image().src = origin.replace("//", "//in-automate.") + "/p?cuid=" + id + "&u=" + encodeURIComponent(location.href);
})();
