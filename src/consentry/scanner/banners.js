// Consentry scanner: find the consent banner and describe its first layer.
// Consentry's banner is found through its public DOM contract ([data-consentry="banner"],
// [data-consentry-action=…]); any other CMP through its visible buttons' wording (FR and EN),
// which marks the elements it picked with data-consentry-scan="accept|reject|settings" so
// Playwright can click them as a user would. Returns null while nothing is found.
(args) => {
  const ACCEPT = /^(tout |tous )?accepter( tout| et fermer| les cookies)?$|^j'accepte|^accept( all| cookies)?$|^allow all|^autoriser|^i agree|^ok,? j'accepte|^agree/i;
  const REJECT = /^(tout )?refuser|^rejeter|^reject( all)?$|^decline|^deny|^continuer sans accepter|^je refuse|^non merci|^refuse|^ne pas consentir|^interdire/i;
  const SETTINGS = /^(personnaliser|paramétrer|param[eè]tres|g[ée]rer|en savoir plus|choisir|customi[sz]e|settings|manage|preferences|options)/i;
  const POLICY = /cookie|politique|policy|confidentialit|privacy|donn[ée]es personnelles|traceurs/i;
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const s = getComputedStyle(el);
    if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const deepAll = (root, selector) => {
    const found = [...root.querySelectorAll(selector)];
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
    return found;
  };
  const text = (el) => (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
  const box = (el) => {
    if (!el) return null;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return {
      text: text(el).slice(0, 80), width: r.width, height: r.height, font_size: s.fontSize,
      font_weight: s.fontWeight, color: s.color, background: s.backgroundColor,
      border: `${s.borderTopWidth} ${s.borderTopStyle}`, tag: el.tagName.toLowerCase(),
    };
  };
  const policyLink = (root) => {
    const links = deepAll(root, "a[href]").filter(visible);
    const hit = links.find((a) => POLICY.test(text(a)) || POLICY.test(a.getAttribute("href") || "")
      || (args.policyUrl && (a.getAttribute("href") || "").startsWith(args.policyUrl)));
    return hit ? hit.href : null;
  };
  const dialogs = deepAll(document, "[role=dialog],[role=alertdialog],[aria-modal=true],dialog[open],[data-consentry=banner]")
    .filter(visible).filter((el, i, all) => !all.some((o) => o !== el && o.contains(el))).length;

  const root = deepAll(document, '[data-consentry="banner"]').find(visible);
  if (root) {
    const action = (name) => deepAll(root, `[data-consentry-action="${name}"]`).find(visible) || null;
    return {
      kind: "consentry", accept: box(action("accept-all")), reject: box(action("reject-all")),
      policy_link: policyLink(root), dialogs,
    };
  }
  if (args.consentryOnly) return null;
  const controls = deepAll(document, "button,[role=button],a,input[type=button],input[type=submit]").filter(visible);
  const accept = controls.find((el) => ACCEPT.test(text(el)));
  if (!accept) return null;
  // The first-layer container: the nearest ancestor of the accept control that is fixed,
  // sticky or a dialog, else the accept control's grand-parent.
  let container = accept.parentElement;
  for (let el = accept; el && el !== document.body; el = el.parentElement) {
    const s = getComputedStyle(el);
    if (s.position === "fixed" || s.position === "sticky" || el.getAttribute("role") === "dialog"
        || el.getAttribute("aria-modal") === "true" || el.tagName === "DIALOG") { container = el; break; }
  }
  const inside = controls.filter((el) => container.contains(el));
  const reject = inside.find((el) => REJECT.test(text(el)));
  const settings = inside.find((el) => SETTINGS.test(text(el)));
  document.querySelectorAll("[data-consentry-scan]").forEach((el) => el.removeAttribute("data-consentry-scan"));
  accept.setAttribute("data-consentry-scan", "accept");
  if (reject) reject.setAttribute("data-consentry-scan", "reject");
  if (settings) settings.setAttribute("data-consentry-scan", "settings");
  container.setAttribute("data-consentry-scan-root", "");
  return {
    kind: "generic", accept: box(accept), reject: box(reject || null),
    policy_link: policyLink(container), dialogs,
  };
}
