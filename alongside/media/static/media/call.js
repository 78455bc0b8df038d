/* A meeting's voice and video call (alongside/media). Talks to Alongside for a pass (join), the
   call's state (who is in it, by handle; who is muted; the talking piece; the share timer) and the
   facilitator's controls, and to the Janus media server (VideoRoom plugin, vendored janus.js) for
   the media itself. The microphone is asked for when joining; the camera only when its owner
   turns it on. Nothing is recorded. */
(function () {
  "use strict";
  const root = document.getElementById("call");
  if (!root || !root.dataset.joinUrl) return;
  const $ = (sel) => root.querySelector(sel);
  const label = (key, vars) => {
    let s = root.dataset["t" + key.replace(/(^|-)(\w)/g, (m, a, b) => b.toUpperCase())] || key;
    for (const k in vars || {}) s = s.replace("{" + k + "}", vars[k]);
    return s;
  };
  const staff = root.dataset.staff === "1";
  const status = $('[data-call="status"]');
  const speaking = $('[data-call="speaking"]');
  const say = (text) => { status.textContent = text; };

  let janus = null, pub = null, sub = null, pass = null, privateId = null;
  let lowBandwidth = false, micOn = true, camOn = false, joined = false, leaving = false;
  let forcedMute = false, lastSpoken = {}, state = null, pollTimer = null;
  const feeds = {};        // participant id -> {display, streams}
  const mids = {};         // subscriber mid -> {feed, type}
  const tiles = {};        // participant id -> <li>
  const subscribedFeeds = new Set();
  const pendingStreams = [];  // publishers announced while the subscriber handle was attaching
  let subAttaching = false;

  function post(url, data) {
    const body = new URLSearchParams(data || {});
    return fetch(url, {method: "POST", body, credentials: "same-origin",
                       headers: {"X-CSRFToken": root.dataset.csrf, "X-Requested-With": "fetch"}})
      .then((r) => r.json().catch(() => ({})).then((j) => ({ok: r.ok, status: r.status, json: j})));
  }

  // --- microphone test before joining -----------------------------------------------------
  let testStream = null, testCtx = null, testRaf = 0;
  function stopMicTest() {
    if (testRaf) cancelAnimationFrame(testRaf);
    if (testStream) testStream.getTracks().forEach((tr) => tr.stop());
    if (testCtx) testCtx.close();
    testStream = testCtx = null; testRaf = 0;
    const b = $('[data-call="mic-test"]');
    if (b) b.setAttribute("aria-pressed", "false");
    const m = $("#call-mic-meter"); if (m) m.hidden = true;
  }
  function micTest() {
    if (testStream) { stopMicTest(); return; }
    navigator.mediaDevices.getUserMedia({audio: true, video: false}).then((stream) => {
      testStream = stream;
      testCtx = new AudioContext();
      const an = testCtx.createAnalyser();
      testCtx.createMediaStreamSource(stream).connect(an);
      const data = new Uint8Array(an.fftSize);
      const meter = $("#call-mic-meter");
      meter.hidden = false;
      $('[data-call="mic-test"]').setAttribute("aria-pressed", "true");
      const tick = () => {
        an.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128) / 128);
        meter.value = peak;
        testRaf = requestAnimationFrame(tick);
      };
      tick();
    }).catch(() => say(label("no-mic")));
  }

  // --- joining -------------------------------------------------------------------------------
  function join() {
    stopMicTest();
    lowBandwidth = !!($('[data-call="low-bandwidth"]') || {}).checked;
    $('[data-call="join"]').disabled = true;
    post(root.dataset.joinUrl).then((r) => {
      if (!r.ok) { say(r.json.error || label("failed")); $('[data-call="join"]').disabled = false; return; }
      pass = r.json;
      micOn = !pass.muted;
      forcedMute = !!pass.muted;
      Janus.init({debug: false, dependencies: Janus.useDefaultDependencies({adapter: window.adapter}), callback: connect});
    }).catch(() => { say(label("failed")); $('[data-call="join"]').disabled = false; });
  }

  function connect() {
    const opts = {
      server: pass.janus_url,
      iceServers: pass.ice_servers && pass.ice_servers.length ? pass.ice_servers : [],
      success: attachPublisher,
      error: (e) => { if (!leaving) { say(label("failed")); cleanup(); } },
      destroyed: () => {},
    };
    if (pass.relay_only) opts.iceTransportPolicy = "relay";
    janus = new Janus(opts);
  }

  function attachPublisher() {
    janus.attach({
      plugin: "janus.plugin.videoroom",
      success: (h) => {
        pub = h;
        pub.send({message: {request: "join", ptype: "publisher", room: pass.room, id: pass.participant_id,
                            display: pass.display, token: pass.token}});
      },
      error: () => { say(label("failed")); cleanup(); },
      onmessage: onPublisherMessage,
      onlocaltrack: (track, on) => { if (track.kind === "video") showLocalVideo(track, on); },
      onremotetrack: () => {},
      oncleanup: () => {},
    });
  }

  function onPublisherMessage(msg, jsep) {
    const ev = msg.videoroom;
    if (ev === "joined") {
      privateId = msg.private_id;
      joined = true;
      showLive(true);
      say(label("joined"));
      publish();
      if (msg.publishers) addPublishers(msg.publishers);
      startPolling();
    } else if (ev === "event") {
      if (msg.publishers) addPublishers(msg.publishers);
      const gone = msg.unpublished || msg.leaving || msg.kicked;
      if (gone === "ok" || msg.error_code) {
        if (msg.error_code && !joined) { say(msg.error || label("failed")); cleanup(); }
      } else if (gone) removeFeed(gone);
    } else if (ev === "talking") {
      announceSpeaking(msg.id);
      markTalking(msg.id, true);
    } else if (ev === "stopped-talking") {
      markTalking(msg.id, false);
    } else if (ev === "destroyed") {
      cutOff(label("cut"));
    }
    if (jsep) pub.handleRemoteJsep({jsep});
  }

  function publish() {
    pub.createOffer({
      tracks: [{type: "audio", capture: true, recv: false}],
      success: (jsep) => {
        pub.send({message: {request: "publish"}, jsep});
        applyMic();
      },
      error: () => { say(label("no-mic")); },
    });
  }

  function applyMic() {
    if (!pub) return;
    if (micOn && !forcedMute) pub.unmuteAudio(); else pub.muteAudio();
    const b = $('[data-call="mic"]');
    const on = micOn && !forcedMute;
    b.textContent = on ? label("mic-off") : label("mic-on");
    b.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function toggleMic() {
    if (!micOn || forcedMute) {
      if (forcedMute) {
        post(root.dataset.unmuteUrl).then((r) => {
          if (!r.ok) { say(r.json.error || label("failed")); return; }
          forcedMute = false; micOn = true; applyMic();
        });
        return;
      }
      micOn = true;
    } else micOn = false;
    applyMic();
  }

  function toggleCamera() {
    if (!pub) return;
    const b = $('[data-call="camera"]');
    if (!camOn) {
      const go = () => pub.createOffer({
        tracks: [{type: "video", capture: true, recv: false, add: true}],
        success: (jsep) => { pub.send({message: {request: "configure"}, jsep}); camOn = true; syncCam(); },
        error: () => say(label("failed")),
      });
      if (state && state.me && state.me.video_stopped) post(root.dataset.videoOnUrl).then(go); else go();
    } else {
      const tr = (pub.webrtcStuff.pc.getTransceivers() || []).find((x) => x.sender && x.sender.track && x.sender.track.kind === "video");
      pub.createOffer({
        tracks: [{type: "video", mid: tr ? tr.mid : "1", remove: true}],
        success: (jsep) => { pub.send({message: {request: "configure"}, jsep}); camOn = false; syncCam(); },
        error: () => say(label("failed")),
      });
    }
    function syncCam() {
      b.textContent = camOn ? label("cam-off") : label("cam-on");
      b.setAttribute("aria-pressed", camOn ? "true" : "false");
    }
  }

  function showLocalVideo(track, on) {
    const li = tileFor(pass.participant_id, pass.display);
    let v = li.querySelector("video");
    if (on && track) {
      if (!v) { v = document.createElement("video"); v.muted = true; v.autoplay = true; v.playsInline = true; li.prepend(v); }
      v.srcObject = new MediaStream([track]);
    } else if (v) v.remove();
  }

  // --- other people --------------------------------------------------------------------------
  function addPublishers(list) {
    const streams = [];
    for (const p of list) {
      feeds[p.id] = {display: p.display, streams: p.streams || []};
      if (p.id === pass.participant_id) continue;
      for (const s of p.streams || []) {
        if (s.disabled) continue;
        if (lowBandwidth && s.type === "video") continue;
        const key = p.id + ":" + s.mid;
        if (subscribedFeeds.has(key)) continue;
        subscribedFeeds.add(key);
        streams.push({feed: p.id, mid: s.mid});
      }
      tileFor(p.id, p.display);
    }
    if (!streams.length) return;
    if (subAttaching) pendingStreams.push(...streams);  // joined with the first ones
    else if (!sub) attachSubscriber(streams);
    else sub.send({message: {request: "subscribe", streams}});
  }

  function attachSubscriber(streams) {
    subAttaching = true;
    janus.attach({
      plugin: "janus.plugin.videoroom",
      success: (h) => {
        sub = h;
        subAttaching = false;
        sub.send({message: {request: "join", ptype: "subscriber", room: pass.room, private_id: privateId,
                            token: pass.token, streams: streams.concat(pendingStreams.splice(0))}});
      },
      error: () => say(label("failed")),
      onmessage: (msg, jsep) => {
        if (msg.streams) for (const s of msg.streams) mids[s.mid] = {feed: s.feed_id, type: s.type};
        if (jsep) {
          sub.createAnswer({jsep, tracks: [{type: "data"}],
            success: (ans) => sub.send({message: {request: "start", room: pass.room}, jsep: ans}),
            error: () => say(label("failed"))});
        }
      },
      onremotetrack: (track, mid, on) => {
        const info = mids[mid];
        if (!info) return;
        const li = tileFor(info.feed, (feeds[info.feed] || {}).display);
        const tag = track.kind === "audio" ? "audio" : "video";
        let el = li.querySelector(tag + '[data-mid="' + mid + '"]');
        if (!on) { if (el) el.remove(); return; }
        if (lowBandwidth && tag === "video") return;
        if (!el) {
          el = document.createElement(tag);
          el.dataset.mid = mid; el.autoplay = true; el.playsInline = true;
          if (tag === "video") { el.muted = true; li.prepend(el); } else li.append(el);
        }
        el.srcObject = new MediaStream([track]);
      },
      oncleanup: () => {},
    });
  }

  function removeFeed(id) {
    delete feeds[id];
    for (const k of Array.from(subscribedFeeds)) if (k.startsWith(id + ":")) subscribedFeeds.delete(k);
    if (tiles[id]) { tiles[id].remove(); delete tiles[id]; }
  }

  function tileFor(id, display) {
    if (tiles[id]) return tiles[id];
    const li = document.createElement("li");
    li.className = "call-person";
    li.dataset.participant = id;
    const name = document.createElement("span");
    name.className = "call-handle";
    name.textContent = display || "…";
    li.append(name);
    const st = document.createElement("span"); st.className = "call-person-state"; li.append(st);
    $('[data-call="people"]').append(li);
    tiles[id] = li;
    return li;
  }

  function markTalking(id, on) { if (tiles[id]) tiles[id].classList.toggle("talking", on); }

  function handleOf(id) {
    if (state) for (const p of state.people) if (p.participant_id === id) return p.handle;
    return (feeds[id] || {}).display || "";
  }

  function announceSpeaking(id) {
    const now = Date.now();
    const handle = id === pass.participant_id ? null : handleOf(id);
    if (!handle) return;
    if (speaking.dataset.last === handle && now - (lastSpoken[handle] || 0) < 15000) return;
    lastSpoken[handle] = now;
    speaking.dataset.last = handle;
    speaking.textContent = label("speaking", {handle});
  }

  // --- the call's state (polled; the personal channel wakes it at once) --------------------------
  function startPolling() {
    refresh();
    pollTimer = setInterval(refresh, 1500);
  }

  function refresh() {
    if (!joined || leaving) return;
    fetch(root.dataset.stateUrl, {credentials: "same-origin"}).then((r) => {
      // No longer a member (404), no longer allowed in (403), signed out (redirected): cut off.
      if (r.status === 403 || r.status === 404 || r.redirected) {
        return r.json().catch(() => ({})).then((j) => cutOff(j.removed ? label("removed") : (j.reason || label("cut"))));
      }
      return r.json().then((j) => { if (!leaving && joined) render(j); });
    }).catch(() => {});
  }

  function render(s) {
    state = s;
    if (s.me.muted_by_facilitator && !forcedMute) { forcedMute = true; applyMic(); say(label("muted-by")); }
    if (!s.me.muted_by_facilitator && forcedMute) { forcedMute = false; applyMic(); }
    if (s.me.video_stopped && camOn) toggleCamera();
    const banner = $('[data-call="banner"]');
    const lines = [];
    if (s.locked) lines.push(label("locked"));
    if (s.floor_held) lines.push(label("floor"));
    banner.textContent = lines.join(" ");
    banner.hidden = !lines.length;
    const timer = $('[data-call="timer"]');
    timer.hidden = s.timer_remaining === null || s.timer_remaining === undefined;
    if (!timer.hidden) timer.textContent = label("timer", {n: s.timer_remaining});
    const byPid = {};
    for (const p of s.people) byPid[p.participant_id] = p;
    for (const p of s.people) {
      const li = tileFor(p.participant_id, p.handle);
      li.querySelector(".call-handle").textContent = p.handle + (p.participant_id === pass.participant_id ? " (" + label("you") + ")" : "") + (p.facilitator ? " · " + label("facilitator") : "");
      const holds = s.speaker_id !== null && p.user_id === s.speaker_id;
      li.classList.toggle("holding-piece", holds);
      const bits = [];
      if (holds) bits.push(label("piece"));
      if (p.muted_by_facilitator) bits.push(label("muted"));
      li.querySelector(".call-person-state").textContent = bits.length ? " — " + bits.join(", ") : "";
      if (staff && p.participant_id !== pass.participant_id && !li.querySelector(".call-person-controls")) {
        const box = document.createElement("span");
        box.className = "call-person-controls";
        for (const action of ["mute", "stop-video", "remove"]) {
          const b = document.createElement("button");
          b.type = "button"; b.className = action === "remove" ? "danger small" : "secondary small";
          b.textContent = label(action, {handle: p.handle});
          b.addEventListener("click", () => control(action, p.user_id));
          box.append(b);
        }
        li.append(box);
      }
    }
    for (const id of Object.keys(tiles)) {
      if (!byPid[id] && Number(id) !== pass.participant_id) { tiles[id].remove(); delete tiles[id]; }
    }
    if (staff) {
      const lock = root.querySelector('[data-control="lock"], [data-control="unlock"]');
      if (lock) { lock.dataset.control = s.locked ? "unlock" : "lock"; lock.textContent = s.locked ? label("unlock") : label("lock"); }
      const floor = root.querySelector('[data-control="hold-floor"], [data-control="release-floor"]');
      if (floor) { floor.dataset.control = s.floor_held ? "release-floor" : "hold-floor"; floor.textContent = s.floor_held ? label("release") : label("hold"); }
    }
  }

  function control(action, userId) {
    const url = root.dataset.controlUrl.replace("ACTION", action);
    post(url, userId ? {user_id: userId} : {}).then((r) => { if (!r.ok) say(r.json.error || label("failed")); refresh(); });
  }

  // --- leaving -----------------------------------------------------------------------------
  function cutOff(message) {
    cleanup();
    say(message);
  }

  function leave() {
    leaving = true;
    post(root.dataset.leaveUrl).finally(() => {});
    cleanup();
    say(label("left"));
  }

  function cleanup() {
    joined = false;
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    try { if (janus) janus.destroy({cleanupHandles: true}); } catch (e) { /* already gone */ }
    janus = pub = sub = null;
    for (const id of Object.keys(tiles)) { tiles[id].remove(); delete tiles[id]; }
    subscribedFeeds.clear();
    pendingStreams.length = 0;
    subAttaching = false;
    camOn = false;
    showLive(false);
    const b = $('[data-call="join"]'); if (b) b.disabled = false;
    leaving = false;
  }

  function showLive(on) {
    const pre = $(".call-prejoin"), live = $(".call-live");
    if (pre) pre.hidden = on;
    if (live) live.hidden = !on;
  }

  root.addEventListener("click", (e) => {
    const b = e.target.closest("[data-call], [data-control]");
    if (!b || b.tagName !== "BUTTON") return;
    const what = b.dataset.call;
    if (what === "join") join();
    else if (what === "leave") leave();
    else if (what === "mic") toggleMic();
    else if (what === "camera") toggleCamera();
    else if (what === "mic-test") micTest();
    else if (b.dataset.control) control(b.dataset.control);
  });
  document.body.addEventListener("media-changed", refresh);
  window.addEventListener("pagehide", () => { if (joined) navigator.sendBeacon && leaveBeacon(); });
  function leaveBeacon() {
    const fd = new FormData(); fd.append("csrfmiddlewaretoken", root.dataset.csrf);
    navigator.sendBeacon(root.dataset.leaveUrl, fd);
  }

  // For tests and diagnostics: the peer connections.
  window.alongsideCall = {
    publisherPc: () => pub && pub.webrtcStuff && pub.webrtcStuff.pc,
    subscriberPc: () => sub && sub.webrtcStuff && sub.webrtcStuff.pc,
    joined: () => joined,
    midsOf: (handle) => Object.keys(mids).filter((m) => handleOf(mids[m].feed) === handle),
  };
})();
