// Keeps an unsaved draft in this browser, so a closed tab or a crash loses nothing.
(function () {
  var form = document.getElementById("journal-form");
  if (!form || !window.localStorage) return;
  var key = form.dataset.draftKey, box = document.getElementById("journal-body");
  var saved = localStorage.getItem(key);
  if (saved && saved.length > box.value.length) box.value = saved;
  box.addEventListener("input", function () { localStorage.setItem(key, box.value); });
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
})();
