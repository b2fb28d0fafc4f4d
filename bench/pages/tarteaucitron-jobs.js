tarteaucitron.services.acmechat = {
  "key": "acmechat",
  "type": "support",
  "name": "Acme Chat",
  "uri": "https://acme.example/privacy",
  "needConsent": true,
  "cookies": ["acme_sid"],
  "js": function () {
    "use strict";
    tarteaucitron.addScript("https://chat.acme.example/widget.js");
  }
};
tarteaucitron.user.matomoId = 1;
tarteaucitron.user.matomoHost = "/matomo/";
tarteaucitron.user.gtagUa = "${ga_id}";
tarteaucitron.user.sendinblueKey = "${brevo_key}";
(tarteaucitron.job = tarteaucitron.job || []).push("youtube", "vimeo", "matomo", "gtag", "sendinblue", "linkedin", "twitter", "acmechat");
