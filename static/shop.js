// Kopen: the − and + buttons next to a quantity. Without script they stay hidden and the number is typed;
// with it they change the number (1 to 9999) and tell the form it changed (the basket recalculates on it).
(function () {
  var MIN = 1, MAX = 9999;

  function show(root) {
    root.querySelectorAll(".quantity .step[hidden]").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".quantity .step");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("aria-controls"));
    if (!input) { return; }
    var value = parseInt(input.value, 10);
    if (isNaN(value)) { value = 0; }
    value = Math.min(MAX, Math.max(MIN, value + parseInt(button.dataset.step, 10)));
    input.value = String(value);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // New fragments (an answer of the search, the basket after a swap) bring their own buttons.
  document.addEventListener("htmx:load", function (event) { show(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { show(document); });
  } else {
    show(document);
  }
})();
