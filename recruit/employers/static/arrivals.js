// The roster's arrival column on the event day: asks the server every few seconds who has
// arrived and updates the cells in place (no page reload). Without this script the column
// shows the state when the page was opened.
(function () {
  "use strict";
  var INTERVAL_MS = 10000;
  var STATES = ["arrived", "late", "no_show"];

  function update(arrivals) {
    document.querySelectorAll("[data-arrival]").forEach(function (cell) {
      var known = arrivals[cell.getAttribute("data-arrival")];
      var state = known ? known.arrival : null;
      STATES.forEach(function (name) { cell.classList.remove("state-" + name); });
      if (state) { cell.classList.add("state-" + state); }
      var label = known ? known.label : "";
      if (cell.textContent !== label) { cell.textContent = label; }
    });
  }

  function poll(url) {
    fetch(url, {headers: {"Accept": "application/json"}, cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body) { update(body.arrivals); } })
      .catch(function () { /* offline for a moment: the next round tries again */ })
      .finally(function () { window.setTimeout(function () { poll(url); }, INTERVAL_MS); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.querySelector("table[data-arrivals-url]");
    if (table) {
      window.setTimeout(function () { poll(table.getAttribute("data-arrivals-url")); },
                        INTERVAL_MS);
    }
  });
}());
