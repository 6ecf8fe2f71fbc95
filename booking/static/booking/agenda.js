// The practitioner's agenda: show, without reloading, whose person is waiting in the video room.
(function () {
  "use strict";
  var page = document.querySelector("[data-presence-url]");
  if (!page || !window.fetch) return;
  function refresh() {
    fetch(page.dataset.presenceUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        document.querySelectorAll("[data-reference]").forEach(function (item) {
          var badge = item.querySelector(".appointment__waiting");
          if (badge) badge.hidden = data.waiting.indexOf(item.dataset.reference) === -1;
        });
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 15000);
})();
