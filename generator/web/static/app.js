// The only script of the pages: submit the library's grade filter when it changes,
// and follow a build until its documents are ready, then show them.
"use strict";
document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
(function () {
  var panel = document.getElementById("build");
  if (!panel) { return; }
  var lines = document.getElementById("build-lines");
  var note = document.getElementById("build-note");
  function show(job) {
    if (job.note) { note.textContent = job.note; }
    else if (job.state === "building") {
      note.textContent = job.lines.length
        ? "Making the documents: " + job.lines.length + " finished, " + job.seconds + " s so far."
        : "Checking the lesson, then making its documents (" + job.seconds + " s so far).";
    }
    for (var i = lines.children.length; i < job.lines.length; i++) {
      var item = document.createElement("li");
      item.textContent = job.lines[i];
      lines.appendChild(item);
    }
  }
  function poll() {
    fetch("/jobs/" + encodeURIComponent(panel.dataset.job), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (job.state === "done" || job.state === "failed" || job.error) {
          var url = new URL(window.location.href);
          url.searchParams.set("job", panel.dataset.job);
          window.location.replace(url.toString());
        } else {
          window.setTimeout(poll, 300);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
