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

// The panel can be folded away so the room's messages fill the screen (on a phone above all).
// The choice is remembered for this meeting across the panel's refreshes and page loads; the
// heading stays visible and still says what the meeting is doing.
(function () {
  "use strict";
  function storageKey(panel) { return "alongside-live-panel-hidden-" + (panel.dataset.meeting || ""); }
  function hidden(panel) { try { return sessionStorage.getItem(storageKey(panel)) === "1"; } catch (e) { return false; } }
  function apply() {
    const panel = document.getElementById("live-panel");
    if (!panel) return;
    const button = panel.querySelector(".panel-toggle");
    const body = document.getElementById("live-panel-body");
    if (!button || !body) return;
    const isHidden = hidden(panel);
    body.hidden = isHidden;
    panel.classList.toggle("collapsed", isHidden);
    button.hidden = false;
    button.setAttribute("aria-expanded", isHidden ? "false" : "true");
    button.textContent = isHidden ? button.dataset.show : button.dataset.hide;
  }
  document.addEventListener("click", function (event) {
    const button = event.target.closest ? event.target.closest("#live-panel .panel-toggle") : null;
    if (!button) return;
    const panel = document.getElementById("live-panel");
    try { sessionStorage.setItem(storageKey(panel), hidden(panel) ? "0" : "1"); } catch (e) { /* private mode */ }
    apply();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", apply); else apply();
  document.addEventListener("htmx:afterSwap", apply);
})();
