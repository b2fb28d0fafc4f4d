/**
 * Google Consent Mode v2 (R44–R46): everything denied by default before any Google tag can
 * run, then exactly one `update` per decision. Only basic mode: gated Google tags load after
 * consent, never before (R45).
 */

/** Consent Mode keys each of our purposes grants (R46). */
const KEYS = {
  audience: ["analytics_storage"],
  advertising: ["ad_storage", "ad_user_data", "ad_personalization"],
  functional: ["functionality_storage", "personalization_storage"],
};
const ALL = [...new Set(Object.values(KEYS).flat())];

/**
 * Push a command the way gtag.js expects it: an `arguments` object on `window.dataLayer`.
 * @param {...any} _args
 */
function gtag(..._args) {
  // eslint-disable-next-line prefer-rest-params
  (window.dataLayer = window.dataLayer || []).push(arguments);
}

/** The `default` command: all denied (security storage is necessary), waiting for us. */
export function consentDefault() {
  const state = { security_storage: "granted", wait_for_update: 500 };
  for (const key of ALL) state[key] = "denied";
  gtag("consent", "default", state);
}

/**
 * One `update` carrying every key, granted only for granted purposes.
 * @param {Record<string, boolean>} purposes
 */
export function consentUpdate(purposes) {
  const state = {};
  for (const key of ALL) state[key] = "denied";
  for (const [purpose, keys] of Object.entries(KEYS))
    if (purposes[purpose]) for (const key of keys) state[key] = "granted";
  gtag("consent", "update", state);
}
