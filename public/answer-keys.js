// "/" focuses the answer search box (/answers) from the first paint: this plain script runs as
// soon as it loads, long before the page's React code hydrates (components/answers/KeyboardList.tsx
// renders it, and leaves "/" to it). Loaded from 'self', so the CSP's script-src stays as it is.
// j / k pressed before the list is hydrated are kept in window.__answerKeysPending, and
// KeyboardList replays them when it mounts: on a loaded machine the list shows seconds before it
// hydrates, and a key press in that time did nothing.
(function () {
  if (window.__answerSlashKey) return; // loaded once per document, however often the page renders it
  window.__answerSlashKey = true;
  window.__answerKeysPending = window.__answerKeysPending || [];
  var script = document.currentScript;
  var inputId = (script && script.getAttribute("data-search-input")) || "answer-search";
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.key !== "/" && event.key !== "j" && event.key !== "k") return;
    var target = event.target;
    // a key typed into a form field is text
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key !== "/") {
      // once hydrated, KeyboardList handles j / k itself (it marks the list data-keys-ready)
      var list = document.querySelector("[data-testid='answer-results']");
      if (!list || list.getAttribute("data-keys-ready") === "true") return;
      event.preventDefault();
      window.__answerKeysPending.push(event.key);
      return;
    }
    var search = document.getElementById(inputId);
    if (!(search instanceof HTMLInputElement)) return;
    event.preventDefault();
    search.focus();
    search.select();
  });
})();
