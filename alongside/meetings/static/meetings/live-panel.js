// Screen readers hear what changes in the live meeting panel: the step, whose turn it is, the end
// of the share timer. The panel is replaced on every refresh (every 2 seconds), so a live region
// inside it would be read out over and over or not at all: the panel carries what to announce in
// data-announce-* attributes, and this writes only what changed into the polite live region
// #live-announcer, which stays in the page. The seconds left are never announced.
(function () {
  "use strict";
  const KEYS = ["announceStep", "announceTurn", "announceTimer"];
  let last = null;

  function check() {
    const panel = document.getElementById("live-panel");
    const region = document.getElementById("live-announcer");
    if (!panel || !region) return;
    const now = {};
    KEYS.forEach(function (k) { now[k] = panel.dataset[k] || ""; });
    const before = last;
    last = now;
    if (before === null) return; // what is there when the page opens is on the screen already
    const changed = KEYS.filter(function (k) { return now[k] && now[k] !== before[k]; })
      .map(function (k) { return now[k]; });
    if (!changed.length) return;
    // Emptied first, so the same words said again (a second "time's up") are read again.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = changed.join(" "); }, 100);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
  document.addEventListener("htmx:afterSettle", check);
})();
