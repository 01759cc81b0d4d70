// Mijn hulpmiddelen: on a phone the filters start folded away, so the list is the first thing on the
// screen (after a search the page folds them itself). Without script they stay open; the page works the same.
(function () {
  function fold() {
    var filters = document.querySelector("details.list-filters");
    if (!filters || filters.dataset.folded) { return; }
    filters.dataset.folded = "1";
    if (window.matchMedia("(max-width: 767px)").matches) {
      filters.removeAttribute("open");
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fold);
  } else {
    fold();
  }
})();
