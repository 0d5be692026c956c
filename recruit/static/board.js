// The board: drag an interview onto another cell of its employer to move it. Picking it up
// asks the server where it may go (the validator's rules: the employer's grid, free tables,
// the young person's availability and other interviews); those cells light up, the others
// say why not. A drop on an allowed cell posts the move form (the server shows first what
// the move would send, if anything); the keyboard way is the "Move" list in a person's day.
(function () {
  "use strict";
  // A fixed-layout table needs its width; the security policy allows no style attribute, so
  // it is set here from the column count (time column + one per table).
  var table = document.querySelector("table.board[data-columns]");
  if (table) {
    table.style.width = "calc(2.6rem + " + Number(table.getAttribute("data-columns")) + " * 4.75rem)";
  }
  var scroll = document.querySelector(".board-scroll");
  var form = document.getElementById("board-move");
  var message = document.getElementById("board-message");
  if (!scroll || !form) { return; }
  var targetsUrl = scroll.getAttribute("data-targets-url");
  var placeUrl = scroll.getAttribute("data-place-url");
  var picked = null;  // {id, employer, targets: {cell: target} | null}

  function urlFor(template, id) { return template.replace(/\/0\/(targets|place)$/, "/" + id + "/$1"); }
  function say(text) { message.textContent = text; }

  function clear() {
    Array.prototype.forEach.call(scroll.querySelectorAll(".ok, .no, .picked"), function (cell) {
      cell.classList.remove("ok", "no", "picked");
      cell.removeAttribute("title");
    });
  }

  function mark() {
    if (!picked || !picked.targets) { return; }
    var cells = scroll.querySelectorAll('td[data-e="' + picked.employer + '"]');
    Array.prototype.forEach.call(cells, function (cell) {
      var target = picked.targets[cell.getAttribute("data-cell")];
      if (!target || target.current) { return; }
      if (target.allowed && cell.classList.contains("free")) {
        cell.classList.add("ok");
      } else if (cell.classList.contains("free")) {
        cell.classList.add("no");
        cell.title = target.reason;
      }
    });
  }

  scroll.addEventListener("dragstart", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-i]") : null;
    if (!link) { return; }
    var cell = link.closest("td");
    picked = { id: link.getAttribute("data-i"), employer: cell.getAttribute("data-e"), targets: null };
    clear();
    cell.classList.add("picked");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", picked.id);
    say(scroll.getAttribute("data-loading"));
    var request = new XMLHttpRequest();
    var mine = picked;
    request.open("GET", urlFor(targetsUrl, picked.id));
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (picked !== mine || request.status !== 200) { return; }
      var data = JSON.parse(request.responseText);
      mine.targets = {};
      data.targets.forEach(function (t) { mine.targets[t.cell] = t; });
      say("");
      mark();
    };
    request.send();
  });

  scroll.addEventListener("dragover", function (event) {
    if (!picked) { return; }
    var cell = event.target.closest ? event.target.closest("td[data-cell]") : null;
    if (cell) { event.preventDefault(); event.dataTransfer.dropEffect = "move"; }
  });

  scroll.addEventListener("drop", function (event) {
    if (!picked) { return; }
    var cell = event.target.closest ? event.target.closest("td[data-cell]") : null;
    if (!cell) { return; }
    event.preventDefault();
    var key = cell.getAttribute("data-cell");
    if (cell.getAttribute("data-e") !== picked.employer) {
      say(scroll.getAttribute("data-wrong-employer"));
      return;
    }
    var target = picked.targets && picked.targets[key];
    if (picked.targets && (!target || !target.allowed || !cell.classList.contains("free"))) {
      say(scroll.getAttribute("data-refused") + " " + (target ? target.reason : ""));
      return;
    }
    // Targets not loaded yet: the server checks the same rules and explains a refusal.
    form.action = urlFor(placeUrl, picked.id);
    form.elements.cell.value = key;
    form.submit();
  });

  scroll.addEventListener("dragend", function () {
    window.setTimeout(function () { if (!form.elements.cell.value) { clear(); picked = null; } }, 0);
  });
}());
