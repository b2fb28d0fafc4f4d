function updateGtagConsent() {
  gtag('consent', 'update', {analytics_storage: CookieConsent.acceptedService('google-analytics', 'audience') ? 'granted' : 'denied'});
}
CookieConsent.run({
  hideFromBots: false,
  revision: 1,
  cookie: {name: "cc_cookie", expiresAfterDays: 183},
  guiOptions: {
    consentModal: {layout: "box", position: "bottom right", equalWeightButtons: true},
    preferencesModal: {layout: "box", equalWeightButtons: true}
  },
  onConsent: updateGtagConsent,
  onChange: updateGtagConsent,
  categories: {
    necessary: {enabled: true, readOnly: true},
    functional: {services: {youtube: {label: "YouTube"}, vimeo: {label: "Vimeo"}},
      autoClear: {cookies: [{name: "vuid"}]}},
    audience: {services: {"google-analytics": {label: "Google Analytics"}},
      autoClear: {cookies: [{name: /^_ga/}, {name: "_gid"}, {name: /^_gat/}]}},
    support: {services: {brevo: {label: "Brevo"}, "acme-chat": {label: "Acme Chat"}},
      autoClear: {cookies: [{name: "sib_cuid"}, {name: "acme_sid"}]}},
    social: {services: {linkedin: {label: "LinkedIn"}, x: {label: "X (Twitter)"}}}
  },
  language: {
    default: "fr",
    translations: {
      fr: {
        consentModal: {
          title: "Nous respectons votre vie privée",
          description: "MasterMI Learning et ses partenaires utilisent des traceurs pour afficher les vidéos des cours, mesurer l'audience, envoyer la lettre d'information, discuter avec vous et partager sur les réseaux sociaux. Vous pouvez tout accepter, tout refuser ou choisir, et changer d'avis à tout moment avec le lien « Gérer mes cookies ».",
          acceptAllBtn: "Tout accepter",
          acceptNecessaryBtn: "Tout refuser",
          showPreferencesBtn: "Personnaliser",
          footer: "<a href=\"/policy\">Politique de cookies</a> <a href=\"/policy#partenaires\">Liste des partenaires</a>"
        },
        preferencesModal: {
          title: "Vos choix de cookies",
          acceptAllBtn: "Tout accepter",
          acceptNecessaryBtn: "Tout refuser",
          savePreferencesBtn: "Enregistrer mes choix",
          closeIconLabel: "Fermer",
          serviceCounterLabel: "service|services",
          sections: [
            {title: "Utilisation des traceurs", description: "Choisissez, finalité par finalité ou service par service, les traceurs que vous autorisez. La mesure d'audience Matomo, exemptée de consentement, reste active ; vous pouvez vous y opposer sur la page de la politique de cookies."},
            {title: "Nécessaires", description: "Indispensables au site (session, espace élève : WordPress, MasterStudy LMS) ; ils ne peuvent pas être désactivés.", linkedCategory: "necessary"},
            {title: "Vidéos des cours", description: "Lecteurs YouTube et Vimeo intégrés aux leçons.", linkedCategory: "functional"},
            {title: "Mesure d'audience", description: "Google Analytics mesure la fréquentation du site.", linkedCategory: "audience"},
            {title: "Lettre d'information et assistance", description: "Inscription à la lettre (Brevo) et discussion en ligne (Acme Chat).", linkedCategory: "support"},
            {title: "Partage sur les réseaux sociaux", description: "Boutons de partage LinkedIn et X.", linkedCategory: "social"},
            {title: "Plus d'informations", description: "Pour toute question, <a href=\"/policy\">consultez notre politique de cookies</a>."}
          ]
        }
      }
    }
  }
});
