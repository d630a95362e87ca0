// Field screens. Loaded from a file (the Content Security Policy forbids inline scripts).
(function () {
  "use strict";

  // <button data-formset-add="P">: append a copy of <template data-formset-template="P">
  // to [data-formset-list="P"], numbered by the formset's TOTAL_FORMS counter, so that a
  // field unit adds as many findings as it found.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-formset-add]");
    if (!button) return;
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.querySelector('[data-formset-template="' + prefix + '"]');
    var list = document.querySelector('[data-formset-list="' + prefix + '"]');
    if (!total || !template || !list) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    list.insertAdjacentHTML("beforeend", html);
    var added = list.lastElementChild;
    var number = added.querySelector("[data-formset-number]");
    if (number) number.textContent = String(index + 1);
    total.value = String(index + 1);
    var first = added.querySelector("textarea, input, select");
    if (first) first.focus();
  });
})();
