/**
 * The choice cookie (CONTRACTS §1): read and validate it, write it, and compute its expiry.
 *
 * Only a decision writes the cookie; a page view never does, so a choice is never extended by
 * visiting (R25). The decision time lives inside the value and is checked here, because the
 * browser expires cookies on its own clock, which tests and visitors may not share (R24).
 */

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * Lower-case hex of `count` random bytes. `crypto.getRandomValues` exists on plain-http
 * staging sites too, unlike `crypto.randomUUID` and `crypto.subtle`.
 * @param {number} count
 */
export function randomHex(count) {
  return Array.from(crypto.getRandomValues(new Uint8Array(count)), (b) =>
    b.toString(16).padStart(2, "0")
  ).join("");
}

/**
 * When a choice made at `decidedAt` expires. Months are calendar months in UTC and clamp to
 * the month's last day, as `Duration.after` does in Python (31 Aug + 6 months = 28/29 Feb).
 * @param {[number, number]} lifetime [calendar months, seconds]: one of the two is 0
 * @param {number} decidedAt ms since the epoch
 */
export function expiresAt(lifetime, decidedAt) {
  const [months, seconds] = lifetime;
  if (!months) return decidedAt + seconds * 1000;
  const d = new Date(decidedAt);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), last),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds()
  );
}

/**
 * The stored choice, or null when there is none that still holds: a value that does not
 * parse, another format version, another policy version (R27) or an expired decision
 * (R24, R25) all mean "ask again".
 * @param {import("./main.js").Config} config
 * @param {number} now ms since the epoch
 * @returns {import("./main.js").Choice | null}
 */
export function readChoice(config, now) {
  const prefix = config.cookie + "=";
  const raw = document.cookie.split("; ").find((part) => part.startsWith(prefix));
  if (!raw) return null;
  let choice;
  try {
    choice = JSON.parse(decodeURIComponent(raw.slice(prefix.length)));
  } catch {
    return null;
  }
  if (
    !choice ||
    choice.v !== 1 ||
    choice.policyVersion !== config.version ||
    !HEX32.test(choice.consentId) ||
    !HEX32.test(choice.secret) ||
    !(now < expiresAt(config.lifetime, choice.decidedAt)) ||
    !choice.purposes ||
    !choice.services
  )
    return null;
  return choice;
}

/**
 * Write the choice. `Max-Age` runs to the decision's expiry, so that rewriting a choice
 * (an embed activated later) never pushes the expiry back.
 * @param {import("./main.js").Config} config
 * @param {import("./main.js").Choice} choice
 */
export function writeChoice(config, choice) {
  const maxAge = Math.floor((expiresAt(config.lifetime, choice.decidedAt) - Date.now()) / 1000);
  const value = encodeURIComponent(JSON.stringify(choice));
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${config.cookie}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}`;
}

/**
 * Delete first-party cookies and storage keys declared for refused services (R31). Names may
 * hold `*` patterns; storage keys are given as `L:name` (localStorage) or `S:name`
 * (sessionStorage). Each cookie is expired on this host and on every parent domain, since
 * trackers such as Google Analytics write theirs on the registrable domain.
 * @param {string[]} entries
 */
export function erase(entries) {
  const labels = location.hostname.split(".");
  const domains = [""];
  for (let i = 0; i < labels.length - 1; i++) domains.push("; Domain=" + labels.slice(i).join("."));
  const names = document.cookie ? document.cookie.split("; ").map((c) => c.split("=")[0]) : [];
  for (const entry of entries) {
    const kind = entry[1] === ":" ? entry[0] : "C";
    const name = kind === "C" ? entry : entry.slice(2);
    const re = new RegExp(
      "^" + name.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$"
    );
    if (kind === "C") {
      for (const found of names)
        if (re.test(found))
          for (const domain of domains) document.cookie = `${found}=; Max-Age=0; Path=/${domain}`;
    } else {
      try {
        const store = kind === "L" ? localStorage : sessionStorage;
        for (const key of Object.keys(store)) if (re.test(key)) store.removeItem(key);
      } catch (error) {
        console.warn("Consentry: storage could not be cleared", error);
      }
    }
  }
}
