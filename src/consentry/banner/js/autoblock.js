/**
 * Automatic blocking (`[banner].auto_block`): with consentry.js first in <head>, loaded
 * synchronously, every script, iframe, image and link whose URL is on a declared host
 * (`*.` wildcards as in the catalog) of a service without consent is held back with no change
 * to the page's markup, and released when consent comes. Joined into the payload only when
 * the declaration turns it on (bundle.py).
 *
 * How each is held (measured in Chromium; docs/browser.md says what is not covered):
 * - Scripts, whoever adds them, become gated scripts (`type="text/plain"`,
 *   `data-consentry-service`), which the banner's gate releases in document order, each after
 *   the previous one has loaded. The parser hands mutation records to the observer below
 *   before it prepares a script, so even a parser-inserted script never runs.
 * - Iframes become gated embeds (`data-src`): the banner puts its placeholder in their box.
 * - Images and links (stylesheet, preload, prefetch, preconnect…) keep their URL in
 *   `data-src`, `data-srcset` or `data-href` until the service is allowed.
 * - A URL set by a script (`src`, `srcset`, `href` setters, `setAttribute`, elements inserted
 *   by `appendChild` and its kin, `new Image().src` pixels) is held before the browser sees
 *   it, so no request leaves at all; `fetch`, `navigator.sendBeacon` and `XMLHttpRequest` to
 *   such a host fail as a network error would.
 * - Elements written in the HTML are another matter: the browser's preload scanner requests
 *   their URLs before any script runs, and the parser starts loading an image or an iframe
 *   before an observer hears of it. Held or not, those requests have left: each is reported
 *   as missed (`consentry.missed()`, a `consentry:missed` event, a console warning), so that
 *   the scanner and the site owner see it. Only the server can prevent them, by sending the
 *   markup already held (`consentry.banner.hold_markup`).
 */

import { main } from "./main.js";

/** The URL attributes automatic blocking watches on each element (markup.URL_ATTRIBUTES). */
const URL_OF = { SCRIPT: ["src"], IFRAME: ["src"], IMG: ["src", "srcset"], LINK: ["href"] };
const WATCHED = "script[src],iframe[src],img[src],img[srcset],link[href]";
const RUNNABLE = /^(module|.*(java|ecma)script)?$/i;

/**
 * The banner with automatic blocking: `main`, then the holding, before the parser goes on.
 * @param {import("./main.js").Config} config
 * @param {string} css
 */
export function blockingMain(config, css) {
  main(config, css);
  autoblock(config, window.consentry.allows);
}

/**
 * @param {import("./main.js").Config & {services: {hosts?: string[]}[]}} config
 * @param {(id: string) => boolean} allows
 */
