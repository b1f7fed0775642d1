// corroborate web app: the little behaviour the server-rendered pages need.
//
// In: the page's DOM (classes documented in crates/web/src/view.rs).
// Out: citations that open and highlight the cited sentence, and a paste
// form that can grow more article boxes. No network calls, no inline
// handlers (the Content-Security-Policy forbids them), nothing from a CDN.
"use strict";

(function () {
  // Opens every <details> around `el`, so a cited sentence inside a
  // collapsed article becomes visible.
  function openAncestors(el) {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
  }

  // Marks `id`'s element as the one cited and scrolls it into view.
  function showCited(id) {
    const target = id && document.getElementById(id);
    if (!target) return false;
    openAncestors(target);
    if (target.tagName === "DETAILS") target.open = true;
    document.querySelectorAll(".cited").forEach(function (el) {
      el.classList.remove("cited");
    });
    target.classList.add("cited");
    target.scrollIntoView({ block: "center" });
    return true;
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (showCited(id)) {
      event.preventDefault();
      history.replaceState(null, "", "#" + id);
    }
  });

  window.addEventListener("DOMContentLoaded", function () {
    if (location.hash.length > 1) showCited(decodeURIComponent(location.hash.slice(1)));

    const add = document.getElementById("add-article");
    const boxes = document.getElementById("article-boxes");
    if (add && boxes) {
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
    }
  });
})();
