// Injected before any page script (the benchmark prefixes `window.__benchBanner = "<selector>";`).
// Times are performance.now(): milliseconds since navigation start of this document.
(() => {
  const LIMIT_MS = 15000;
  const M = (window.__bench = {visible: null, fcp: null, shifts: [], sessions: [], current: 0, timedOut: false});
  let first = 0;
  let last = 0;
  // Layout shifts grouped in session windows (gap < 1 s, window < 5 s), as CLS defines them.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      if (M.current && e.startTime - last < 1000 && e.startTime - first < 5000) {
        M.current += e.value;
      } else {
        if (M.current) M.sessions.push(M.current);
        M.current = e.value;
        first = e.startTime;
      }
      last = e.startTime;
      const sources = (e.sources || []).map((s) => {
        const n = s.node;
        if (!n || n.nodeType !== 1) return n ? n.nodeName : "?";
        return n.nodeName.toLowerCase() + (n.id ? "#" + n.id : "") + (typeof n.className === "string" && n.className ? "." + n.className.split(" ")[0] : "");
      });
      M.shifts.push({t: Math.round(e.startTime), value: e.value, sources});
    }
  }).observe({type: "layout-shift", buffered: true});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint") M.fcp = e.startTime;
  }).observe({type: "paint", buffered: true});

  // Visible: displayed, a non-empty box inside the viewport, and a cumulative opacity above 0.
  function shown(el) {
    if (!el || !el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility !== "visible") return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return false;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (parseFloat(getComputedStyle(n).opacity) <= 0) return false;
    }
    return true;
  }
  let settle;
  window.__benchReady = new Promise((resolve) => { settle = resolve; });
  function tick() {
    const now = performance.now();
    if (shown(document.querySelector(window.__benchBanner))) {
      M.visible = now;
      settle(true);
      return;
    }
    if (now > LIMIT_MS) {
      M.timedOut = true;
      settle(false);
      return;
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
