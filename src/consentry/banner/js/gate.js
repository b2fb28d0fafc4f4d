/**
 * Gated scripts: `<script type="text/plain" data-consentry-service|category>` run only once
 * their service or purpose is allowed, in document order, including scripts a single-page
 * application adds later (the observer in main.js calls `run` again).
 *
 * Automatic blocking (autoblock.js) reuses this path: it turns each script it holds back into
 * such a gated script, which this module releases with the others, in document order.
 */

const SELECTOR =
  'script[type="text/plain"][data-consentry-service],script[type="text/plain"][data-consentry-category]';

/**
 * @param {(id: string) => boolean} allows
 * @returns {{run: () => void}}
 */
export function createGate(allows) {
  const started = new WeakSet();
  let chain = Promise.resolve();

  /**
   * Replace a held script by a live copy and wait for it to load (an inline one runs at
   * once), so that the next one sees what this one defined.
   * @param {HTMLScriptElement} held
   */
  function activate(held) {
    return new Promise((resolve) => {
      const live = document.createElement("script");
      for (const { name, value } of held.attributes)
        if (name !== "type" && !name.startsWith("data-consentry")) live.setAttribute(name, value);
      const type = held.getAttribute("data-consentry-type");
      if (type) live.type = type;
      // The nonce attribute reads empty once parsed; the property keeps it for strict CSPs.
      if (held.nonce) live.nonce = held.nonce;
      if (held.src) {
        live.async = false;
        live.onload = live.onerror = () => resolve();
      } else live.text = held.text;
      held.replaceWith(live);
      if (!held.src) resolve();
    });
  }

  /** @param {HTMLScriptElement} el */
  function release(el) {
    started.add(el);
    chain = chain.then(() => activate(el));
    return chain;
  }

  function run() {
    for (const el of document.querySelectorAll(SELECTOR)) {
      if (started.has(el)) continue;
      // Gated on its service, else its purpose.
      if (allows(el.getAttribute("data-consentry-service") || el.getAttribute("data-consentry-category")))
        release(/** @type {HTMLScriptElement} */ (el));
    }
  }

  return { run };
}
