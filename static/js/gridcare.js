// GridCare page behaviour. Loaded from a file (the Content Security Policy forbids inline
// scripts); every behaviour is declared in the markup with a data- attribute.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // <select data-autosubmit>: submit the form when the choice changes (language switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });

  // <form data-confirm="...">: ask before a destructive action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // A double click must not submit twice: disable submit buttons once a form is sent.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var form = event.target;
    if (form.method && form.method.toLowerCase() === "post") {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
          b.disabled = true;
        });
      }, 0);
    }
  });

  onReady(function () {
    document.body.setAttribute("data-gc-ready", "1");
  });
})();
