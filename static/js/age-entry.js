// The child's details page, enhanced: the page works the same without this script.
// - Under the date boxes, the date in words in the page's language ("April 3, 2024"), so a day
//   and month typed the wrong way round show before Next.
// - The early-birth question is hidden once the date says the child is 2 or older (the server
//   leaves that answer aside for them in any case).
(function () {
  "use strict";

  var dateInput = document.querySelector("fieldset.date-input");
  if (!dateInput) { return; }
  var part = function (name) { return dateInput.querySelector("input[name$='_" + name + "']"); };
  var day = part("day"), month = part("month"), year = part("year");
  var inWords = dateInput.querySelector(".date-in-words");
  var earlyBirth = document.querySelector(".early-birth");
  var language = document.documentElement.lang || "en";
  var format = new Intl.DateTimeFormat(language, {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
  });

  // The date the boxes hold, or null while it is incomplete or not a real date. Only numbers:
  // a month typed as its name is left to the server.
  function typedDate() {
    var numbers = [day, month, year].map(function (box) { return box.value.trim(); });
    if (!/^\d{1,2}$/.test(numbers[0]) || !/^\d{1,2}$/.test(numbers[1]) || !/^\d{4}$/.test(numbers[2])) {
      return null;
    }
    var d = Number(numbers[0]), m = Number(numbers[1]), y = Number(numbers[2]);
    var date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      return null;
    }
    return date;
  }

  // Completed months, near enough to decide whether to show a question (the server counts).
  function monthsOld(born) {
    var today = new Date();
    var months = (today.getFullYear() - born.getUTCFullYear()) * 12 +
      (today.getMonth() - born.getUTCMonth());
    if (today.getDate() < born.getUTCDate()) { months -= 1; }
    return months;
  }

  function update() {
    var born = typedDate();
    if (inWords) {
      inWords.hidden = !born;
      inWords.textContent = born ? inWords.dataset.prefix + " " + format.format(born) : "";
    }
    if (earlyBirth) {
      var until = Number(earlyBirth.dataset.askUntilMonths);
      earlyBirth.hidden = Boolean(born) && monthsOld(born) >= until;
    }
  }

  [day, month, year].forEach(function (box) { box.addEventListener("input", update); });
  update();
})();
