// Move focus to the form's error summary, so keyboard and screen-reader users start there.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) { summary.focus(); }
})();
