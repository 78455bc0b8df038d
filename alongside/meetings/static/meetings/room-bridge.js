// In the live room, a meeting change arrives over the room's WebSocket: refresh the meeting
// panel at once instead of waiting for its next poll.
document.addEventListener("alongside:room-event", function (e) {
  if (e.detail && e.detail.kind === "meeting" && window.htmx) {
    window.htmx.trigger(document.body, "meeting-changed");
  }
});
