// Progress of a schedule build: poll the run's status and show elapsed time and the best
// result so far. When the run ends, go to the schedule (or show why it failed).
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) { return; }
  var statusUrl = box.getAttribute("data-status-url");
  var doneUrl = box.getAttribute("data-done-url");
  var resultUrl = box.getAttribute("data-result-url");

  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }

  function show(data) {
    field("status").textContent = data.status_label;
    field("elapsed").textContent = data.elapsed_label;
    if (field("bar")) {
      field("bar").value = data.step;
      field("bar").max = data.steps;
      field("step_label").textContent = data.step_label;
      field("placed_label").textContent = data.placed_label;
    }
    if (data.best.length) {
      var body = field("best");
      while (body.firstChild) { body.removeChild(body.firstChild); }
      data.best.forEach(function (row) {
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = row.label;
        var td = document.createElement("td");
        td.textContent = row.value;
        tr.appendChild(th);
        tr.appendChild(td);
        body.appendChild(tr);
      });
    }
  }

  function poll() {
    fetch(statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (!data.finished) {
          setTimeout(poll, 1500);
        } else {
          window.location.assign(data.status === "failed" ? doneUrl : resultUrl);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
