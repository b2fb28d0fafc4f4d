/**
 * Placeholders for what waits for consent, each naming the provider and the purpose with a
 * button that allows this service (R06):
 *
 * - gated embeds, `<iframe data-consentry-service="youtube" data-src="…">`: the placeholder
 *   takes the iframe's exact place and box (no layout shift), and refusing later puts it
 *   back, which unloads the frame at once (R31);
 * - slots of gated scripts, any `<div data-consentry-placeholder="linkedin">`: while the
 *   service is refused the slot shows the placeholder instead of its content (the share
 *   button or form the script would render there), and gets its content back when allowed.
 */

import { fill, h } from "./dom.js";

/** How an iframe's display maps to its placeholder's: a flex column in the same flow. */
const FLEX = { block: "flex", inline: "inline-flex", "inline-block": "inline-flex" };

/**
 * @param {import("./main.js").State} state
 * @param {(serviceId: string) => void} activate called when a placeholder's button is used
 * @returns {{run: () => void}}
 */
export function createEmbeds(state, activate) {
  /** @type {Map<HTMLIFrameElement, HTMLElement>} */
  const held = new Map();
  /** @type {Map<Element, Node[]>} what a slot held before its placeholder */
  const slots = new Map();

  /**
   * The placeholder's text and button for a service.
   * @param {string} id
   * @param {string} kind "cy-embed" (an iframe's box) or "cy-slot" (a script's slot)
   * @param {string} [extra] classes the placeholder keeps from the iframe
   */
  function placeholder(id, kind, extra = "") {
    const service = state.config.services.find((s) => s.id === id);
    const t = state.texts;
    const values = {
      service: service ? service.name : id,
      provider: service ? service.provider : id,
      purpose: service ? t.purposes[service.purpose][0] : "",
    };
    return h(
      "div",
      { class: `${extra} cy ${kind}`.trim(), lang: state.lang },
      h("p", {}, fill(t.embed, values)),
      h("button", { type: "button", class: "cy-btn", onclick: () => activate(id) }, fill(t.embed_button, values))
    );
  }

  /**
   * A placeholder in the iframe's box, including what the site's CSS gave it. CSSOM writes
   * are allowed by a strict CSP, unlike a style attribute.
   * @param {HTMLIFrameElement} frame
   */
  function frameBox(frame) {
    const box = placeholder(frame.getAttribute("data-consentry-service") || "", "cy-embed", frame.getAttribute("class") || "");
    const css = getComputedStyle(frame);
    const width = frame.offsetWidth || +frame.width || 300;
    const height = frame.offsetHeight || +frame.height || 150;
    // cssText first: the keys are set in this order.
    Object.assign(box.style, {
      cssText: frame.style.cssText,
      display: FLEX[css.display] || css.display,
      margin: css.margin,
      width: width + "px",
      aspectRatio: `${width} / ${height}`,
    });
    return box;
  }

  function run() {
    for (const [frame, box] of held)
      if (state.allows(frame.getAttribute("data-consentry-service") || "")) {
        held.delete(frame);
        if (!frame.src) frame.src = frame.getAttribute("data-src") || "";
        box.replaceWith(frame);
      }
    // Every frame is measured before any is replaced: one layout, not one per frame.
    for (const frame of /** @type {NodeListOf<HTMLIFrameElement>} */ (document.querySelectorAll("iframe[data-consentry-service]")))
      if (!state.allows(frame.getAttribute("data-consentry-service") || "")) held.set(frame, frameBox(frame));
      else if (!frame.getAttribute("src")) frame.src = frame.getAttribute("data-src") || "";
    for (const [frame, box] of held) if (frame.isConnected) frame.replaceWith(box);
    for (const slot of document.querySelectorAll("[data-consentry-placeholder]")) {
      const id = slot.getAttribute("data-consentry-placeholder") || "";
      const saved = slots.get(slot);
      if (state.allows(id)) {
        if (saved) slot.replaceChildren(...saved);
        slots.delete(slot);
      } else if (!saved) {
        slots.set(slot, [...slot.childNodes]);
        slot.replaceChildren(placeholder(id, "cy-slot"));
      }
    }
  }

  return { run };
}
