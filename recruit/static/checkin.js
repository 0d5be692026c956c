// The check-in list without page reloads: each mark's form is sent in the background and the
// row and the counts show the answer. Without this script the same forms post and redirect.
(function () {
  "use strict";
  var STATES = ["arrived", "late", "no_show"];

  function show(rows, counts) {
    Object.keys(rows).forEach(function (id) {
      var row = document.getElementById("interview-" + id);
      if (!row) { return; }
      var state = rows[id].arrival;
      STATES.forEach(function (name) { row.classList.remove("state-" + name); });
      if (state) { row.classList.add("state-" + state); }
      row.querySelector("[data-state]").textContent = rows[id].label;
      row.querySelectorAll("button[name=arrival]").forEach(function (button) {
        if (button.value && button.value === state) {
          button.setAttribute("aria-pressed", "true");
        } else {
          button.removeAttribute("aria-pressed");
        }
      });
    });
    Object.keys(counts).forEach(function (name) {
      var cell = document.querySelector("[data-count=" + name + "]");
      if (cell) { cell.textContent = counts[name]; }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("checkin-buttons")) { return; }
    var button = event.submitter;
    if (!button) { return; }  // an old browser: let the form post as it is
    event.preventDefault();
    var data = new FormData(form);
    data.set("arrival", button.value);
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (answer) {
      if (answer.ok) {
        show(answer.body.rows, answer.body.counts);
      } else {
        window.alert(answer.body.message || answer.body.error);
      }
    }).catch(function () {
      // The network failed: send the plain form instead, with the button's choice.
      var chosen = document.createElement("input");
      chosen.type = "hidden";
      chosen.name = "arrival";
      chosen.value = button.value;
      form.appendChild(chosen);
      form.submit();
    }).finally(function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
  });
}());
