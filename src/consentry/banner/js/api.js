/**
 * The public JavaScript API (`window.consentry`, see consentry.d.ts) and the
 * `consentry:change` event, both carrying the same copy of the choice (DESIGN: Browser).
 */

/**
 * What the page may see of a choice: never the secret, and nothing before a decision.
 * @param {import("./main.js").Choice | null} choice
 */
export function publicChoice(choice) {
  if (!choice || choice.pending) return null;
  const { consentId, decidedAt, policyVersion, mechanism, purposes, services } = choice;
  return { consentId, decidedAt, policyVersion, mechanism, purposes: { ...purposes }, services: { ...services } };
}

/**
 * Install `window.consentry`; return the function that tells listeners about a change.
 * @param {import("./main.js").State} state
 * @param {{open: () => void, decide: (mechanism: import("./main.js").Mechanism) => void}} actions
 */
export function installApi(state, actions) {
  /** @type {((choice: object | null) => void)[]} */
  const listeners = [];
  window.consentry = {
    get: () => publicChoice(state.choice),
    allows: (id) => state.allows(id),
    open: () => actions.open(),
    acceptAll: () => actions.decide("accept_all"),
    rejectAll: () => actions.decide("reject_all"),
    receipt() {
      const choice = state.choice;
      if (!choice) return Promise.reject(new Error("Consentry: no choice has been made yet"));
      return fetch(`${state.origin}/api/v1/consents/${choice.consentId}`, {
        headers: { Authorization: "Bearer " + choice.secret },
        credentials: "omit",
      }).then((response) =>
        response.ok ? response.json() : Promise.reject(new Error(`Consentry: no receipt (HTTP ${response.status})`))
      );
    },
    on(type, listener) {
      if (type !== "change" || typeof listener !== "function")
        throw new TypeError('Consentry: use consentry.on("change", function (choice) { … })');
      listeners.push(listener);
    },
  };
  return () => {
    const detail = publicChoice(state.choice);
    document.dispatchEvent(new CustomEvent("consentry:change", { detail }));
    for (const listener of listeners)
      try {
        listener(publicChoice(state.choice));
      } catch (error) {
        reportError(error);
      }
  };
}
