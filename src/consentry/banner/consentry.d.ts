/**
 * The public JavaScript API of Consentry's banner (`window.consentry`), as served by
 * GET /consentry.js. Stable: sites and their tests rely on it (DESIGN.md, Browser).
 */

export type Mechanism =
  | "accept_all"
  | "reject_all"
  | "custom"
  | "embed_activation"
  | "close_as_refusal"
  | "gpc"
  | "withdraw";

/** A visitor's choice as the page may see it (the secret never leaves the cookie). */
export interface ConsentChoice {
  consentId: string;
  /** Milliseconds since the epoch. */
  decidedAt: number;
  policyVersion: string;
  mechanism: Mechanism;
  /** One boolean per purpose the banner asks about. */
  purposes: Record<string, boolean>;
  /** One boolean per service that needs consent or may be objected to. */
  services: Record<string, boolean>;
}

export interface Consentry {
  /** The choice, or null before the visitor has answered the banner. */
  get(): ConsentChoice | null;
  /** Whether a purpose or a service may run now (unknown ids: false). */
  allows(idOrCategory: string): boolean;
  /** Open the preferences (what any `data-consentry-open` element does). */
  open(): void;
  acceptAll(): void;
  rejectAll(): void;
  /** The visitor's receipt from GET /api/v1/consents/{consentId} (CONTRACTS §3). */
  receipt(): Promise<unknown>;
  /** Called with the new choice after every decision. */
  on(type: "change", listener: (choice: ConsentChoice | null) => void): void;
}

declare global {
  interface Window {
    consentry: Consentry;
  }
  interface DocumentEventMap {
    "consentry:change": CustomEvent<ConsentChoice | null>;
  }
}
