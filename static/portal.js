// Small behaviours that need script; every page works without it.
document.addEventListener("click", function (event) {
  // Close the phone menu after choosing an item.
  var link = event.target.closest(".main-menu a");
  if (link) { link.closest("details").removeAttribute("open"); }
});

document.addEventListener("keydown", function (event) {
  // Escape closes an open menu and gives the focus back to its button.
  if (event.key !== "Escape") { return; }
  var menu = document.querySelector(".main-menu[open]");
  if (menu) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  }
});
