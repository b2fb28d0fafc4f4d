/**
 * The second layer: one switch per purpose and per service, all off until the visitor
 * switches them on (R17, R21); the necessary purpose shown on and disabled; an objection box
 * for exempt audience measurement (R42). "Enregistrer mes choix" with nothing switched on is
 * a refusal (R18). Reopened later, it shows the stored choice (R30).
 *
 * It is a modal <dialog>: the page behind is inert, focus stays inside (R61), and Escape
 * closes it without granting anything (R03, R62). It is built on first use only.
 */

import { actionButtons } from "./banner.js";
import { fill, h, trapFocus, uid } from "./dom.js";

/**
 * A labelled switch (a native checkbox, so its role, name and state are exposed, R68).
 * @param {string} label
 * @param {Record<string, any>} attrs
 * @param {string} [describedBy]
 */
function toggle(label, attrs, describedBy) {
  const id = uid();
  const input = h("input", { type: "checkbox", id, "aria-describedby": describedBy, ...attrs });
  return h("div", { class: "cy-row" }, input, h("label", { for: id }, label));
}

/**
 * Build the preferences dialog for the current choice.
 * @param {import("./main.js").State} state
 * @param {(action: string, purposes?: Record<string, boolean>, services?: Record<string, boolean>) => void} act
 * @returns {HTMLDialogElement}
 */
export function buildPreferences(state, act) {
  const t = state.texts;
  const config = state.config;
  const title = uid();
  const intro = uid();
  const choice = state.choice;
  const body = h(
    "div",
    { class: "cy-body" },
    h("h2", { id: title, class: "cy-title" }, t.prefs_title),
    h("p", { id: intro }, t.prefs_intro)
  );

  for (const purpose of config.purposes) {
    const descId = uid();
    const [name, description] = t.purposes[purpose];
    const necessary = purpose === "necessary";
    const section = h(
      "section",
      { class: "cy-purpose" },
      toggle(
        name,
        necessary
          ? { checked: true, disabled: true }
          : { "data-consentry-category": purpose, checked: !!choice && choice.purposes[purpose] },
        descId
      ),
      h("p", { id: descId }, description, necessary ? ` (${t.always_on})` : "")
    );
    const list = h("ul", { class: "cy-services" });
    for (const s of config.services.filter((x) => x.purpose === purpose)) {
      const link = h("a", { href: s.privacy, target: "_blank", rel: "noopener" }, t.privacy);
      const label = `${s.name} — ${s.provider}`;
      if (s.kind === 1)
        list.append(
          h("li", {}, toggle(label, { "data-consentry-service": s.id, checked: !!choice && choice.services[s.id] }), link)
        );
      else if (s.kind === 2)
        list.append(
          h(
            "li",
            {},
            h("p", {}, label, ". ", fill(t.exempt, { service: s.name })),
            toggle(fill(t.optout, { service: s.name }), {
              "data-consentry-optout": s.id,
              checked: !!choice && choice.services[s.id] === false,
            }),
            link
          )
        );
      else list.append(h("li", {}, label, " ", link));
    }
    section.append(list);
    body.append(section);
  }

  const boxes = (attr) => [...body.querySelectorAll(`input[${attr}]`)];
  /** A purpose switch drives its services; a service switch shows on its purpose (mixed). */
  function sync(changed) {
    const purpose = changed.getAttribute("data-consentry-category");
    const own = (p) =>
      boxes("data-consentry-service").filter(
        (b) => config.services.find((s) => s.id === b.getAttribute("data-consentry-service")).purpose === p
      );
    if (purpose) for (const b of own(purpose)) b.checked = changed.checked;
    for (const box of boxes("data-consentry-category")) {
      const services = own(box.getAttribute("data-consentry-category"));
      if (!services.length) continue;
      const on = services.filter((b) => b.checked).length;
      box.checked = on === services.length;
      box.indeterminate = on > 0 && on < services.length;
    }
  }
  body.addEventListener("change", (event) => sync(event.target));
  for (const box of boxes("data-consentry-service")) if (box.checked) sync(box);

  function save(action) {
    if (action !== "save") return act(action);
    const purposes = {};
    const services = {};
    for (const b of boxes("data-consentry-category")) purposes[b.getAttribute("data-consentry-category")] = b.checked;
    for (const b of boxes("data-consentry-service")) services[b.getAttribute("data-consentry-service")] = b.checked;
    for (const b of boxes("data-consentry-optout")) services[b.getAttribute("data-consentry-optout")] = !b.checked;
    act("save", purposes, services);
  }

  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      "dialog",
      {
        "data-consentry": "preferences",
        "aria-labelledby": title,
        "aria-describedby": intro,
        lang: state.lang,
        tabindex: "-1",
        class: "cy cy-prefs",
      },
      body,
      actionButtons(t, save, "save"),
      h("button", { type: "button", class: "cy-close", "aria-label": t.close_prefs, onclick: () => dialog.close() }, "×")
    )
  );
  trapFocus(dialog);
  return dialog;
}
