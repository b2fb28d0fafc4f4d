/**
 * The small things around the dialogs: the status line that announces a saved choice (R69),
 * the notice shown instead of the banner when Global Privacy Control was honoured (R47), and
 * the floating "Gérer mes cookies" button that reopens the preferences from any page (R29).
 */

import { h } from "./dom.js";

/**
 * A polite live region, present from the start so that screen readers announce what is
 * later written into it (WCAG 4.1.3). Visually hidden.
 * @param {import("./main.js").State} state
 */
export function createStatus(state) {
  const region = h("div", { role: "status", class: "cy cy-sr", lang: state.lang });
  document.body.append(region);
  return {
    /** @param {string} text */
    say(text) {
      region.textContent = text;
    },
  };
}

/**
 * The GPC notice: not a question, a statement with a way to the preferences and a way to
 * dismiss it.
 * @param {import("./main.js").State} state
 */
export function showGpcNotice(state) {
  const t = state.texts;
  const notice = h("div", { role: "status", class: "cy cy-notice", lang: state.lang });
  document.body.prepend(notice);
  // Filled after insertion, so that assistive technology announces it.
  requestAnimationFrame(() =>
    notice.append(
      h("p", {}, t.gpc),
      h(
        "div",
        { class: "cy-actions" },
        h("button", { type: "button", class: "cy-btn", "data-consentry-open": "", onclick: () => notice.remove() }, t.customize),
        h("button", { type: "button", class: "cy-btn", onclick: () => notice.remove() }, t.dismiss)
      )
    )
  );
}

/**
 * The floating button, shown once a choice exists (the banner asks before that).
 * @param {import("./main.js").State} state
 */
export function showFloatingButton(state) {
  if (!state.config.float || document.querySelector(".cy-float")) return;
  document.body.append(
    h("button", { type: "button", class: "cy cy-btn cy-float", "data-consentry-open": "", lang: state.lang }, state.texts.manage)
  );
}
