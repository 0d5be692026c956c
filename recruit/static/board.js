// The board: drag an interview onto another cell of its employer to move it. Picking it up
// asks the server where it may go (the validator's rules: the employer's grid, free tables,
// the young person's availability and other interviews); those cells light up, the others
// say why not. A drop on an allowed cell posts the move form (the server shows first what
// the move would send, if anything); the keyboard way is the "Move" list in a person's day.
//
// Two ways to drag, one set of rules: a mouse uses the browser's drag and drop; a finger or
// a pen (pointer events) picks an interview up by holding it for a moment, drags it and lets
// go over a cell. A finger that moves at once scrolls the board instead, and a short tap
// opens the person's day, as a click does.
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

  // How long a finger holds an interview before it is picked up (ms), how far it may
  // wander meanwhile (px), and how near the board's edge a dragged finger scrolls it (px).
  var HOLD_MS = 350;
  var SLOP_PX = 8;
  var EDGE_PX = 32;

  function urlFor(template, id) { return template.replace(/\/0\/(targets|place)$/, "/" + id + "/$1"); }
  function say(text) { message.textContent = text; }
  function cellOf(element) {
    return element && element.closest ? element.closest("td[data-cell]") : null;
  }

  function clear() {
    Array.prototype.forEach.call(scroll.querySelectorAll(".ok, .no, .picked, .over"), function (cell) {
      cell.classList.remove("ok", "no", "picked", "over");
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

  // Pick up the interview of `link`: ask the server where it may go and light those cells.
  function pickUp(link) {
    var cell = link.closest("td");
    picked = { id: link.getAttribute("data-i"), employer: cell.getAttribute("data-e"), targets: null };
    clear();
    cell.classList.add("picked");
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
  }

  // Drop the picked interview on `cell`: refused with the reason, or the move form posted.
  function dropOn(cell) {
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
  }

  function putDown() {
    if (!form.elements.cell.value) { clear(); picked = null; }
  }

  // --- a mouse: the browser's drag and drop ------------------------------------------------

  scroll.addEventListener("dragstart", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-i]") : null;
    if (!link) { return; }
    pickUp(link);
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", picked.id);
  });

  scroll.addEventListener("dragover", function (event) {
    if (!picked) { return; }
    if (cellOf(event.target)) { event.preventDefault(); event.dataTransfer.dropEffect = "move"; }
  });

  scroll.addEventListener("drop", function (event) {
    if (!picked) { return; }
    var cell = cellOf(event.target);
    if (!cell) { return; }
    event.preventDefault();
    dropOn(cell);
  });

  scroll.addEventListener("dragend", function () { window.setTimeout(putDown, 0); });

  // --- a finger or a pen: pointer events ---------------------------------------------------
  // The interviews' cells do not let the browser pan (touch-action: none in schedule.css),
  // so that holding one can pick it up; a finger that moves before the hold is over pans
  // the board here instead.

  var touch = null;  // {id, link, x, y, left, top, timer, dragging, panning}
  var swallowClick = false;

  function endTouch() {
    if (touch && touch.timer) { window.clearTimeout(touch.timer); }
    touch = null;
  }

  function edgeScroll(x, y) {
    var box = scroll.getBoundingClientRect();
    if (x < box.left + EDGE_PX) { scroll.scrollLeft -= EDGE_PX / 2; }
    if (x > box.right - EDGE_PX) { scroll.scrollLeft += EDGE_PX / 2; }
    if (y < box.top + EDGE_PX) { scroll.scrollTop -= EDGE_PX / 2; }
    if (y > box.bottom - EDGE_PX) { scroll.scrollTop += EDGE_PX / 2; }
  }

  function over(x, y) {
    var cell = cellOf(document.elementFromPoint(x, y));
    Array.prototype.forEach.call(scroll.querySelectorAll(".over"), function (c) {
      if (c !== cell) { c.classList.remove("over"); }
    });
    if (cell && cell.classList.contains("free")) { cell.classList.add("over"); }
    return cell;
  }

  scroll.addEventListener("pointerdown", function (event) {
    swallowClick = false;
    if (event.pointerType === "mouse" || !event.isPrimary) { return; }
    var card = event.target.closest ? event.target.closest("td.card") : null;
    var link = card ? card.querySelector("a[data-i]") : null;
    if (!link) { return; }
    endTouch();
    touch = { id: event.pointerId, link: link, x: event.clientX, y: event.clientY,
              left: scroll.scrollLeft, top: scroll.scrollTop, timer: null,
              dragging: false, panning: false };
    var mine = touch;
    touch.timer = window.setTimeout(function () {
      if (touch !== mine || mine.panning) { return; }
      mine.dragging = true;
      mine.timer = null;
      if (navigator.vibrate) { navigator.vibrate(20); }
      pickUp(link);
    }, HOLD_MS);
  });

  scroll.addEventListener("pointermove", function (event) {
    if (!touch || event.pointerId !== touch.id) { return; }
    var dx = event.clientX - touch.x;
    var dy = event.clientY - touch.y;
    if (touch.dragging) {
      event.preventDefault();
      edgeScroll(event.clientX, event.clientY);
      over(event.clientX, event.clientY);
      return;
    }
    if (touch.panning || Math.abs(dx) > SLOP_PX || Math.abs(dy) > SLOP_PX) {
      // Moved before the hold: the finger scrolls the board.
      touch.panning = true;
      if (touch.timer) { window.clearTimeout(touch.timer); touch.timer = null; }
      scroll.scrollLeft = touch.left - dx;
      scroll.scrollTop = touch.top - dy;
    }
  });

  scroll.addEventListener("pointerup", function (event) {
    if (!touch || event.pointerId !== touch.id) { return; }
    var was = touch;
    endTouch();
    if (was.dragging) {
      event.preventDefault();
      swallowClick = true;
      var cell = over(event.clientX, event.clientY);
      if (cell && picked) { dropOn(cell); }
      window.setTimeout(putDown, 0);
    } else if (was.panning) {
      swallowClick = true;
    }
  });

  scroll.addEventListener("pointercancel", function (event) {
    if (!touch || event.pointerId !== touch.id) { return; }
    var was = touch;
    endTouch();
    if (was.dragging) { putDown(); }
  });

  // A hold that picked an interview up, or a finger that panned, is not a tap on its name.
  scroll.addEventListener("click", function (event) {
    if (swallowClick) {
      swallowClick = false;
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // A long press would otherwise open the phone's menu for the link.
  scroll.addEventListener("contextmenu", function (event) {
    if (touch || (picked && !form.elements.cell.value)) { event.preventDefault(); }
  });
}());
