/* Stand-in for a self-hosted matomo.js (demo only): first-party _pk_id/_pk_ses cookies and a
   page-view hit to /matomo/matomo.php, as Matomo does in CNIL-exempt mode. */
(function () {
  var queue = window._paq || [];
  var site = "1";
  queue.forEach(function (command) { if (command[0] === "setSiteId") site = String(command[1]); });
  var suffix = "." + site + ".c0ffee";
  var visitor = (document.cookie.match(/_pk_id\.[^=]+=([0-9a-f]+)/) || [])[1] ||
    Array.from(crypto.getRandomValues(new Uint8Array(8)), function (b) { return (b + 256).toString(16).slice(1); }).join("");
  var now = Math.floor(Date.now() / 1000);
  document.cookie = "_pk_id" + suffix + "=" + visitor + "." + now + "; Max-Age=" + 395 * 86400 + "; Path=/; SameSite=Lax";
  document.cookie = "_pk_ses" + suffix + "=1; Max-Age=1800; Path=/; SameSite=Lax";
  new Image().src = "/matomo/matomo.php?idsite=" + site + "&rec=1&_id=" + visitor + "&url=" + encodeURIComponent(location.href);
})();
