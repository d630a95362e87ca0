// Key-account pages. Loaded from a file (the Content Security Policy forbids inline
// scripts); behaviour is declared in the markup with data- attributes.
(function () {
  "use strict";
  // <input data-select-on-focus>: select the whole value (a calendar address to copy).
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el instanceof HTMLInputElement && el.hasAttribute("data-select-on-focus")) el.select();
  });
})();
