// A thread opens at the first post this person has not read (marked by the server), unless the
// address already points somewhere (#p12, #private-notice).
(function () {
  "use strict";
  const first = document.getElementById("first-unread");
  if (first && !location.hash) first.scrollIntoView({ block: "start" });
})();
