// Consentry scanner: init script run in every frame (out-of-process iframes included) before
// the page's own scripts. It reports each document.cookie write, each Web Storage write, each
// IndexedDB open and each Cache Storage open, with the script that made it, to the binding
// `__consentryRecord`. It changes nothing the page sees: every call goes through unchanged.
(() => {
  if (window.__consentryObserving) return;
  Object.defineProperty(window, "__consentryObserving", { value: true });
  const queue = [];
  const send = (entry) => {
    entry.href = String(location.href);
    entry.stack = String(new Error().stack || "").split("\n").slice(2, 8).join("\n");
    entry.time = Date.now();
    const binding = window.__consentryRecord;
    if (typeof binding === "function") {
      while (queue.length) binding(queue.shift()).catch(() => {});
      binding(entry).catch(() => {});
    } else {
      queue.push(entry);
    }
  };
  const wrap = (proto, name, make) => {
    const original = proto && proto[name];
    if (typeof original !== "function") return;
    Object.defineProperty(proto, name, {
      value: make(original), writable: true, configurable: true,
    });
  };
  try {
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    if (desc && desc.set) {
      Object.defineProperty(Document.prototype, "cookie", {
        configurable: true,
        enumerable: desc.enumerable,
        get() { return desc.get.call(this); },
        set(value) {
          try { send({ kind: "cookie", value: String(value) }); } catch (e) { /* keep going */ }
          desc.set.call(this, value);
        },
      });
    }
  } catch (e) { /* a page that locked document.cookie: snapshots still see the jar */ }
  wrap(window.Storage && Storage.prototype, "setItem", (original) => function (key, value) {
    try {
      const kind = this === window.sessionStorage ? "sessionStorage" : "localStorage";
      send({ kind, value: String(key) });
    } catch (e) { /* storage access may throw in sandboxed frames */ }
    return original.apply(this, arguments);
  });
  wrap(window.IDBFactory && IDBFactory.prototype, "open", (original) => function (name) {
    send({ kind: "indexedDB", value: String(name) });
    return original.apply(this, arguments);
  });
  wrap(window.CacheStorage && CacheStorage.prototype, "open", (original) => function (name) {
    send({ kind: "cacheStorage", value: String(name) });
    return original.apply(this, arguments);
  });
})();
