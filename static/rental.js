// Huuraanvraag: "Gegevens van Melden bij overnemen" copies name, phone and e-mail of "Melden bij" into
// "Contactpersoon bij aflevering"; the part of the form for "Nieuw" or "Bestaand" shows as that is chosen.
// Without script the button stays hidden and both parts show.
(function () {
  var PAIRS = [["report_to_name", "contact_name"], ["report_to_phone", "contact_phone"],
               ["report_to_email", "contact_email"]];

  function showChosen(form) {
    var chosen = form.querySelector("input[name=reference_kind]:checked");
    form.querySelectorAll("fieldset[data-reference-kind]").forEach(function (part) {
      part.hidden = !chosen || part.dataset.referenceKind !== chosen.value;
    });
  }

  function start() {
    var button = document.getElementById("copy-report-to");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        PAIRS.forEach(function (pair) {
          var from = document.getElementById("f-" + pair[0]), to = document.getElementById("f-" + pair[1]);
          if (from && to) { to.value = from.value; }
        });
      });
    }
    var form = document.querySelector(".rental-form");
    if (form) {
      showChosen(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "reference_kind") { showChosen(form); }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
