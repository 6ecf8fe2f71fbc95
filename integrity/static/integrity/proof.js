// The proof page's "Imprimer" button: shown only when JavaScript runs (the browser's own print
// command works without it).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
