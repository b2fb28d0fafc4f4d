var klaroConfig = {
  version: 1,
  elementID: "klaro",
  lang: "fr",
  storageMethod: "cookie",
  cookieName: "klaro",
  cookieExpiresAfterDays: 183,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  hideLearnMore: false,
  noticeAsModal: false,
  groupByPurpose: true,
  translations: {
    fr: {
      privacyPolicyUrl: "/policy",
      purposes: {
        functional: {title: "Nécessaires", description: "Indispensables au site (session, espace élève) ; ils ne peuvent pas être désactivés."},
        video: {title: "Vidéos des cours", description: "Lecteurs YouTube et Vimeo intégrés aux leçons."},
        audience: {title: "Mesure d'audience", description: "Statistiques de fréquentation pour améliorer les cours."},
        support: {title: "Lettre d'information et assistance", description: "Inscription à la lettre (Brevo) et discussion en ligne (Acme Chat)."},
        social: {title: "Partage sur les réseaux sociaux", description: "Boutons de partage LinkedIn et X."}
      },
      wordpress: {description: "Session, panier et espace élève (WordPress, MasterStudy LMS)."},
      matomo: {description: "Mesure d'audience hébergée par l'éditeur du site, exemptée de consentement ; vous pouvez vous y opposer."},
      "google-analytics": {description: "Outil de mesure d'audience de Google."},
      youtube: {description: "Lecteur des vidéos pédagogiques intégrées."},
      vimeo: {description: "Lecteur des vidéos pédagogiques intégrées."},
      brevo: {description: "Formulaire d'inscription à la lettre d'information et outil d'e-mailing."},
      "acme-chat": {description: "Discussion en ligne avec notre équipe."},
      linkedin: {description: "Bouton de partage vers LinkedIn."},
      x: {description: "Bouton de partage vers X (anciennement Twitter)."}
    }
  },
  services: [
    {name: "wordpress", title: "WordPress et MasterStudy LMS", purposes: ["functional"], required: true},
    {name: "matomo", title: "Matomo", purposes: ["audience"], optOut: true, default: true,
     cookies: [/^_pk_.*$/, "mtm_consent_removed"]},
    {name: "google-analytics", title: "Google Analytics", purposes: ["audience"],
     cookies: [/^_ga(_.*)?$/, "_gid", /^_gat/],
     onInit: "window.dataLayer=window.dataLayer||[];window.gtag=function(){dataLayer.push(arguments)};gtag('consent','default',{ad_storage:'denied',analytics_storage:'denied',ad_user_data:'denied',ad_personalization:'denied',wait_for_update:500});",
     onAccept: "gtag('consent','update',{analytics_storage:'granted'})",
     onDecline: "gtag('consent','update',{analytics_storage:'denied'})"},
    {name: "youtube", title: "YouTube", purposes: ["video"]},
    {name: "vimeo", title: "Vimeo", purposes: ["video"]},
    {name: "brevo", title: "Brevo", purposes: ["support"], cookies: ["sib_cuid"]},
    {name: "acme-chat", title: "Acme Chat", purposes: ["support"], cookies: ["acme_sid"]},
    {name: "linkedin", title: "LinkedIn", purposes: ["social"]},
    {name: "x", title: "X (Twitter)", purposes: ["social"]}
  ]
};
