/* Support chat (Psyconsult): first-party, no third-party code. Shown to signed-in people and to
   visitors whose consent cookie accepts the "chat_assistance" group; otherwise the page keeps its
   link to the contact form. The server checks the signed consent again before any socket. */
(() => {
  const d = document;
  const DRAFT = "psy-chat-draft";

  // On the contact page: the message the chat could not deliver out of hours, written in.
  const prefillContactForm = () => {
    const field = d.getElementById("id_message");
    let draft = null;
    try {
      draft = sessionStorage.getItem(DRAFT);
    } catch (e) {
      return;
    }
    if (field && draft && !field.value) {
      field.value = draft;
      sessionStorage.removeItem(DRAFT);
    }
  };

  const init = () => {
    prefillContactForm();
    const root = d.getElementById("support-chat");
    if (!root) return;
    const $ = (id) => d.getElementById("support-chat-" + id);
    const opener = $("open");
    const contact = $("contact");
    const dialog = $("dialog");
    const log = $("log");
    const status = $("status");
    const offline = $("offline");
    const form = $("form");
    const text = $("text");
    const t = root.dataset;
    let socket = null;
    let pending = [];
    let lastText = "";

    const consentAccepts = () => {
      const m = d.cookie.match(new RegExp("(?:^|; )" + t.consentCookie + "=([^;]*)"));
      if (!m) return false;
      const pairs = {};
      m[1].replace(/^"|"$/g, "").split("|").forEach((p) => {
        const i = p.indexOf("=");
        if (i > 0) pairs[p.slice(0, i)] = p.slice(i + 1);
      });
      const v = pairs[t.group];
      return Boolean(pairs._sig && v && v !== "-1");
    };
    const allowed = () => t.signedIn === "1" || consentAccepts();

    const say = (message) => {
      status.textContent = message || "";
    };

    const add = (m) => {
      if (m.id && log.querySelector('[data-id="' + m.id + '"]')) return;
      const li = d.createElement("p");
      li.className = "support-chat__message support-chat__message--" + m.author;
      if (m.id) li.dataset.id = m.id;
      const who = d.createElement("span");
      who.className = "support-chat__who";
      who.textContent = (m.author === "agent" ? t.tAgent : t.tYou) + " : ";
      li.append(who, d.createTextNode(m.text));
      log.appendChild(li);
      log.scrollTop = log.scrollHeight;
    };

    const disconnect = () => {
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
      socket = null;
    };

    const connect = async () => {
      if (socket) return;
      say(t.tConnecting);
      if (t.signedIn !== "1") {
        const r = await fetch(t.start, { method: "POST", credentials: "same-origin" }).catch(() => null);
        if (!r || !r.ok) {
          say(t.tRefused);
          return;
        }
      }
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      const ws = new WebSocket(scheme + "//" + location.host + t.socket + "?lang=" + encodeURIComponent(t.lang));
      socket = ws;
      ws.onopen = () => {
        pending.forEach((p) => ws.send(p));
        pending = [];
      };
      ws.onmessage = (e) => {
        const data = JSON.parse(e.data);
        if (data.type === "welcome") {
          log.textContent = "";
          data.messages.forEach(add);
          say(data.available ? t.tAvailable : t.tUnavailable);
        } else if (data.type === "message") {
          offline.hidden = true;
          add(data.message);
        } else if (data.type === "offline") {
          // Nothing was stored: the contact form takes the message (with its privacy notice).
          try {
            sessionStorage.setItem(DRAFT, lastText);
          } catch (err) {
            /* private browsing: the visitor pastes it */
          }
          say(t.tUnavailable);
          offline.hidden = false;
        } else if (data.type === "closed") {
          say(t.tClosed);
        } else if (data.type === "withdrawn") {
          // Consent withdrawn in another tab. The server says so before that tab's new cookie is
          // stored: the chat goes away without waiting to read it.
          hide();
        } else if (data.type === "error") {
          say(data.error === "rate" ? t.tRate : t.tError);
        }
      };
      ws.onclose = () => {
        socket = null;
        say(ws.readyState === WebSocket.CLOSED && !log.childElementCount ? t.tRefused : t.tLost);
      };
    };

    const show = (open) => {
      dialog.hidden = !open;
      opener.setAttribute("aria-expanded", String(open));
      if (open) {
        connect();
        text.focus();
      } else {
        opener.focus();
      }
    };

    // Refused or withdrawn: the chat goes away now (the server dropped its cookie).
    const hide = () => {
      opener.hidden = true;
      if (contact) contact.hidden = false;
      disconnect();
      dialog.hidden = true;
      opener.setAttribute("aria-expanded", "false");
    };

    const update = () => {
      if (!allowed()) {
        hide();
        return;
      }
      opener.hidden = false;
      if (contact) contact.hidden = true;
    };

    opener.addEventListener("click", () => show(dialog.hidden));
    $("close").addEventListener("click", () => show(false));
    dialog.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        show(false);
      }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      lastText = value;
      const frame = JSON.stringify({ type: "message", text: value });
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
      else {
        pending.push(frame);
        connect();
      }
      text.value = "";
    });
    d.addEventListener("consent:change", update);
    window.addEventListener("pageshow", update);
    update();
  };

  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})();