export function autoblock(config, allows) {
  const exact = new Map();
  const wildcard = new Map();
  for (const s of config.services)
    for (const host of s.hosts || []) (host.startsWith("*.") ? wildcard : exact).set(host.replace("*.", ""), s.id);
  /** @type {{service: string, url: string, type: string}[]} */
  const blocked = [];
  /** @type {{service: string, url: string, type: string}[]} */
  const missed = [];
  /** @type {Element[]} images and links this script held, in that order (pixels off the page too) */
  let held = [];
  /** When each allowed service was allowed (performance.now()): 0 for a stored choice. */
  const since = {};
  for (const s of config.services) if (allows(s.id)) since[s.id] = 0;
  /** Scripts turned into gated scripts: a later `type` goes to `data-consentry-type`. */
  const gated = new WeakSet();
  const element = Element.prototype;
  const setAttr = element.setAttribute;
  const removeAttr = element.removeAttribute;

  /** @param {string} url the service whose declared hosts hold the URL's host, if any */
  function serviceOf(url) {
    let host;
    try {
      host = new URL(url, document.baseURI).hostname;
    } catch {
      return null;
    }
    const labels = host.split(".");
    for (let i = 0; i < labels.length; i++) {
      const id = i ? wildcard.get(labels.slice(i).join(".")) : exact.get(host);
      if (id) return id;
    }
    return null;
  }

  /**
   * The service a URL waits for, or null when it may go. The first URL of a service let go
   * after its consent marks since when it is allowed: the banner releases what it held
   * through these hooks, before it announces the change.
   * @param {string} url
   */
  function waitsFor(url) {
    const id = url && serviceOf(url);
    if (!id) return null;
    if (!allows(id)) return id;
    if (!(id in since)) since[id] = performance.now();
    return null;
  }

  /**
   * @param {typeof blocked} list
   * @param {string} event "consentry:blocked" | "consentry:missed"
   * @param {{service: string, url: string, type: string}} detail
   */
  function note(list, event, detail) {
    list.push(detail);
    document.dispatchEvent(new CustomEvent(event, { detail: { ...detail } }));
  }

  /**
   * Hold one URL of an element when its service has no consent. True when the URL must not
   * be set now: it waits in `data-<attr>`. A script keeps its `src`, inert as a gated script.
   * @param {Element} el
   * @param {string} attr
   * @param {string} value
   * @param {boolean} [parsed] the parser put it there: an iframe's navigation has begun
   */
  function hold(el, attr, value, parsed = false) {
    const urls = attr === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0]) : [value];
    const id = urls.map(waitsFor).find(Boolean);
    if (!id) return false;
    const script = el.tagName === "SCRIPT";
    if (script && !RUNNABLE.test(el.getAttribute("type") || "")) return false; // data, or gated
    note(blocked, "consentry:blocked", { service: id, url: value, type: el.tagName.toLowerCase() });
    // A cut-off navigation leaves no resource timing entry: say so here, it may have reached.
    if (parsed && el.tagName === "IFRAME")
      note(missed, "consentry:missed", { service: id, url: new URL(value, document.baseURI).href, type: "iframe" });
    setAttr.call(el, "data-consentry-service", id);
    if (script) {
      const type = el.getAttribute("type");
      if (type) setAttr.call(el, "data-consentry-type", type);
      setAttr.call(el, "type", "text/plain");
      gated.add(el);
      return false;
    }
    setAttr.call(el, "data-" + attr, value);
    removeAttr.call(el, attr);
    if (el.tagName !== "IFRAME") held.push(el);
    return true;
  }

  /**
   * Hold what an element and its descendants would load.
   * @param {Node} root
   * @param {boolean} [parsed] added by the parser, not by a script
   */
  function scan(root, parsed = false) {
    if (!(root instanceof Element || root instanceof DocumentFragment)) return;
    const found = [...root.querySelectorAll(WATCHED)];
    if (root instanceof Element && root.matches(WATCHED)) found.unshift(root);
    for (const el of found)
      for (const attr of URL_OF[el.tagName] || []) // [] for an SVG <script>
        if (el.hasAttribute(attr)) hold(el, attr, el.getAttribute(attr) || "", parsed);
  }

  // URLs set by scripts, before the browser sees them.
  const guard = (Class, prop, attr = prop) => {
    const own = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(Class.prototype, prop));
    Object.defineProperty(Class.prototype, prop, {
      ...own,
      set(value) {
        if (!hold(this, attr, String(value))) own.set.call(this, value);
      },
    });
  };
  guard(HTMLScriptElement, "src");
  guard(HTMLIFrameElement, "src");
  guard(HTMLImageElement, "src");
  guard(HTMLImageElement, "srcset");
  guard(HTMLLinkElement, "href");
  const type = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "type"));
  Object.defineProperty(HTMLScriptElement.prototype, "type", {
    ...type,
    set(value) {
      if (gated.has(this)) setAttr.call(this, "data-consentry-type", value);
      else type.set.call(this, value);
    },
  });
  element.setAttribute = function (name, value) {
    const attr = String(name).toLowerCase();
    if (attr === "type" && gated.has(this)) return setAttr.call(this, "data-consentry-type", value);
    if (!(URL_OF[this.tagName]?.includes(attr) && hold(this, attr, String(value)))) setAttr.call(this, name, value);
  };
  // Elements inserted whole (built by innerHTML off the page, cloned, from a template).
  for (const [proto, names] of [
    [Node.prototype, ["appendChild", "insertBefore", "replaceChild"]],
    [element, ["append", "prepend", "before", "after", "replaceWith", "insertAdjacentElement"]],
  ])
    for (const name of names) {
      const insert = proto[name];
      proto[name] = function (...nodes) {
        nodes.forEach(scan);
        return insert.apply(this, nodes);
      };
    }

  // Requests made by scripts.
  const refuse = (url, kind) => {
    const id = waitsFor(url);
    if (id) note(blocked, "consentry:blocked", { service: id, url, type: kind });
    return id;
  };
  const fetch = window.fetch;
  window.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return refuse(url, "fetch") ? Promise.reject(new TypeError("Consentry: no consent for " + url)) : fetch(input, init);
  };
  const beacon = navigator.sendBeacon;
  if (beacon) navigator.sendBeacon = (url, data) => !refuse(String(url), "beacon") && beacon.call(navigator, url, data);
  const xhr = XMLHttpRequest.prototype;
  const { open, send } = xhr;
  const targets = new WeakMap();
  xhr.open = function (method, url) {
    targets.set(this, String(url));
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    if (!refuse(targets.get(this) || "", "xhr")) return send.apply(this, arguments);
    setTimeout(() => ["error", "loadend"].forEach((e) => this.dispatchEvent(new ProgressEvent(e))));
  };

  // Elements the parser (or innerHTML, or document.write) adds: scripts before they run.
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach((node) => scan(node, true));
  }).observe(document.documentElement, { childList: true, subtree: true });

  // What reached a host without consent: written in the HTML, or past every hook above.
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const id = serviceOf(entry.name);
        if (id && !(entry.startTime >= since[id]) && !missed.some((m) => m.url === entry.name)) {
          note(missed, "consentry:missed", { service: id, url: entry.name, type: entry.initiatorType });
          console.warn("Consentry: requested before consent, beyond automatic blocking:", entry.name);
        }
      }
    }).observe({ type: "resource", buffered: true });
  } catch {
    // No resource timing: nothing to report from.
  }

  /**
   * Release the images and links now allowed: those held here in the order they were held,
   * then those the server held (hold_markup) in document order. Scripts and iframes are the
   * banner's gated scripts and embeds: it releases them itself.
   */
  function release() {
    for (const el of [...held, ...document.querySelectorAll("img[data-consentry-service],link[data-consentry-service]")])
      if (allows(el.getAttribute("data-consentry-service") || ""))
        for (const attr of ["srcset", "src", "href"]) {
          const value = el.getAttribute("data-" + attr);
          if (value === null) continue;
          removeAttr.call(el, "data-" + attr);
          setAttr.call(el, attr, value);
        }
    held = held.filter((el) => !allows(el.getAttribute("data-consentry-service") || ""));
  }
  document.addEventListener("DOMContentLoaded", release);
  // Consent came (or went): note since when each service is allowed, and release.
  document.addEventListener("consentry:change", () => {
    for (const s of config.services)
      if (!allows(s.id)) delete since[s.id];
      else if (!(s.id in since)) since[s.id] = performance.now();
    release();
  });

  const me = /** @type {HTMLScriptElement|null} */ (document.currentScript);
  if (!me || me.async || me.defer || document.readyState !== "loading")
    console.warn("Consentry: automatic blocking needs consentry.js first in <head>, without async or defer");

  Object.assign(window.consentry, { blocked: () => blocked.map((b) => ({ ...b })), missed: () => missed.map((m) => ({ ...m })) });
}
