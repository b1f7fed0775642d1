// corroborate report page behaviour, inlined into report.html and served by
// the web app as /static/report.js.
// In: the page's DOM (ids a-<article> and a-<article>-s-<n>, classes cite,
// sent, finding, article) and the JSON in #alignment-data.
// Out: citations that open and highlight the cited sentence, and the
// side-by-side comparison of two articles. No network access; report text
// is only ever moved with textContent, never parsed as HTML.
"use strict";
(function () {
  function openAncestors(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
  }
  function showCited(id) {
    var target = id && document.getElementById(id);
    if (!target) return false;
    openAncestors(target);
    if (target.tagName === "DETAILS") target.open = true;
    document.querySelectorAll(".cited").forEach(function (el) { el.classList.remove("cited"); });
    target.classList.add("cited");
    target.scrollIntoView({ block: "center" });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (showCited(id)) {
      event.preventDefault();
      history.replaceState(null, "", "#" + id);
    }
  });

  // Side-by-side comparison.
  var pairs = [];
  function partnersOf(article, index, other) {
    var out = [];
    pairs.forEach(function (p) {
      if (p[0] === article && p[1] === index && p[2] === other) out.push(p[3]);
      if (p[2] === article && p[3] === index && p[0] === other) out.push(p[1]);
    });
    return out;
  }
  function fillColumn(col, article, other) {
    col.textContent = "";
    var sents = document.querySelectorAll("#" + article + " .sent");
    sents.forEach(function (s) {
      var i = Number(s.getAttribute("data-i"));
      var div = document.createElement("div");
      div.className = "cmp-sent";
      div.setAttribute("data-i", String(i));
      var n = document.createElement("span");
      n.className = "n";
      n.textContent = String(i);
      div.appendChild(n);
      div.appendChild(document.createTextNode(s.textContent));
      if (partnersOf(article, i, other).length) div.classList.add("aligned");
      col.appendChild(div);
    });
  }
  function highlight(colFrom, colTo, article, other, div, scroll) {
    document.querySelectorAll(".cmp-sent.active, .cmp-sent.partner").forEach(function (el) {
      el.classList.remove("active", "partner");
    });
    div.classList.add("active");
    var first = null;
    partnersOf(article, Number(div.getAttribute("data-i")), other).forEach(function (j) {
      var t = colTo.querySelector('.cmp-sent[data-i="' + j + '"]');
      if (t) { t.classList.add("partner"); first = first || t; }
    });
    if (scroll && first) first.scrollIntoView({ block: "nearest" });
  }
  window.addEventListener("DOMContentLoaded", function () {
    if (location.hash.length > 1) showCited(decodeURIComponent(location.hash.slice(1)));
    var data = document.getElementById("alignment-data");
    var pickA = document.getElementById("pick-a");
    var pickB = document.getElementById("pick-b");
    var colA = document.getElementById("col-a");
    var colB = document.getElementById("col-b");
    if (!data || !pickA || !pickB || !colA || !colB) return;
    try { pairs = JSON.parse(data.textContent) || []; } catch (e) { pairs = []; }
    function refresh() {
      fillColumn(colA, pickA.value, pickB.value);
      fillColumn(colB, pickB.value, pickA.value);
    }
    function wire(colFrom, colTo, pickFrom, pickTo) {
      function handler(scroll) {
        return function (event) {
          var div = event.target.closest && event.target.closest(".cmp-sent");
          if (div) highlight(colFrom, colTo, pickFrom.value, pickTo.value, div, scroll);
        };
      }
      colFrom.addEventListener("mouseover", handler(false));
      colFrom.addEventListener("click", handler(true));
    }
    wire(colA, colB, pickA, pickB);
    wire(colB, colA, pickB, pickA);
    pickA.addEventListener("change", refresh);
    pickB.addEventListener("change", refresh);
    refresh();
  });
})();
