// Enhancements only: every page works without JavaScript.
(function () {
  "use strict";

  // Move focus to the error summary so keyboard and screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

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
