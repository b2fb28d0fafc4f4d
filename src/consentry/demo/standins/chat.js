/* Stand-in for the Acme Chat widget (demo only): a first-party acme_sid cookie and a chat
   invitation in the slot the site reserved for it. */
(function () {
  var sid = (document.cookie.match(/acme_sid=([^;]+)/) || [])[1] || String(Math.random()).slice(2);
  document.cookie = "acme_sid=" + sid + "; Max-Age=" + 30 * 86400 + "; Path=/; SameSite=Lax";
  document.querySelectorAll("[data-acme-chat]").forEach(function (slot) {
    slot.textContent = "Acme Chat : un conseiller vous répond en direct.";
  });
})();
