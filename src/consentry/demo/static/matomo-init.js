/* The site's Matomo configuration (self-hosted, CNIL-exempt mode). */
var _paq = (window._paq = window._paq || []);
_paq.push(["setSiteId", "1"], ["setTrackerUrl", "/matomo/matomo.php"], ["trackPageView"]);
