// Keeps an unsaved draft in this browser, so a reload, a closed tab or a crash loses nothing.
// A new entry's draft lives under one key (with the token the server will save it under, so
// sending it again updates the same entry); a saved entry's edits live under its own key. A draft
// is cleared only once the server has saved it: when the page shows the same words.
(function () {
  "use strict";
  var form = document.getElementById("journal-form");
  if (!form || !window.localStorage) return;
  var box = document.getElementById("journal-body");
  var tokenInput = form.querySelector('input[name="client_token"]');
  var key = form.dataset.draftKey;
  var NEW = "journal-draft-new";

  function read(k) {
    var raw = null;
    try { raw = localStorage.getItem(k); } catch (e) { return null; }
    if (!raw) return null;
    try { var d = JSON.parse(raw); if (d && typeof d.body === "string") return d; } catch (e) { /* older plain text */ }
    return { body: raw, token: "" };
  }
  function write(k, d) { try { localStorage.setItem(k, JSON.stringify(d)); } catch (e) { /* storage full or off */ } }
  function forget(k) { try { localStorage.removeItem(k); } catch (e) { /* ignore */ } }

  if (form.dataset.saved === "1") {
    // This entry is saved: a draft of it written as a new entry is saved too.
    var fresh = read(NEW);
    if (fresh && fresh.token === form.dataset.token) forget(NEW);
  }
  var draft = read(key);
  if (draft && draft.body) {
    if (draft.body.trim() === box.value.trim()) {
      forget(key); // the server has these exact words: nothing left to keep
    } else {
      box.value = draft.body;
      if (draft.token && form.dataset.saved !== "1" && tokenInput) tokenInput.value = draft.token;
      var note = document.getElementById("draft-restored");
      if (note) note.hidden = false;
    }
  }
  box.addEventListener("input", function () {
    if (box.value) write(key, { body: box.value, token: tokenInput ? tokenInput.value : "" });
    else forget(key);
  });
})();
