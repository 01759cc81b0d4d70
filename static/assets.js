// Mijn hulpmiddelen: on a phone the filters start folded away unless some are in use, so the list is
// the first thing on the screen. Without script they stay open; the page works the same.
(function () {
  function fold() {
    var filters = document.querySelector("details.fleet-filters");
    if (!filters || filters.dataset.folded) { return; }
    filters.dataset.folded = "1";
    if (window.matchMedia("(max-width: 767px)").matches && filters.dataset.activeFilters === "0") {
      filters.removeAttribute("open");
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
})();
