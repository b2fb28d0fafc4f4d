/**
 * Gated embeds: `<iframe data-consentry-service="youtube" data-src="…">` stays empty until its
 * service is allowed. Meanwhile a placeholder takes the iframe's exact place and box (no
 * layout shift), names the provider and the purpose, and offers a button that allows this
 * service and loads the embed (R06). Refusing later puts the placeholder back, which unloads
 * the frame at once (R31).
 */

import { fill, h } from "./dom.js";

/**
 * @param {import("./main.js").State} state
 * @param {(serviceId: string) => void} activate called when a placeholder's button is used
 * @returns {{run: () => void}}
 */
export function createEmbeds(state, activate) {
  /** @type {Map<HTMLIFrameElement, HTMLElement>} */
  const held = new Map();

  /** @param {HTMLIFrameElement} frame */
  function placeholder(frame) {
    const id = frame.getAttribute("data-consentry-service") || "";
    const service = state.config.services.find((s) => s.id === id);
    const t = state.texts;
    const values = {
      service: service ? service.name : id,
      provider: service ? service.provider : id,
      purpose: service ? t.purposes[service.purpose][0] : "",
    };
    const box = h(
      "div",
      { class: ((frame.getAttribute("class") || "") + " cy cy-embed").trim(), lang: state.lang },
      h("p", {}, fill(t.embed, values)),
      h(
        "button",
        { type: "button", class: "cy-btn", onclick: () => activate(id) },
        fill(t.embed_button, values)
      )
    );
    // Same box as the iframe, including what the site's CSS gave it. CSSOM writes are
    // allowed by a strict CSP, unlike a style attribute.
    const css = getComputedStyle(frame);
    const width = frame.offsetWidth || Number(frame.getAttribute("width")) || 300;
    const height = frame.offsetHeight || Number(frame.getAttribute("height")) || 150;
    box.style.cssText = frame.style.cssText;
    box.style.display = css.display === "inline" ? "inline-block" : css.display;
    box.style.margin = css.margin;
    box.style.width = width + "px";
    box.style.aspectRatio = `${width} / ${height}`;
    return box;
  }

  function run() {
    for (const [frame, box] of held)
      if (state.allows(frame.getAttribute("data-consentry-service") || "")) {
        held.delete(frame);
        if (!frame.src) frame.src = frame.getAttribute("data-src") || "";
        box.replaceWith(frame);
      }
    for (const frame of document.querySelectorAll("iframe[data-consentry-service]")) {
      const id = frame.getAttribute("data-consentry-service") || "";
      if (state.allows(id)) {
        if (!frame.getAttribute("src")) frame.src = frame.getAttribute("data-src") || "";
      } else {
        const box = placeholder(/** @type {HTMLIFrameElement} */ (frame));
        held.set(/** @type {HTMLIFrameElement} */ (frame), box);
        frame.replaceWith(box);
      }
    }
  }

  return { run };
}
