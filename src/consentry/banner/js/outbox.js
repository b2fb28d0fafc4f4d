/**
 * Sending each decision to the ledger (CONTRACTS §2) without ever holding up the page.
 *
 * Records go out with `fetch(…, {keepalive: true})`, so a navigation right after a click does
 * not lose them. When the server cannot be reached (network error, 5xx, 408, 429) they wait
 * in a small in-memory queue and are retried a bounded number of times; the ledger is
 * idempotent on `record_id`, so a retry never stores a record twice. A 404 means the site
 * has no ledger yet: the record is dropped quietly.
 */

const DELAYS = [1000, 5000, 30000];
const MAX_RECORDS = 20;

/**
 * Post one record; resolve true when it needs no retry.
 * @param {string} url
 * @param {object} record
 */
function post(url, record) {
  return fetch(url, {
    method: "POST",
    keepalive: true,
    credentials: "omit",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(record),
  }).then(
    (response) => {
      const status = response.status;
      if (status >= 500 || status === 408 || status === 429) return false;
      if (!response.ok && status !== 404) console.warn(`Consentry: consent record refused (HTTP ${status})`);
      return true;
    },
    () => false
  );
}

/**
 * @param {string} url the consents endpoint on the origin that served consentry.js
 * @returns {{send: (record: object) => void}}
 */
export function createOutbox(url) {
  /** @type {object[]} */
  let queue = [];
  let attempt = 0;
  let busy = false;

  function flush() {
    if (busy) return;
    busy = true;
    const batch = queue.slice();
    Promise.all(batch.map((record) => post(url, record))).then((done) => {
      busy = false;
      queue = queue.filter((record) => !done[batch.indexOf(record)]).slice(-MAX_RECORDS);
      if (queue.some((record) => !batch.includes(record))) flush();
      else if (queue.length && attempt < DELAYS.length) setTimeout(flush, DELAYS[attempt++]);
    });
  }

  return {
    send(record) {
      queue.push(record);
      flush();
    },
  };
}
