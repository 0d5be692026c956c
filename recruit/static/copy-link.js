// "Copy" buttons beside read-only address fields (the staff event page's sign-up forms).
// Without this script the buttons stay hidden and the field is selected and copied by hand.
"use strict";

(function () {
  const status = document.querySelector("[data-copy-status]");

  async function copy(field) {
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(field.value);
      return true;
    }
    // Plain http (a venue's own server): the older command still copies the selection.
    return document.execCommand("copy");
  }

  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    const field = document.getElementById(button.dataset.copyFrom);
    if (!field) {
      return;
    }
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(function (copied) {
        if (!copied) {
          return;  // the address is selected: the keyboard's copy works
        }
        button.textContent = button.dataset.copied;
        if (status) {
          status.textContent = button.dataset.copied;
        }
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }).catch(function () { /* left selected for copying by hand */ });
    });
  });
})();
