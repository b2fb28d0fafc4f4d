/**
 * Consentry's banner: reads the stored choice, asks when there is none, enforces every
 * choice on the page, and records it. The payload builder (payload.py) joins these modules
 * into one script and calls `main(CONFIG, CSS)` with the site's inlined declaration.
 *
 * @typedef {"accept_all"|"reject_all"|"custom"|"embed_activation"|"close_as_refusal"|"gpc"|"withdraw"} Mechanism
 * @typedef {{v: 1, consentId: string, secret: string, policyVersion: string, decidedAt: number,
 *   mechanism: Mechanism, gpc: boolean, purposes: Record<string, boolean>,
 *   services: Record<string, boolean>, pending?: boolean}} Choice
 * @typedef {{id: string, purpose: string, kind: 0|1|2, name: string, provider: string,
 *   privacy: string, erase: string[]}} ServiceConfig
 * @typedef {Record<string, string> & {hash: string, purposes: Record<string, [string, string]>}} Texts
 * @typedef {{version: string, cookie: string, lifetime: [number, number], policy: string|null,
 *   gcm: boolean, close: boolean, float: boolean, purposes: string[], asked: string[],
 *   services: ServiceConfig[], lang: string, langs: string[], texts: Record<string, Texts>}} Config
 * @typedef {{config: Config, lang: string, texts: Texts, origin: string, policyUrl: string,
 *   gpc: boolean, choice: Choice|null, allows: (id: string) => boolean}} State
 * @typedef {{gpc: boolean, now: number, ids: () => [string, string]}} Context
 */

import { installApi } from "./api.js";
import { buildBanner } from "./banner.js";
import { allows, amendChoice, makeChoice, purposesOf, startingServices } from "./choice.js";
import { erase, randomHex, readChoice, writeChoice } from "./cookie.js";
import { h } from "./dom.js";
import { createEmbeds } from "./embeds.js";
import { createGate } from "./gate.js";
import { consentDefault, consentUpdate } from "./gcm.js";
import { createStatus, showFloatingButton, showGpcNotice } from "./notices.js";
import { createOutbox } from "./outbox.js";
import { buildPreferences } from "./prefs.js";

const MECHANISMS = { "accept-all": "accept_all", "reject-all": "reject_all", close: "close_as_refusal", save: "custom" };

