// The author's private notice (rooms/_private_notice.html), in the live room and in threads: shown
// where they are writing, kept until they hide it, and announced to screen readers once.
(function () {
  "use strict";
  const panel = document.getElementById("private-notice");
  if (!panel) return;
  const body = document.getElementById("private-notice-body");
  const linesLink = document.getElementById("private-notice-lines");
  const dismiss = document.getElementById("private-notice-dismiss");
  const announcer = document.getElementById("notice-announcer");
  let announced = "";

  dismiss.hidden = false; // hiding needs this script; without it the notice simply stays
  dismiss.addEventListener("click", () => {
    panel.hidden = true;
    announced = "";
    // The button is gone: give focus back to where the person writes.
    const box = document.getElementById("message-text") || document.getElementById("reply-text");
    (box || document.getElementById("main")).focus();
  });

  // The crisis lines on show, kept when a later notice (e.g. "held for review") brings none.
  const linesData = document.getElementById("private-notice-lines-data");
  let shownLines = linesData ? JSON.parse(linesData.textContent) : [];

  // notes: paragraphs of text; lines: crisis lines {name, numbers, how}. Text only, never HTML.
  function show(notes, lines) {
    notes = notes.filter(Boolean);
    if (!notes.length && !lines.length) return;
    if (!lines.length && !panel.hidden) lines = shownLines;
    shownLines = lines;
    body.replaceChildren();
    notes.forEach((n) => { const p = document.createElement("p"); p.textContent = n; body.append(p); });
    if (lines.length) {
      const ul = document.createElement("ul"); ul.className = "crisis-lines";
      lines.forEach((r) => {
        const li = document.createElement("li");
        const name = document.createElement("strong"); name.textContent = r.name;
        li.append(name, r.numbers ? " " + r.numbers : "", r.how ? " (" + r.how + ")" : "");
        ul.append(li);
      });
      body.append(ul);
    }
    linesLink.hidden = !lines.length;
    panel.hidden = false;
    panel.scrollTop = 0;
    const text = notes.join(" ");
    if (announcer && text !== announced) { // said once, even if the same notice arrives again
      announced = text;
      announcer.textContent = text;
      // Emptied afterwards so that reading through the page later does not meet it twice.
      setTimeout(() => { if (announcer.textContent === text) announcer.textContent = ""; }, 8000);
    }
  }

  window.AlongsideNotice = { show: show, panel: panel };
})();
