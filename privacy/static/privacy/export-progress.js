// The export status page, while the archive is being prepared: ask its status every few
// seconds and reload the page once it changes (without JavaScript, a <noscript> refresh does).
(function () {
  "use strict";
  var box = document.getElementById("export-status");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var initial = box.getAttribute("data-status");
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.status !== initial) {
          window.location.reload();
        } else if (tries < 200) {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 2000);
})();
