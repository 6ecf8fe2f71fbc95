// The waiting page reloads itself when the room opens (and at least every minute, so the time
// left stays right). Without JavaScript, a <noscript> refresh does the same.
(function () {
  "use strict";
  var countdown = document.getElementById("room-countdown");
  if (!countdown) return;
  var seconds = parseInt(countdown.dataset.refreshIn, 10) || 60;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
