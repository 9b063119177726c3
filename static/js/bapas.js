// Behaviour of every page, without inline scripts or handlers (the Content-Security-Policy forbids them).
//  - select[data-autosubmit]: sends its form when changed (the language switch).
//  - button[data-print]: prints the page (letters).
//  - every POST form: its submit buttons are disabled while it is sent, so a double click sends it once
//    (the server refuses a repeat too: see submissions/services.py); back/forward shows them enabled.
//  - select[data-outcome]: fields of its form marked data-shown-for="a b" show only for those outcomes (hidden
//    ones are disabled, so they are not sent); data-required-for="a" marks the field's label required for
//    those outcomes. Without JS every field shows; the server validates either way.
//  - .error-summary[tabindex]: the list of a form's errors at the top of the page takes the focus on load.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) select.form.requestSubmit();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });

  function submitButtons(form) {
    var inside = Array.prototype.slice.call(
      form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit]")
    );
    var outside = form.id ? Array.prototype.slice.call(document.querySelectorAll('[form="' + form.id + '"]')) : [];
    return inside.concat(outside);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var method = (form.getAttribute("method") || "").toLowerCase();
    if (event.defaultPrevented || method !== "post" || form.getAttribute("target")) return;
    if (form.hasAttribute("data-sending")) {
      event.preventDefault(); // the second click of a double click
      return;
    }
    form.setAttribute("data-sending", "");
    // After this task: the clicked button's name and value are still part of what is sent.
    window.setTimeout(function () {
      submitButtons(form).forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute("data-disabled-while-sending", "");
        }
      });
    }, 0);
  });

  function applyOutcome(select) {
    var form = select.form;
    if (!form) return;
    var outcome = select.value;
    form.querySelectorAll("[data-shown-for]").forEach(function (input) {
      var shown = input.getAttribute("data-shown-for").split(" ").indexOf(outcome) !== -1;
      var box = input.closest(".field") || input;
      box.hidden = !shown;
      input.disabled = !shown;
    });
    form.querySelectorAll("[data-required-for]").forEach(function (input) {
      var required = input.getAttribute("data-required-for").split(" ").indexOf(outcome) !== -1;
      var label = form.querySelector('label[for="' + input.id + '"]');
      var mark = label && label.querySelector(".req");
      if (label && required && !mark) {
        mark = document.createElement("span");
        mark.className = "req";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = "*";
        label.appendChild(document.createTextNode(" "));
        label.appendChild(mark);
      }
      if (mark) mark.hidden = !required;
      input.setAttribute("aria-required", required ? "true" : "false");
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-outcome]")) applyOutcome(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-outcome]").forEach(applyOutcome);
    var summary = document.querySelector(".error-summary[tabindex]");
    if (summary) summary.focus();
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
    });
    document.querySelectorAll("[data-disabled-while-sending]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-disabled-while-sending");
    });
  });
})();
