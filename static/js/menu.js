/* Header menu on phones (Psyconsult): a disclosure button that shows or hides the navigation.
   Loaded without defer in <head> so that the menu is folded before the first paint; without
   JavaScript the "js-menu" class is missing and the CSS shows the menu under the brand. */
(() => {
  const d = document;
  d.documentElement.classList.add("js-menu");

  const init = () => {
    const button = d.querySelector(".menu-toggle");
    const menu = button && d.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    const isOpen = () => button.getAttribute("aria-expanded") === "true";
    const setOpen = (open) => {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    };

    button.addEventListener("click", () => setOpen(!isOpen()));
    // Escape closes the open menu from anywhere inside it and gives focus back to the button.
    d.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || !isOpen()) return;
      if (e.target !== button && !menu.contains(e.target)) return;
      setOpen(false);
      button.focus();
    });
  };

  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})();
