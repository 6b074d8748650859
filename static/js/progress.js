// Keeps a background job's progress bar current without reloading; reloads once when the job ends so the
// page shows its result. Without JavaScript the page refreshes itself instead (see jobs/detail.html).
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || !box.dataset.statusUrl) {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  var state = box.querySelector("[data-job-state]");

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (job) {
        if (job.finished) {
          window.location.reload();
          return;
        }
        bar.max = job.total || 1;
        bar.value = job.done;
        bar.textContent = job.percent + "%";
        text.textContent = job.done + " of " + job.total + " done (" + job.percent + "%).";
        state.textContent = job.state_label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
