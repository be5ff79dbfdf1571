// Enhancements only: every page works without JavaScript.
(function () {
  "use strict";

  // Move focus to the error summary so keyboard and screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // "Print" on the staff's content review page (the browser's own Print works without it).
  document.querySelectorAll(".print-page").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // "Copy link" for the private link (the link itself stays visible and selectable without it).
  document.querySelectorAll(".copy-link").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = button.closest(".private-link").querySelector(".copy-status");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.dataset.copiedText;
      }, function () {
        field.select();
      });
    });
  });

  // Switching language, or "Send me my link", reloads the page: keep what the parent picked or
  // typed on it but has not saved yet, and put it back once the page is shown again.
  var stepForm = document.querySelector(
    "main form[method=post]:not(.submit-form):not(.send-link-form):not(.forget-form)");
  var carriers = document.querySelectorAll("form.language-switch, form.send-link-form");
  var typedFields = "textarea, input[type=text], input[type=email], input[type=tel], " +
    "input[type=number], input[type=date]";
  var unsavedKey = "milestone-check-unsaved:" + location.pathname;
  var unsaved = false;  // the parent changed something on the step since it was shown
  if (stepForm && window.sessionStorage) {
    carriers.forEach(function (carrier) {
      carrier.addEventListener("submit", function () {
        if (!unsaved) { sessionStorage.removeItem(unsavedKey); return; }
        var picked = {};
        stepForm.querySelectorAll("input:checked, " + typedFields).forEach(function (field) {
          (picked[field.name] = picked[field.name] || []).push(field.value);
        });
        sessionStorage.setItem(unsavedKey, JSON.stringify(picked));
      });
    });
    var saved = sessionStorage.getItem(unsavedKey);
    if (saved) {
      sessionStorage.removeItem(unsavedKey);
      var picked = JSON.parse(saved);
      stepForm.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
        if (picked.hasOwnProperty(input.name)) {
          input.checked = picked[input.name].indexOf(input.value) !== -1;
        }
      });
      stepForm.querySelectorAll(typedFields).forEach(function (field) {
        if (picked.hasOwnProperty(field.name)) { field.value = picked[field.name][0]; }
      });
      unsaved = true;  // put back, still not saved
    }
  }

  // Leaving a step with answers changed but not saved (Next or Save not pressed) asks first.
  // Not when the step's form is sent, nor when the language switch or "Send me my link" carries
  // the answers over (above).
  if (stepForm) {
    // A step shown again with a mistake to fix holds answers that were sent but not saved.
    if (summary) { unsaved = true; }
    var markUnsaved = function () { unsaved = true; };
    stepForm.addEventListener("change", markUnsaved);
    stepForm.addEventListener("input", markUnsaved);
    // Added after the carriers' own listeners above, so those still see what was unsaved.
    var leaveQuietly = function () { unsaved = false; };
    stepForm.addEventListener("submit", leaveQuietly);
    carriers.forEach(function (carrier) { carrier.addEventListener("submit", leaveQuietly); });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";  // older browsers need it set to show their warning
      }
    });
  }

  // One Submit per click: a double click sends the screening once.
  document.querySelectorAll("form.submit-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        // Disable after the browser has taken the click, so the form still submits.
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
})();
