// Survey pages (CSP: no inline scripts): <button data-gc-print> prints the page of links.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-gc-print]");
    if (button) window.print();
  });
})();
