/* The support team's admin pages: the agent socket keeps them "online" (a ping every 20 s) and
   brings new messages in; the reply goes over the socket, the plain form works without it. */
(() => {
  const d = document;
  const init = () => {
    const root = d.getElementById("support-agent");
    if (!root) return;
    const t = root.dataset;
    const status = d.getElementById("support-agent-status");
    const log = d.getElementById("support-agent-log");
    const form = d.getElementById("support-agent-form");
    const text = d.getElementById("support-agent-text");
    const current = Number(t.conversation || 0);
    let socket = null;
    let timer = null;

    d.querySelectorAll("[data-canned]").forEach((b) =>
      b.addEventListener("click", () => {
        text.value = b.dataset.canned;
        text.focus();
      }),
    );

    const add = (m) => {
      if (log.querySelector('[data-id="' + m.id + '"]')) return;
      const li = d.createElement("p");
      li.dataset.id = m.id;
      const who = d.createElement("strong");
      who.textContent = m.author === "agent" ? t.tAgent : t.tVisitor;
      const at = new Date(m.created_at);
      // The platform's zone, as the times the server wrote on the page (not the agent's machine).
      const hhmm = at.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });
      li.append(who, d.createTextNode(" (" + hhmm + ") : " + m.text));
      log.appendChild(li);
    };

    const connect = () => {
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(scheme + "//" + location.host + t.socket);
      socket.onopen = () => {
        status.textContent = t.tOnline;
        timer = setInterval(() => socket.send(JSON.stringify({ type: "ping" })), 20000);
      };
      socket.onmessage = (e) => {
        const data = JSON.parse(e.data);
        if (data.type === "message") {
          if (current && data.message.conversation === current) {
            add(data.message);
            if (data.message.author === "visitor") socket.send(JSON.stringify({ type: "read", conversation: current }));
          } else if (!current && data.message.author === "visitor") {
            location.reload(); // the list: new conversation or unread count
          }
        } else if (data.type === "closed" && !current) {
          location.reload();
        }
      };
      socket.onclose = () => {
        status.textContent = t.tOffline;
        clearInterval(timer);
        setTimeout(connect, 3000);
      };
    };

    if (form && current) {
      form.addEventListener("submit", (e) => {
        if (!socket || socket.readyState !== WebSocket.OPEN || !text.value.trim()) return; // plain POST
        e.preventDefault();
        socket.send(JSON.stringify({ type: "reply", conversation: current, text: text.value }));
        text.value = "";
      });
    }
    connect();
  };
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})();
