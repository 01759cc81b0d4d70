// Small behaviours that need script; every page works without it.
document.addEventListener("click", function (event) {
  // Close the phone menu after choosing an item.
  var link = event.target.closest(".main-menu a");
  if (link) { link.closest("details").removeAttribute("open"); }
});
