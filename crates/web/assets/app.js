// corroborate web app: the little behaviour its own pages need. The story
// view's behaviour (citations that open and highlight the cited sentence,
// the pair view) is the report's script, served as /static/report.js.
//
// In: the paste form's DOM. Out: a form that can grow more article boxes.
// No network calls, no inline handlers (the Content-Security-Policy forbids
// them), nothing from a CDN.
"use strict";

(function () {
  window.addEventListener("DOMContentLoaded", function () {
    const add = document.getElementById("add-article");
    const boxes = document.getElementById("article-boxes");
    if (!add || !boxes) return;
    add.addEventListener("click", function () {
      const all = boxes.querySelectorAll("fieldset.article-box");
      const last = all[all.length - 1];
      if (!last) return;
      const n = all.length + 1;
      const copy = last.cloneNode(true);
      copy.querySelector("legend").textContent = "Article " + n;
      copy.querySelectorAll("input, textarea").forEach(function (field) {
        field.name = field.name.replace(/_\d+$/, "_" + n);
        field.value = "";
      });
      boxes.appendChild(copy);
      copy.querySelector("textarea").focus();
    });
  });
})();
