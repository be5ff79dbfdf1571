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

  // Switching language reloads the page: keep what the parent picked or typed on it but has not
  // saved yet, and put it back once the page is in the other language.
  var stepForm = document.querySelector("main form[method=post]:not(.submit-form)");
  var switcher = document.querySelector("form.language-switch");
  var unsavedKey = "milestone-check-unsaved:" + location.pathname;
  if (stepForm && switcher && window.sessionStorage) {
    switcher.addEventListener("submit", function () {
      var picked = {};
      stepForm.querySelectorAll("input:checked, textarea").forEach(function (field) {
        (picked[field.name] = picked[field.name] || []).push(field.value);
      });
      sessionStorage.setItem(unsavedKey, JSON.stringify(picked));
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
      stepForm.querySelectorAll("textarea").forEach(function (area) {
        if (picked.hasOwnProperty(area.name)) { area.value = picked[area.name][0]; }
      });
    }
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
