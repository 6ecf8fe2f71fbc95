/* Cookie banner (Psyconsult). Loaded without defer just before the banner so the banner never
   flashes for visitors who already chose. No third-party code. The page works without it:
   the banner is a plain POST form and /cookies/etat.css hides it once a choice exists. */
(() => {
  const d = document;
  d.documentElement.classList.add("cc-js");

  const readChoice = (name) => {
    const m = d.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    if (!m) return null;
    const o = {};
    m[1].replace(/^"|"$/g, "").split("|").forEach((p) => {
      const i = p.indexOf("=");
      if (i > 0) o[p.slice(0, i)] = p.slice(i + 1);
    });
    // The server checks the signature; here a choice without one is no choice.
    return o._id && o._at && o._sig ? o : null;
  };

  const init = () => {
    const box = d.getElementById("cc");
    if (!box) return;
    const cfg = JSON.parse(box.dataset.config);
    const form = box.querySelector("form");
    const panel = d.getElementById("cc-panel");
    const status = d.getElementById("cc-status");
    const custom = form.querySelector('[value="customise"]');
    const names = Object.keys(cfg.groups);
    const loaded = new Set();
    let returnTo = null;

    const state = (c, n) => {
      if (!c) return null;
      const age = Date.now() / 1000 - c._at;
      const refused = Object.keys(c).some((k) => k[0] !== "_" && c[k] === "-1");
      if (age > cfg.maxDays * 86400 || (refused && age > cfg.refusalDays * 86400) || +c._p < cfg.baseline) return null;
      const v = c[n];
      if (v == null) return null;
      if (v === "-1") return false;
      return v >= cfg.groups[n] ? true : null;
    };

    const loadCode = (c) => {
      const fresh = names.filter((n) => state(c, n) === true && !loaded.has(n));
      if (!fresh.length) return;
      fresh.forEach((n) => loaded.add(n));
      const s = d.createElement("script");
      s.src = cfg.code + "?g=" + encodeURIComponent(fresh.join(","));
      d.body.appendChild(s);
    };

    const togglePanel = (open) => {
      box.classList.toggle("cc--custom", open);
      custom.setAttribute("aria-expanded", open);
      (open ? panel : custom).focus();
    };

    const open = (c) => {
      names.forEach((n) => {
        const cb = d.getElementById("cc-g-" + n);
        if (cb) cb.checked = state(c, n) === true;
      });
      box.classList.add("cc--open");
    };

    const close = () => {
      box.classList.remove("cc--open", "cc--custom");
      custom.setAttribute("aria-expanded", "false");
      // Focus goes back without scrolling: the banner overlays the page, closing it moves nothing.
      if (box.contains(d.activeElement)) (returnTo || d.getElementById("main") || d.body).focus({ preventScroll: true });
    };

    custom.setAttribute("aria-controls", panel.id);
    custom.setAttribute("aria-expanded", "false");
    box.addEventListener("focusin", (e) => {
      if (!box.contains(e.relatedTarget)) returnTo = e.relatedTarget;
    });
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && box.classList.contains("cc--custom")) {
        e.preventDefault();
        togglePanel(false);
      }
    });

    form.addEventListener("submit", async (e) => {
      const choice = e.submitter && e.submitter.value;
      if (!choice) return;
      e.preventDefault();
      if (choice === "customise") return togglePanel(!box.classList.contains("cc--custom"));
      const body = new FormData(form);
      body.append("choice", choice);
      try {
        const r = await fetch(form.action, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!r.ok) throw new Error(r.status);
        const res = await r.json();
        // Code already running cannot be unloaded: a withdrawal reloads the page without it.
        if (res.withdrawn.some((n) => loaded.has(n))) return location.reload();
        close();
        status.textContent = box.dataset.saved || "";
        loadCode(readChoice(cfg.cookie));
        // First-party features that follow a group (the support chat) show or hide at once.
        d.dispatchEvent(new CustomEvent("consent:change", { detail: res }));
      } catch (err) {
        // Fall back to the plain form (server render, redirect back here).
        const input = d.createElement("input");
        input.type = "hidden";
        input.name = "choice";
        input.value = choice;
        form.appendChild(input);
        HTMLFormElement.prototype.submit.call(form);
      }
    });

    const c = readChoice(cfg.cookie);
    loadCode(c);
    if (names.some((n) => state(c, n) === null)) open(c);
  };

  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})();
