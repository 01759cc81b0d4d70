// Conversations (the chat at the bottom right, a record's thread, the staff's desk): live messages
// arrive through htmx's SSE extension; this keeps the log whole and readable. Pages work without it.
(function () {
  "use strict";

  // The newest message id a log on the page already shows.
  function newestId(url) {
    var log = document.querySelector('.chat-log[sse-connect="' + url + '"]');
    var newest = 0;
    if (log) {
      log.querySelectorAll("[data-message-id]").forEach(function (item) {
        newest = Math.max(newest, parseInt(item.getAttribute("data-message-id"), 10) || 0);
      });
    }
    return newest;
  }

  // A browser's own reconnect sends Last-Event-ID; when the extension opens a new connection instead,
  // the newest id goes in the address (?na=), so nothing sent meanwhile is missed.
  htmx.createEventSource = function (url) {
    var newest = newestId(url);
    var address = newest ? url + (url.indexOf("?") < 0 ? "?" : "&") + "na=" + newest : url;
    return new EventSource(address, { withCredentials: true });
  };

  function scrollDown(log) { log.scrollTop = log.scrollHeight; }

  // A message the log already has (sent again after a reconnect) is not shown twice.
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var id = event.detail && event.detail.lastEventId;
    if (id && event.target.querySelector('[data-message-id="' + id + '"]')) { event.preventDefault(); }
  });

  document.addEventListener("htmx:sseMessage", function (event) {
    if (event.target.classList.contains("chat-log")) { scrollDown(event.target); }
  });

  // A panel or page just shown: the newest message in view.
  document.addEventListener("htmx:afterSettle", function (event) {
    event.target.querySelectorAll(".chat-log").forEach(scrollDown);
    // After sending, the fresh box keeps the focus for the next message.
    if (event.target.classList && event.target.classList.contains("chat-form")) {
      var box = event.target.querySelector("textarea");
      if (box) { box.focus(); }
    }
  });

  // Escape closes the chat panel and gives the focus back to its button, like the menu.
  document.addEventListener("keydown", function (event) {
    var widget = document.querySelector(".chat-widget[open]");
    if (event.key !== "Escape" || !widget) { return; }
    widget.removeAttribute("open");
    widget.querySelector("summary").focus();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chat-log").forEach(scrollDown);
  });
})();
