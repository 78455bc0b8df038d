// The live room client. Protocol: README, "Live rooms protocol".
// Never loses a message: unsent messages stay in localStorage until the server acks them, and are
// resent with the same id after a reconnect (the server stores each id once). Sequence numbers
// tell us about any gap; we ask the server to resume from the last one we saw.
(function () {
  "use strict";
  const root = document.getElementById("room");
  // One clock everywhere: 24-hour, in the reader's own time zone, like the rest of the site (the
  // server writes UTC into the page; this rewrites it, and writes new messages the same way).
  function clock(iso) {
    const d = new Date(iso);
    if (isNaN(d)) return "";
    return d.toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }
  document.querySelectorAll("#messages time[datetime], #pinned time[datetime]").forEach(function (el) {
    const text = clock(el.getAttribute("datetime")); if (text) el.textContent = text;
  });
  if (!root || root.dataset.paged === "1") return;

  const list = document.getElementById("messages");
  const statusEl = document.getElementById("room-status");
  const presenceEl = document.getElementById("presence");
  const stateEl = document.getElementById("room-state");
  const form = document.getElementById("send-form");
  const textarea = document.getElementById("message-text");
  const sendError = document.getElementById("send-error");

  // A private, kind notice for this person only (after their own message, or from the safety
  // second look seconds later), with the crisis lines for their country: shown just above the
  // message box, where they are looking (notice.js).
  function showPrivateNotice(notes, lines) {
    if (!window.AlongsideNotice) return;
    const wasAtBottom = nearBottom();
    window.AlongsideNotice.show(notes, lines);
    if (wasAtBottom) scrollToLatest(); // the notice grew the dock: keep the newest message in view
  }

  // The room reads from the top down, newest last: open it at the newest message, and follow new
  // ones while the reader is at the bottom (not while they are reading further up).
  // "The bottom" is the end of the room (the message box), not of the page below it.
  function roomBottom() { return root.getBoundingClientRect().bottom + window.scrollY; }
  function nearBottom() { return roomBottom() - (window.scrollY + window.innerHeight) < 160; }
  function scrollToLatest() { window.scrollTo(0, Math.max(0, roomBottom() - window.innerHeight)); }

  const pinnedList = document.getElementById("pinned");
  const pinnedSection = document.getElementById("pinned-section");
  const emptyNote = document.getElementById("empty-room");
  const older = document.getElementById("older");
  const reportTemplate = document.getElementById("report-template");
  const isStaff = root.dataset.isStaff === "1";
  const outboxKey = "alongside-outbox:" + root.dataset.wsPath;

  let lastSeq = parseInt(root.dataset.lastSeq || "0", 10);
  let ws = null;
  let backoff = 500;
  let resumeAsked = false;
  const hidden = new Set();
  const outbox = new Map(JSON.parse(localStorage.getItem(outboxKey) || "[]"));

  function t(s) { return (window.gettext ? window.gettext(s) : s); }
  function saveOutbox() { localStorage.setItem(outboxKey, JSON.stringify([...outbox])); }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }
  function setStatus(text) { statusEl.textContent = text; }

  function actionForm(url, seq, label, extra) {
    const f = document.createElement("form");
    f.method = "post"; f.className = "inline"; f.action = url.replace("/0/", "/" + seq + "/");
    f.innerHTML = '<input type="hidden" name="csrfmiddlewaretoken">' + (extra || "") + '<button type="submit" class="link"></button>';
    f.querySelector("input").value = root.dataset.csrf;
    f.querySelector("button").textContent = label;
    return f;
  }

  function renderMessage(m) {
    const li = document.createElement("li");
    li.id = "m" + m.seq; li.className = "msg" + (m.visibility === "held" ? " held" : "");
    li.dataset.seq = m.seq; li.dataset.clientId = m.client_id;
    const meta = document.createElement("p"); meta.className = "meta";
    const who = document.createElement("strong"); who.className = "author"; who.textContent = m.author;
    const when = document.createElement("time"); when.dateTime = m.created_at;
    when.textContent = clock(m.created_at);
    meta.append(who, " ", when);
    if (m.edited && !m.removed) {
      const e = document.createElement("span"); e.className = "edited"; e.textContent = t("(edited)"); meta.append(" ", e);
    }
    if (m.visibility === "held") {
      const b = document.createElement("span"); b.className = "badge";
      b.textContent = t("Only you and the facilitators can see this for now"); meta.append(" ", b);
    }
    if (m.removed) {
      li.classList.add("removed");
      const note = document.createElement("p"); note.className = "body removed-note";
      note.textContent = t("Message removed by its author.");
      li.append(meta, note);
      return li;
    }
    const body = document.createElement("div"); body.className = "body"; body.innerHTML = m.html; // sanitised by the server (nh3)
    const acts = document.createElement("div"); acts.className = "msg-actions";
    const mine = m.author === root.dataset.handle;
    if (mine) {
      const a = document.createElement("a"); a.className = "link"; a.textContent = t("Edit");
      a.href = root.dataset.editUrl.replace("/0/", "/" + m.seq + "/");
      const rm = actionForm(root.dataset.removeUrl, m.seq, t("Remove")); rm.classList.add("own-remove");
      acts.append(a, rm);
    } else if (reportTemplate) {
      const frag = reportTemplate.content.cloneNode(true);
      frag.querySelectorAll("input[name=object_id]").forEach((i) => { i.value = m.id; });
      frag.querySelectorAll("[id]").forEach((el) => { el.id = el.id.replace("__ID__", m.id); });
      frag.querySelectorAll("label[for]").forEach((el) => { el.htmlFor = el.htmlFor.replace("__ID__", m.id); });
      acts.append(frag);
    }
    if (isStaff) {
      acts.append(actionForm(root.dataset.pinUrl, m.seq, t("Pin"), '<input type="hidden" name="pinned" value="1">'));
      acts.append(actionForm(root.dataset.hideUrl, m.seq, t("Hide")));
    }
    li.append(meta, body, acts);
    return li;
  }

  function insertMessage(m) {
    if (hidden.has(m.seq) || document.getElementById("m" + m.seq)) return;
    const follow = nearBottom();
    const pending = m.client_id && list.querySelector('li.pending[data-client-id="' + CSS.escape(m.client_id) + '"]');
    const li = renderMessage(m);
    if (pending) pending.remove();
    // Keep sequence order (a shown-again message may be older than the newest).
    let before = null;
    for (const el of list.querySelectorAll("li.msg:not(.pending)")) {
      if (parseInt(el.dataset.seq, 10) > m.seq) { before = el; break; }
    }
    list.insertBefore(li, before || list.querySelector("li.pending"));
    emptyNote.hidden = true;
    if (follow) scrollToLatest();
  }

  function showPending(clientId, text) {
    const li = document.createElement("li");
    li.className = "msg pending"; li.dataset.clientId = clientId;
    const meta = document.createElement("p"); meta.className = "meta"; meta.textContent = t("Sending…");
    const body = document.createElement("div"); body.className = "body"; body.textContent = text;
    li.append(meta, body); list.append(li); emptyNote.hidden = true;
    scrollToLatest(); // your own message: always show it
  }

  // Tell the server how far this person has read (next visit opens at the first unread message),
  // at most every few seconds and only while the page is in view.
  let readTimer = null;
  let readSent = lastSeq;
  function markRead() {
    if (root.dataset.paged === "1" || readTimer || document.visibilityState !== "visible") return;
    readTimer = setTimeout(() => {
      readTimer = null;
      if (lastSeq > readSent && document.visibilityState === "visible") { readSent = lastSeq; sendFrame({ type: "read", seq: lastSeq }); }
    }, 2000);
  }
  document.addEventListener("visibilitychange", markRead);
  function sendFrame(obj) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj)); }
  function sendPending(clientId) { sendFrame({ type: "send", client_id: clientId, text: outbox.get(clientId) }); }

  function onFrame(f) {
    switch (f.type) {
      case "hello":
        presence(f.presence);
        roomState(f.room);
        if (form) {
          const atBottom = nearBottom();
          form.hidden = !f.you.can_post;
          if (atBottom) scrollToLatest();
        }
        break;
      case "message": {
        const m = f.message;
        if (m.seq <= lastSeq) { if (m.visible !== false) insertMessage(m); break; }
        if (m.seq > lastSeq + 1) { // a gap: ask for everything after the last one we saw
          if (!resumeAsked) { resumeAsked = true; sendFrame({ type: "resume", after: lastSeq }); }
          break;
        }
        lastSeq = m.seq;
        if (m.visible !== false) insertMessage(m);
        markRead();
        if (m.client_id && outbox.has(m.client_id)) { outbox.delete(m.client_id); saveOutbox(); }
        break;
      }
      case "synced": resumeAsked = false; setStatus(t("Connected.")); break;
      case "ack": {
        outbox.delete(f.client_id); saveOutbox();
        sendError.textContent = "";
        const notes = [];
        if (f.visibility === "held") notes.push(t("Your message is saved. A facilitator will look at it before others see it."));
        if (f.notice) notes.push(f.notice);
        showPrivateNotice(notes, f.resources || []);
        break;
      }
      case "notice": showPrivateNotice([f.notice], f.resources || []); break; // only ever sent to its reader
      case "error": {
        sendError.textContent = f.message;
        if (f.client_id && outbox.has(f.client_id)) {
          if (f.retry_after) {
            setTimeout(() => sendPending(f.client_id), f.retry_after * 1000);
          } else { // not sendable as it is: give the words back, lose nothing
            const text = outbox.get(f.client_id);
            outbox.delete(f.client_id); saveOutbox();
            const p = list.querySelector('li.pending[data-client-id="' + CSS.escape(f.client_id) + '"]');
            if (p) p.remove();
            if (textarea && !textarea.value) textarea.value = text;
          }
        }
        break;
      }
      case "hide": {
        hidden.add(f.seq);
        const el = document.getElementById("m" + f.seq); if (el) el.remove();
        const pin = pinnedList.querySelector('[data-seq="' + f.seq + '"]'); if (pin) pin.remove();
        pinnedSection.hidden = !pinnedList.children.length;
        break;
      }
      case "show": hidden.delete(f.message.seq); insertMessage(f.message); break;
      case "edit": case "removed": { // an author changed their message: replace it where it is
        const el = document.getElementById("m" + f.message.seq);
        if (el) el.replaceWith(renderMessage(f.message));
        else if (f.type === "edit" && f.message.seq <= lastSeq) { hidden.delete(f.message.seq); insertMessage(f.message); }
        const pin = pinnedList.querySelector('[data-seq="' + f.message.seq + '"]');
        if (pin && f.type === "removed") { pin.remove(); pinnedSection.hidden = !pinnedList.children.length; }
        break;
      }
      case "edit_ack": case "remove_ack": {
        sendError.textContent = "";
        const notes = [];
        if (f.visibility === "held") notes.push(t("Your message is saved. A facilitator will look at it before others see it."));
        if (f.notice) notes.push(f.notice);
        if (notes.length || (f.resources || []).length) showPrivateNotice(notes, f.resources || []);
        break;
      }
      case "pin": {
        const existing = pinnedList.querySelector('[data-seq="' + f.seq + '"]');
        if (existing) existing.remove();
        if (f.pinned) {
          const li = document.createElement("li"); li.dataset.seq = f.seq;
          const who = document.createElement("strong"); who.textContent = f.message.author;
          const body = document.createElement("span"); body.innerHTML = f.message.html;
          li.append(who, ": ", body); pinnedList.append(li);
        }
        pinnedSection.hidden = !pinnedList.children.length;
        break;
      }
      case "room": roomState(f); break;
      case "presence": presence(f.handles); break;
      case "event": document.dispatchEvent(new CustomEvent("alongside:room-event", { detail: f.event })); break;
      default: break;
    }
  }

  function presence(handles) { presenceEl.textContent = (handles || []).join(", ") || "—"; }
  function roomState(s) {
    if (s.locked) { stateEl.textContent = t("A facilitator has paused posting in this room for now. You can still read."); stateEl.hidden = false; }
    else if (s.slow_mode) { stateEl.textContent = t("Slow mode is on: one message every %s seconds.").replace("%s", s.slow_mode); stateEl.hidden = false; }
    else stateEl.hidden = true;
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(scheme + location.host + root.dataset.wsPath + "?after=" + lastSeq);
    ws.onopen = () => { backoff = 500; for (const id of outbox.keys()) sendPending(id); };
    ws.onmessage = (e) => { try { onFrame(JSON.parse(e.data)); } catch (err) { console.error(err); } };
    ws.onclose = (e) => {
      if (e.code === 4403) { setStatus(t("You can't join this room.")); return; }
      setStatus(t("Reconnecting…"));
      // "Full jitter": after a server restart, a room's hundreds of sockets come back spread out
      // over the backoff window, not all in the same instant.
      setTimeout(connect, Math.random() * backoff); backoff = Math.min(backoff * 2, 10000);
    };
  }

  if (form) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = textarea.value.trim();
      if (!text) { sendError.textContent = t("Please write something first."); return; }
      const id = newId();
      outbox.set(id, text); saveOutbox();
      showPending(id, text);
      textarea.value = "";
      sendPending(id);
    });
    textarea.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    });
  }

  list.addEventListener("submit", (e) => { // hide and pin without leaving the room
    const f = e.target;
    if (!f.action || f.classList.contains("report-form")) return;
    e.preventDefault();
    if (f.classList.contains("own-remove")) { // through the socket; everyone's room follows at once
      if (!window.confirm(t("Remove this message for everyone? This can't be undone."))) return;
      const li = f.closest("li.msg");
      if (ws && ws.readyState === WebSocket.OPEN && li) { sendFrame({ type: "remove", seq: parseInt(li.dataset.seq, 10) }); return; }
    }
    fetch(f.action, { method: "POST", body: new FormData(f), headers: { Accept: "application/json" } });
  });

  if (older) {
    older.addEventListener("click", (e) => {
      e.preventDefault();
      sendFrame({ type: "history", before: parseInt(older.dataset.before, 10) });
    });
    const origOnFrame = onFrame;
    onFrame = function (f) { // eslint-disable-line no-func-assign
      if (f.type !== "history") return origOnFrame(f);
      const first = list.firstElementChild;
      const height = document.documentElement.scrollHeight;
      f.messages.filter((m) => m.visible !== false).forEach((m) => list.insertBefore(renderMessage(m), first));
      window.scrollBy(0, document.documentElement.scrollHeight - height); // stay where you were reading
      if (f.messages.length) older.dataset.before = f.messages[0].seq;
      older.parentElement.hidden = !f.more;
    };
  }

  for (const [id, text] of outbox) showPending(id, text);
  // Open at the first message not yet read (marked by the server), else the newest, unless the
  // address points at a particular one (#m12).
  const firstUnread = document.getElementById("first-unread");
  if (!location.hash) { if (firstUnread) firstUnread.scrollIntoView({ block: "start" }); else scrollToLatest(); }
  connect();
})();
