// The per-person live channel, opened by every signed-in page (no build step; pages work
// without it, they just don't update by themselves). Server: alongside/core/personal.py.
// Frames may carry:
//   regions:  [{id, html, mode}]  replace (default), prepend or append server-rendered HTML
//   announce: text for screen readers (urgent: said at once, else politely)
//   trigger:  a DOM event fired on <body>, e.g. the safety dashboard's list reloads on
//             "alongside-alerts" (hx-trigger="alongside-alerts from:body")
//   url:      what the frame is about; skipped on that very page (it updates itself)
// Every frame is also fired as an "alongside:live" event whose detail is the frame.
// Countdowns: any element with data-deadline (ISO time), data-before and data-after ("… {time}")
// is ticked every second, here, wherever it came from.
(function () {
  "use strict";
  const html = document.documentElement;
  let ws = null;
  let backoff = 1000;
  let pingTimer = null;

  function announcer(urgent) {
    const id = urgent ? "live-announce-urgent" : "live-announce";
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = "visually-hidden";
      el.setAttribute("aria-live", urgent ? "assertive" : "polite");
      el.setAttribute("aria-atomic", "true");
      document.body.append(el);
    }
    return el;
  }

  function announce(text, urgent) {
    const el = announcer(urgent);
    el.textContent = "";
    // A fresh change after a moment, so the same words twice are still read out.
    setTimeout(function () { el.textContent = text; }, 50);
  }

  function applyRegion(region) {
    const el = document.getElementById(region.id);
    if (!el) return;
    const mode = region.mode || "replace";
    if (mode === "prepend") el.insertAdjacentHTML("afterbegin", region.html);
    else if (mode === "append") el.insertAdjacentHTML("beforeend", region.html);
    else el.innerHTML = region.html;
    if (window.htmx) window.htmx.process(el);
    tick();
  }

  function handle(frame) {
    // A notice about the page that is open (a new private message while reading that
    // conversation) is already in front of them: the page itself updates instead.
    if (frame.url && frame.url === location.pathname) return;
    (frame.regions || []).forEach(applyRegion);
    if (frame.announce) announce(frame.announce, !!frame.urgent);
    if (frame.trigger) document.body.dispatchEvent(new CustomEvent(frame.trigger, { bubbles: true, detail: frame }));
    document.body.dispatchEvent(new CustomEvent("alongside:live", { detail: frame }));
  }

  function clock(ms) {
    let s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      const left = Date.parse(el.dataset.deadline) - now;
      if (isNaN(left)) return;
      const template = left >= 0 ? el.dataset.before : el.dataset.after;
      if (template) el.textContent = template.replace("{time}", clock(left));
      el.classList.toggle("overdue", left < 0);
    });
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const lang = encodeURIComponent(html.lang || "");
    ws = new WebSocket(scheme + location.host + "/ws/me/?lang=" + lang);
    ws.onopen = function () {
      backoff = 1000;
      html.dataset.live = "open";
      clearInterval(pingTimer);
      pingTimer = setInterval(function () {
        if (ws && ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
      }, 25000);
    };
    ws.onmessage = function (e) {
      let frame;
      try { frame = JSON.parse(e.data); } catch (err) { return; }
      if (frame.type === "hello" || frame.type === "pong") return;
      handle(frame);
    };
    ws.onclose = function (e) {
      html.dataset.live = "closed";
      clearInterval(pingTimer);
      ws = null;
      if (e.code === 4401) return; // signed out: nothing more for this page
      setTimeout(connect, backoff + Math.random() * 500);
      backoff = Math.min(backoff * 2, 30000);
    };
  }

  function start() {
    setInterval(tick, 1000);
    tick();
    if ("WebSocket" in window) connect();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
