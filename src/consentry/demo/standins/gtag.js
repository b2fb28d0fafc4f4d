/* Stand-in for Google's gtag.js (demo only). Like the real tag it reads the dataLayer,
   honours Consent Mode, and when analytics storage is granted writes _ga and _ga_<ID> on
   the registrable domain and sends a page_view hit whose gcs parameter shows the consent. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  var collect = origin.replace("www.googletagmanager", "region1.google-analytics") + "/g/collect";
  var labels = location.hostname.split(".");
  var domain = labels.length > 2 ? "." + labels.slice(1).join(".") : location.hostname;
  var dataLayer = (window.dataLayer = window.dataLayer || []);
  var consent = { ad_storage: "denied", analytics_storage: "denied" };
  var measurementId = null;
  var sent = false;

  function cookie(name) {
    var found = document.cookie.split("; ").find(function (c) { return c.indexOf(name + "=") === 0; });
    return found ? found.slice(name.length + 1) : null;
  }
  function hit() {
    if (!measurementId || consent.analytics_storage !== "granted" || sent) return;
    sent = true;
    var now = Math.floor(Date.now() / 1000);
    var client = cookie("_ga") || "GA1.1." + Math.floor(Math.random() * 1e9) + "." + now;
    var age = "; Max-Age=" + 2 * 365 * 86400 + "; Path=/; Domain=" + domain + "; SameSite=Lax";
    document.cookie = "_ga=" + client + age;
    document.cookie = "_ga_" + measurementId.replace(/^G-/, "") + "=GS1.1." + now + ".1.0." + now + age;
    var gcs = "G1" + (consent.ad_storage === "granted" ? "1" : "0") + "1";
    new Image().src = collect + "?v=2&tid=" + measurementId + "&cid=" + client.slice(6) + "&gcs=" + gcs + "&en=page_view";
  }
  function handle(entry) {
    var args = Array.prototype.slice.call(entry);
    if (args[0] === "consent" && args[2]) {
      for (var key in args[2]) consent[key] = args[2][key];
      if (consent.analytics_storage !== "granted") sent = true; // withdrawn: no more hits
      else if (args[1] === "update") { sent = false; hit(); }
    }
    if (args[0] === "config") { measurementId = args[1]; hit(); }
  }
  dataLayer.forEach(handle);
  var push = dataLayer.push;
  dataLayer.push = function () {
    for (var i = 0; i < arguments.length; i++) handle(arguments[i]);
    return push.apply(dataLayer, arguments);
  };
})();
