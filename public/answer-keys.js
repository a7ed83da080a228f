// "/" focuses the answer search box (/answers) from the first paint: this plain script runs as
// soon as it loads, long before the page's React code hydrates (components/answers/KeyboardList.tsx
// renders it, and leaves "/" to it). Loaded from 'self', so the CSP's script-src stays as it is.
(function () {
  if (window.__answerSlashKey) return; // loaded once per document, however often the page renders it
  window.__answerSlashKey = true;
  var script = document.currentScript;
  var inputId = (script && script.getAttribute("data-search-input")) || "answer-search";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    // a "/" typed into a form field is text
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var search = document.getElementById(inputId);
    if (!(search instanceof HTMLInputElement)) return;
    event.preventDefault();
    search.focus();
    search.select();
  });
})();
