/* Mesure d'audience first-party : une page vue envoyée à /audience/collect/ (même origine).
   Sans consentement, le serveur ne compte que des totaux par jour ; avec le consentement
   « mesure_audience », il rattache la page à la visite (cookie psy_visit, posé par le serveur). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var endpoint = script.getAttribute("data-endpoint") || "/audience/collect/";
  var stage = script.getAttribute("data-stage") || "";

  function send() {
    var data = new URLSearchParams();
    data.set("p", location.pathname);
    data.set("r", document.referrer || "");
    data.set("l", navigator.language || "");
    if (stage) data.set("s", stage);
    navigator.sendBeacon(endpoint, data);
  }

  // A prerendered page is counted when the visitor actually sees it, never before.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
