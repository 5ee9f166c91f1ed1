// The import job's page while a worker runs: follow its progress (JSON) and show the
// preview or the result once it is done. Without JavaScript, a <noscript> refresh
// reloads the page instead.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  if (!bar || !text || !bar.dataset.progressUrl) {
    return;
  }
  function poll() {
    fetch(bar.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (job) {
        bar.max = job.total || 1;
        bar.value = job.processed;
        bar.textContent = job.percent + " %";
        text.textContent = job.text;
        if (job.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000); // a restarting server: try again, more slowly
      });
  }
  window.setTimeout(poll, 500);
})();
