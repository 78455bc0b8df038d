// A thread shows replies posted while it is open: every 20 s (while the tab is visible) it asks
// for the posts after the last one on the page and adds them at the end. Posts already shown are
// never replaced, so a half-written report or reply is never lost; a screen reader hears how many
// arrived.
(function () {
  "use strict";
  const list = document.getElementById("thread-posts");
  const news = document.getElementById("thread-news");
  if (!list || !list.dataset.newUrl) return;
  const EVERY_MS = 20000;
  const n_ = (one, many, n) => (window.ngettext ? window.ngettext(one, many, n) : (n === 1 ? one : many));

  function lastId() {
    const posts = list.querySelectorAll("li[id^='p']");
    return posts.length ? Number(posts[posts.length - 1].id.slice(1)) : 0;
  }

  async function check() {
    if (document.visibilityState !== "visible") return;
    try {
      const r = await fetch(list.dataset.newUrl + "?after=" + lastId(), {
        credentials: "same-origin",
        headers: { "Accept": "text/html" },
      });
      if (!r.ok) return;
      const html = (await r.text()).trim();
      if (!html) return;
      const holder = document.createElement("template");
      holder.innerHTML = html;
      const added = holder.content.querySelectorAll("li[id^='p']").length;
      for (const li of Array.from(holder.content.children)) {
        if (!document.getElementById(li.id)) list.appendChild(li);
      }
      if (added && news) {
        news.textContent = n_("%s new reply", "%s new replies", added).replace("%s", added);
      }
    } catch (err) {
      // Offline for a moment: the next check tries again.
    }
  }
  setInterval(check, EVERY_MS);
  document.addEventListener("visibilitychange", check);
})();
