/**
 * Building the banner's DOM without markup strings: every text goes in as a text node, so no
 * declaration text can inject HTML, and no `style=` attribute is ever written (strict CSP).
 */

/**
 * Create an element. Attribute values `false`/`null`/`undefined` are skipped; a function
 * value under `on<event>` becomes a listener; strings and nodes in `children` are appended.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|null|false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value != null && value !== false) el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/**
 * Fill `{name}` placeholders of a text from `values`.
 * @param {string} text
 * @param {Record<string, string|number>} values
 */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

let counter = 0;

/** A fresh element id, unique in the page, for aria-labelledby and label[for]. */
export function uid() {
  return "cy-" + ++counter;
}

/**
 * Keep Tab and Shift+Tab inside `root` (a modal dialog): focus wraps from the last control
 * to the first and back (R61), whatever the browser does at the ends of a top layer.
 * @param {HTMLElement} root
 */
export function trapFocus(root) {
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = [...root.querySelectorAll("button,input,a[href]")].filter(
      (el) => !el.disabled && el.getClientRects().length
    );
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === root)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  });
}