/** A version 4 UUID for the record id (the ledger is idempotent on it). */
function uuid4() {
  const x = randomHex(16);
  const variant = (8 | (parseInt(x[16], 16) & 3)).toString(16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20)}`;
}

/**
 * Start the banner on this page.
 * @param {Config} config
 * @param {string} css
 */
export function main(config, css) {
  // Before any Google tag can run (R44): this script comes before every gated tag.
  if (config.gcm) consentDefault();
  const script = /** @type {HTMLScriptElement|null} */ (document.currentScript);
  const origin = script?.src ? new URL(script.src).origin : location.origin;
  const pageLang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  const lang = config.langs.includes(pageLang) ? pageLang : config.lang;
  /** @type {State} */
  const state = {
    config,
    lang,
    texts: config.texts[lang],
    origin,
    policyUrl: config.policy || `${origin}/policy?lang=${lang}`,
    gpc: navigator.globalPrivacyControl === true,
    choice: readChoice(config, Date.now()),
    // An id the declaration does not know is never allowed: its element stays blocked.
    allows: (id) => allows(config, state.choice, id),
  };
  // A site language other than the inlined one: its texts come in a second request; the
  // inlined language stands in if they cannot be had.
  const texts = state.texts
    ? Promise.resolve()
    : fetch(`${origin}/consentry-texts.json?lang=${lang}`, { credentials: "omit" })
        .then((response) => (response.ok ? response.json() : Promise.reject()))
        .then(
          (t) => (state.texts = t),
          () => (state.texts = config.texts[(state.lang = config.lang)])
        );
  const outbox = createOutbox(`${origin}/api/v1/consents`);
  const gate = createGate(state.allows);
  const embeds = createEmbeds(state, (id) => amend(id, true, "embed_activation"));
  // Calls made before the banner has started wait for it (`started`, below).
  const announce = installApi(state, { open: () => started.then(openPreferences), decide: (m) => started.then(() => decide(m)) });
  /** @type {HTMLElement|null} */ let banner = null;
  /** @type {HTMLDialogElement|null} */ let prefs = null;
  /** @type {Element|null} */ let opener = null;
  /** @type {{say: (text: string) => void}} */ let status;

  const context = () => ({ gpc: state.gpc, now: Date.now(), ids: () => [randomHex(16), randomHex(16)] });
  const undecided = () => !state.choice || !!state.choice.pending;

  /** Run what is allowed, hold or unload what is not, delete what refused services left (R31). */
  function enforce() {
    gate.run();
    embeds.run();
    erase(config.services.filter((s) => s.kind && !state.allows(s.id)).flatMap((s) => s.erase));
  }

  /**
   * Store a choice, send its record (when `mechanism` is given), and apply it at once.
   * @param {Choice} choice
   * @param {Mechanism|null} mechanism
   */
  function commit(choice, mechanism) {
    state.choice = choice;
    writeChoice(config, choice);
    if (mechanism) {
      outbox.send({
        record_id: uuid4(),
        consent_id: choice.consentId,
        secret: choice.secret,
        mechanism: mechanism === "embed_activation" ? mechanism : choice.mechanism,
        purposes: choice.purposes,
        services: choice.services,
        policy_version: config.version,
        texts_hash: state.texts.hash,
        language: state.lang,
        page_url: location.href,
        client_time: new Date().toISOString(),
        gpc: state.gpc,
      });
      if (config.gcm) consentUpdate(choice.purposes);
    }
    enforce();
    syncObjections();
    announce();
  }

  /**
   * A decision on the banner or the preferences.
   * @param {Mechanism} mechanism
   * @param {Record<string, boolean>} [purposes] from the preferences (custom)
   * @param {Record<string, boolean>} [services] from the preferences (custom)
   */
  function decide(mechanism, purposes = {}, services = {}) {
    const chosen = startingServices(config, state.choice);
    const all = mechanism === "accept_all";
    if (mechanism !== "custom") for (const s of config.services) if (s.kind === 1) chosen[s.id] = all;
    Object.assign(chosen, services);
    const given = mechanism === "custom" ? purposes : Object.fromEntries(config.asked.map((p) => [p, all]));
    commit(makeChoice(config, state.choice, mechanism, purposesOf(config, chosen, given), chosen, context()), mechanism);
    if (mechanism === "gpc") return;
    close();
    status.say(state.texts.saved);
    showFloatingButton(state);
  }

  /**
   * One service changed outside the dialogs (an embed, an objection).
   * @param {string} id
   * @param {boolean} value
   * @param {Mechanism|null} mechanism recorded for an embed; an objection sends no record
   */
  function amend(id, value, mechanism) {
    commit(amendChoice(config, state.choice, id, value, mechanism || "custom", context()), mechanism);
  }

  function showBanner() {
    banner = buildBanner(state, (action) => (action === "customize" ? openPreferences() : decide(MECHANISMS[action])));
    document.body.prepend(banner);
    banner.focus({ preventScroll: true });
  }

  function openPreferences() {
    if (prefs) return;
    if (!opener || !opener.isConnected) opener = document.activeElement;
    banner?.remove();
    banner = null;
    const dialog = buildPreferences(state, (action, purposes, services) => decide(MECHANISMS[action], purposes, services));
    prefs = dialog;
    dialog.addEventListener("close", () => {
      dialog.remove();
      prefs = null;
      if (undecided()) showBanner();
      else if (opener && opener.isConnected && opener !== document.body) /** @type {HTMLElement} */ (opener).focus();
      opener = null;
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.focus();
  }

  function close() {
    banner?.remove();
    banner = null;
    prefs?.close();
  }

  /** Objection controls outside the preferences (the policy page, R42) show the stored state. */
  function syncObjections() {
    for (const control of document.querySelectorAll("[data-consentry-optout]")) {
      const objected = !state.allows(control.getAttribute("data-consentry-optout") || "");
      if (control.closest(".cy-prefs")) continue;
      if (control.tagName === "BUTTON") control.setAttribute("aria-pressed", String(objected));
      else /** @type {HTMLInputElement} */ (control).checked = objected;
    }
  }

  function start() {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } catch {
      document.head.append(h("link", { rel: "stylesheet", href: `${origin}/consentry.css` }));
    }
    status = createStatus(state);
    document.addEventListener("click", (event) => {
      const target = /** @type {Element} */ (event.target);
      // An objection button outside the preferences (the policy page's, R42) objects at once.
      const objection = target.closest("button[data-consentry-optout]");
      if (objection) return amend(objection.getAttribute("data-consentry-optout") || "", false, null);
      const control = target.closest("[data-consentry-open]");
      if (!control) return;
      event.preventDefault();
      opener = control;
      openPreferences();
    });
    document.addEventListener("change", (event) => {
      const box = /** @type {HTMLInputElement} */ (event.target);
      const id = box.getAttribute?.("data-consentry-optout");
      if (id && !box.closest(".cy-prefs")) amend(id, !box.checked, null);
    });
    if (config.gcm && state.choice) consentUpdate(state.choice.purposes);
    if (undecided() && state.gpc) {
      // Global Privacy Control: refuse without asking, and say so (R47).
      decide("gpc");
      showGpcNotice(state);
    }
    if (undecided()) showBanner();
    else showFloatingButton(state);
    // Held scripts are inert and held embeds are blank frames, so their scan and placeholders
    // (forced layouts, frames detached: most of the start-up's main-thread time) follow the
    // banner's first paint. A hidden tab paints no frame: there they follow at once.
    if (banner && !document.hidden) requestAnimationFrame(() => setTimeout(watch));
    else watch();
  }

  /** Enforce the choice on the page, now and on what a single-page application adds later. */
  function watch() {
    enforce();
    syncObjections();
    const watched = 'script[type="text/plain"],iframe[data-consentry-service],[data-consentry-placeholder]';
    new MutationObserver((records) => {
      const added = (n) => n.nodeType === 1 && (n.matches(watched) || n.querySelector(watched));
      if (records.some((r) => [...r.addedNodes].some(added))) enforce();
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  const started = new Promise((go) => (document.body ? go() : addEventListener("DOMContentLoaded", go)))
    .then(() => texts)
    .then(start);
}
