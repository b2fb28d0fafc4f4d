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
  // A deep copy, so that no listener can change the stored choice.
  const { v, secret, gpc, ...visible } = JSON.parse(JSON.stringify(choice));
  return visible;
}

/**
 * Install `window.consentry`; return the function that tells listeners about a change.
 * @param {import("./main.js").State} state
 * @param {{open: () => void, decide: (mechanism: import("./main.js").Mechanism) => void}} actions
 */
export function installApi(state, actions) {
  window.consentry = {
    get: () => publicChoice(state.choice),
    allows: (id) => state.allows(id),
    open: () => actions.open(),
    acceptAll: () => actions.decide("accept_all"),
    rejectAll: () => actions.decide("reject_all"),
    receipt() {
      const choice = state.choice;
      if (!choice) return Promise.reject(new Error("Consentry: no choice yet"));
      return fetch(`${state.origin}/api/v1/consents/${choice.consentId}`, {
        headers: { Authorization: "Bearer " + choice.secret },
        credentials: "omit",
      }).then((response) =>
        response.ok ? response.json() : Promise.reject(new Error("Consentry: HTTP " + response.status))
      );
    },
    // A listener is one of the event's: an error in it is reported and spares the others.
    on: (type, listener) => document.addEventListener("consentry:" + type, (event) => listener(event.detail)),
  };
  return () => document.dispatchEvent(new CustomEvent("consentry:change", { detail: publicChoice(state.choice) }));
}
