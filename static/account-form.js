// The account form (ADM-2). Without this file the form still works: "Toevoegen" and the bin buttons then
// post the form and it comes back with a row more or less. htmx appends new budget-tier rows; this file
// removes them, and keeps locations and their departments consistent.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".account-form [data-remove-tier]");
    if (!button) { return; }
    event.preventDefault();
    var row = button.closest(".tier-row");
    var rows = row.parentElement;
    row.remove();
    var next = rows.querySelector(".tier-row input") || document.getElementById("tier-add");
    if (next) { next.focus(); }
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.closest || !box.closest(".account-form")) { return; }
    var form = box.form;
    if (box.hasAttribute("data-department-of") && box.checked) {
      // A department counts only for a ticked location: tick it too.
      var location = form.querySelector('[data-location="' + box.getAttribute("data-department-of") + '"]');
      if (location) { location.checked = true; }
    } else if (box.hasAttribute("data-location") && !box.checked) {
      form.querySelectorAll('[data-department-of="' + box.getAttribute("data-location") + '"]').forEach(function (d) {
        d.checked = false;
      });
    }
  });
})();
