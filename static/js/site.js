// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // A form marked .js-once is sent once: a double click does not send it twice.
  // (The server is idempotent anyway; this only spares a second round trip.)
  document.querySelectorAll("form.js-once").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("disabled");
      });
    });
  });

  // Sign-up: the browser's time zone, so that "this week" and reminders are local.
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    zone = "";
  }
  document.querySelectorAll("input[type=hidden][name=timezone]").forEach(function (input) {
    if (!input.value && zone) {
      input.value = zone;
    }
  });
})();
