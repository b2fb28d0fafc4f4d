/**
 * Pure rules about choices: what a choice allows, how a decision becomes a choice, and which
 * mechanism it records. No DOM, no clock: callers pass the time in.
 *
 * Services come in three kinds: 0 needs no consent (necessary, or exempt with nothing to opt
 * out of), 1 needs consent, 2 is exempt but the visitor may object to it (Matomo in CNIL
 * exempt mode, R42): it runs unless the visitor opted out.
 */

/**
 * Does the choice allow a purpose or a service? Before any choice only what needs no consent
 * is allowed (R01, R04); unknown ids are never allowed.
 * @param {import("./main.js").Config} config
 * @param {import("./main.js").Choice | null} choice
 * @param {string} id a purpose (category) id or a service id
 */
export function allows(config, choice, id) {
  const service = config.services.find((s) => s.id === id);
  if (service) {
    if (service.kind === 0) return true;
    if (service.kind === 2) return !choice || choice.services[id] !== false;
    return !!choice && choice.services[id] === true;
  }
  if (id === "necessary") return config.purposes.includes(id);
  return !!choice && choice.purposes[id] === true;
}

/**
 * The per-service booleans a decision starts from: the previous choice, or the defaults
 * (consent services refused, exempt services running).
 * @param {import("./main.js").Config} config
 * @param {import("./main.js").Choice | null} previous
 * @returns {Record<string, boolean>}
 */
export function startingServices(config, previous) {
  const services = {};
  for (const s of config.services)
    if (s.kind) services[s.id] = previous ? previous.services[s.id] ?? s.kind === 2 : s.kind === 2;
  return services;
}

/**
 * Purpose booleans that follow the services: a purpose is granted when every service of it
 * that needs consent is granted. A purpose without such a service keeps `given[id]`.
 * @param {import("./main.js").Config} config
 * @param {Record<string, boolean>} services
 * @param {Record<string, boolean>} given
 */
export function purposesOf(config, services, given) {
  const purposes = {};
  for (const id of config.asked) {
    const own = config.services.filter((s) => s.purpose === id && s.kind === 1);
    purposes[id] = own.length ? own.every((s) => services[s.id]) : !!given[id];
  }
  return purposes;
}

/**
 * Does a choice grant anything that needs consent?
 * @param {import("./main.js").Config} config
 * @param {import("./main.js").Choice | null} choice
 */
export function grantsAny(config, choice) {
  return (
    !!choice &&
    (Object.values(choice.purposes).some(Boolean) ||
      config.services.some((s) => s.kind === 1 && choice.services[s.id]))
  );
}

/**
 * The choice a decision on the banner produces. A refusal that follows an acceptance is
 * recorded as `withdraw` (DESIGN: mechanisms); the consent id and secret stay the browser's.
 * @param {import("./main.js").Config} config
 * @param {import("./main.js").Choice | null} previous
 * @param {import("./main.js").Mechanism} mechanism
 * @param {Record<string, boolean>} purposes
 * @param {Record<string, boolean>} services
 * @param {import("./main.js").Context} context
 * @returns {import("./main.js").Choice}
 */
export function makeChoice(config, previous, mechanism, purposes, services, context) {
  const [consentId, secret] = previous ? [previous.consentId, previous.secret] : context.ids();
  const choice = {
    v: 1,
    consentId,
    secret,
    policyVersion: config.version,
    decidedAt: context.now,
    mechanism,
    gpc: context.gpc,
    purposes,
    services,
  };
  if (mechanism !== "gpc" && grantsAny(config, previous) && !grantsAny(config, choice))
    choice.mechanism = "withdraw";
  return choice;
}

/**
 * One service changed outside the banner: an embed activated (R06) or an objection to an
 * exempt service (R42). It neither renews nor replaces the earlier decision, so the decision
 * time, mechanism and expiry stay. Without an earlier decision the record is `pending`: the
 * grant or objection is kept, and the banner still asks.
 * @param {import("./main.js").Config} config
 * @param {import("./main.js").Choice | null} previous
 * @param {string} id
 * @param {boolean} value
 * @param {import("./main.js").Mechanism} mechanism recorded when there is no earlier decision
 * @param {import("./main.js").Context} context
 * @returns {import("./main.js").Choice}
 */
export function amendChoice(config, previous, id, value, mechanism, context) {
  const services = { ...startingServices(config, previous), [id]: value };
  const purposes = purposesOf(config, services, previous ? previous.purposes : {});
  if (previous) return { ...previous, purposes, services };
  const choice = makeChoice(config, null, mechanism, purposes, services, context);
  choice.pending = true;
  return choice;
}
