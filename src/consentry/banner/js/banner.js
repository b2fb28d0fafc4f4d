/**
 * The first layer: what is asked and why, then three identical buttons side by side —
 * "Tout refuser", "Tout accepter", "Personnaliser" (R12–R15) — then the policy link and the
 * way to the partner list, which opens without any choice (R08, R11).
 *
 * It is a non-modal dialog placed first in <body>: the page stays usable and readable (no
 * cookie wall, R05), and focus goes to the dialog itself, never to "accept" (R16).
 */

import { fill, h, uid } from "./dom.js";

/**
 * The three first-layer buttons, in tab order refuse → accept → customise (R13, R63).
 * @param {import("./main.js").Texts} t
 * @param {(action: string) => void} act
 */
export function actionButtons(t, act, third) {
  const button = (action, label) =>
    h("button", { type: "button", class: "cy-btn", "data-consentry-action": action, onclick: () => act(action) }, label);
  return h(
    "div",
    { class: "cy-actions" },
    button("reject-all", t.reject_all),
    button("accept-all", t.accept_all),
    button(third, third === "save" ? t.save : t.customize)
  );
}

/**
 * Build the first layer.
 * @param {import("./main.js").State} state
 * @param {(action: string) => void} act "reject-all" | "accept-all" | "customize" | "close"
 * @returns {HTMLElement}
 */
export function buildBanner(state, act) {
  const t = state.texts;
  const config = state.config;
  const title = uid();
  const description = uid();
  const partners = config.services.filter((s) => s.kind === 1).length;
  return h(
    "div",
    {
      "data-consentry": "banner",
      role: "dialog",
      "aria-modal": "false",
      "aria-labelledby": title,
      "aria-describedby": description,
      lang: state.lang,
      tabindex: "-1",
      class: "cy cy-banner",
    },
    h(
      "div",
      // Focusable, so that keyboard users can scroll it when it overflows (WCAG 2.1.1).
      { class: "cy-body", tabindex: "0", "aria-labelledby": title, role: "region" },
      h("h2", { id: title, class: "cy-title" }, t.title),
      h(
        "div",
        { id: description },
        h("p", {}, fill(t.intro, { site: t.site })),
        h(
          "ul",
          { class: "cy-purposes" },
          ...config.asked.map((id) =>
            h("li", {}, h("strong", {}, t.purposes[id][0]), " ", t.purposes[id][1])
          )
        ),
        h("p", {}, t.consequences, " ", t.withdraw),
        config.close && h("p", {}, t.close_notice)
      )
    ),
    actionButtons(t, act, "customize"),
    h(
      "p",
      { class: "cy-links" },
      h("a", { href: state.policyUrl }, t.policy),
      // Every partner, its purpose and privacy policy are listed in the preferences, which
      // open without any choice being made (R08).
      h(
        "button",
        { type: "button", class: "cy-link", "aria-haspopup": "dialog", onclick: () => act("customize") },
        fill(t.partners, { n: partners })
      )
    ),
    config.close &&
      h(
        "button",
        {
          type: "button",
          class: "cy-close",
          "data-consentry-action": "close",
          "aria-label": t.close,
          onclick: () => act("close"),
        },
        "×"
      )
  );
}
