// Colour scheme: follows the system unless the reader chose one with the toggle; the choice
// is remembered. Loaded in <head> so the chosen scheme applies before the page is drawn.
(function () {
  "use strict";
  var KEY = "dossier-theme";
  var root = document.documentElement;
  function stored() {
    try {
      var value = localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (e) {
      return null;
    }
  }
  var choice = stored();
  if (choice) root.setAttribute("data-theme", choice);

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var system = window.matchMedia("(prefers-color-scheme: dark)");
    function isDark() {
      var theme = root.getAttribute("data-theme");
      return theme ? theme === "dark" : system.matches;
    }
    function sync() {
      button.setAttribute("aria-pressed", isDark() ? "true" : "false");
    }
    button.hidden = false;
    sync();
    system.addEventListener("change", sync);
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        localStorage.setItem(KEY, next);
      } catch (e) {
        // private mode: the choice holds for this page only
      }
      sync();
    });
  });
})();
