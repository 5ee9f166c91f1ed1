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

  // Sign-up: propose the browser's own time zone, so that reminders come at the hour
  // the volunteer chose on their own clock. Only on a form shown for the first time
  // (data-browser-zone), and only a zone the list offers: otherwise the server's choice
  // (the campaign's zone) stays selected.
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    zone = "";
  }
  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    var offered = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (zone && offered) {
      select.value = zone;
    }
  });
})();

// The offline page's service worker (advocacy/webapp.py): in the installed app only (a
// browser tab has the browser's own offline page), a page of ours, not an error, when a
// phone has no connection. A visitor who has not installed the app gets nothing stored.
if ("serviceWorker" in navigator && window.matchMedia("(display-mode: standalone)").matches) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () {
      // Not registered (storage refused, say): the app works as before.
    });
  });
}
