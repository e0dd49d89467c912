/* 书香政协: the 字号 control (standard / large / extra large), remembered between visits.
   The script in <head> (overrides/partials/font-size-head.html) applies the stored size before the first
   paint; this file wires the buttons. Also runs the light / dark toggle (in place of Material's palette component,
   see overrides/partials/palette.html), gives Material's search dialog the accessible name it lacks, and names the
   ¶ permalinks by aria-label instead of title, and leads an old link to a glossary entry that moved to another
   page of its initial on to it (see below). */
(function () {
  "use strict";
  var KEY = "shuxiang-font-size";
  var SIZES = ["standard", "large", "x-large"];
  var root = document.documentElement;

  function current() {
    return SIZES.indexOf(root.dataset.fontSize) >= 0 ? root.dataset.fontSize : "standard";
  }

  /* Only what changed is written: touching <html> makes the browser restyle the whole page. */
  function show(size) {
    if (root.dataset.fontSize !== size) root.dataset.fontSize = size;
    var buttons = document.querySelectorAll("[data-font-size-choice]");
    for (var i = 0; i < buttons.length; i++) {
      var pressed = String(buttons[i].dataset.fontSizeChoice === size);
      if (buttons[i].getAttribute("aria-pressed") !== pressed) buttons[i].setAttribute("aria-pressed", pressed);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-font-size-choice]");
    if (!button || SIZES.indexOf(button.dataset.fontSizeChoice) < 0) return;
    try {
      localStorage.setItem(KEY, button.dataset.fontSizeChoice);
    } catch (err) {
      /* private mode or storage full: the size still applies to this page */
    }
    show(button.dataset.fontSizeChoice);
    markSoon();
  });

  /* Another tab changed the size: follow it. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY && SIZES.indexOf(event.newValue) >= 0) show(event.newValue);
  });

  /* A table wider than the screen (statistics on a phone) scrolls sideways: say so above it, and let the
     keyboard scroll it (a focusable region with a name). Checked again when the width or the 字号 changes. */
  var HINT = "表格较宽，可左右滑动查看 →";
  function markWideTables() {
    /* First every width, then every change: a change between two readings makes the browser restyle and lay out
       the page again for the next one (once per table, about 0.1 s each on a phone for the statistics pages). */
    var tables = document.querySelectorAll(".md-typeset table:not([class])");
    var found = [];
    for (var i = 0; i < tables.length; i++) {
      /* a table in a closed <details> is not laid out: measuring it would lay it out (measured when opened) */
      if (tables[i].closest("details:not([open])")) continue;
      var box = tables[i].closest(".md-typeset__scrollwrap") || tables[i];
      found.push({ table: tables[i], box: box, wide: box.scrollWidth > box.clientWidth + 1 });
    }
    found.forEach(function (item) {
      var table = item.table, box = item.box;
      var hint = box.previousElementSibling;
      var hasHint = hint && hint.classList.contains("table-scroll-hint");
      if (box !== table && table.hasAttribute("data-scrolls")) {
        /* marked before Material put it into its scroll box (a slow phone): the box scrolls, so the box is marked */
        ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (name) { table.removeAttribute(name); });
      }
      if (item.wide && !box.hasAttribute("data-scrolls")) {
        if (!hasHint) {
          hint = document.createElement("p");
          hint.className = "table-scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = HINT;
          box.parentNode.insertBefore(hint, box);
        }
        box.setAttribute("data-scrolls", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = table.querySelector("caption");
        box.setAttribute("aria-label", (caption ? caption.textContent.trim() + "，" : "") + "可左右滚动的表格");
      } else if (!item.wide && hasHint) {
        hint.remove();
        ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  var pending = 0;
  function markSoon() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(markWideTables);
  }
  window.addEventListener("resize", markSoon);
  window.addEventListener("load", markSoon);  // after Material has put the tables into their scroll boxes
  document.addEventListener("toggle", markSoon, true);  // a <details> opened (toggle does not bubble: captured)

  function label() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
      dialog.setAttribute("aria-label", "搜索");
    }
    show(current());
    markSoon();
  }

  /* Material builds a hover tooltip for every element with a title in the article (content.tooltips), which
     is what the glossary links are for; for the ¶ permalinks (43 on the glossary page) it only costs a phone
     about 50 ms of work at start-up (measured with Chromium's profiler). This file runs (deferred) before
     Material mounts its components on DOMContentLoaded, so the permalinks keep their name as aria-label
     and get no tooltip. */
  var permalinks = document.querySelectorAll(".md-typeset a.headerlink[title]");
  for (var j = 0; j < permalinks.length; j++) {
    permalinks[j].setAttribute("aria-label", permalinks[j].getAttribute("title"));
    permalinks[j].removeAttribute("title");
  }

  /* The light / dark toggle. The palette is on the page before the first paint (overrides/partials/palette.html and
     Material's script after it); here the toggle that switches to the other one is shown, and a choice is applied
     and stored as Material's component did: no colour transitions while switching, the choice kept for every page,
     the browser's colour scheme and theme colour (the phone's address bar) following it. */
  var paletteForm = document.querySelector("form[data-palette]");
  var paletteOptions = paletteForm ? paletteForm.querySelectorAll("input[name=__palette]") : [];
  var COLOR_KEYS = ["media", "scheme", "primary", "accent"];

  function paletteNow() {
    var stored = null;
    try {
      stored = window.__md_get && window.__md_get("__palette");
    } catch (err) {
      /* storage off: the palette on the page counts */
    }
    if (stored && paletteOptions[stored.index]) return stored.index;
    for (var i = 0; i < paletteOptions.length; i++) {
      if (paletteOptions[i].getAttribute("data-md-color-scheme") === document.body.getAttribute("data-md-color-scheme")) return i;
    }
    return 0;
  }

  function showToggle(index) {
    for (var i = 0; i < paletteOptions.length; i++) {
      var toggle = paletteOptions[i].nextElementSibling;
      if (toggle && toggle.hidden !== (i !== index)) toggle.hidden = i !== index;
    }
  }

  function themeColor() {
    var header = document.querySelector(".md-header");
    var meta = document.querySelector("meta[name=theme-color]");
    if (!header) return;
    if (!meta) {
      meta = document.createElement("meta");
      meta.name = "theme-color";
      document.head.appendChild(meta);
    }
    var rgb = getComputedStyle(header).backgroundColor.match(/\d+/g) || [];
    meta.content = "#" + rgb.slice(0, 3).map(function (v) { return (+v).toString(16).padStart(2, "0"); }).join("");
  }

  function usePalette(index) {
    var option = paletteOptions[index];
    var body = document.body;
    var color = {};
    body.setAttribute("data-md-color-switching", "");
    COLOR_KEYS.forEach(function (key) {
      color[key] = option.getAttribute("data-md-color-" + key);
      body.setAttribute("data-md-color-" + key, color[key]);
    });
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
    showToggle(index);
    if (window.__md_set) window.__md_set("__palette", { index: index, color: color });
    var scheme = document.querySelector("meta[name=color-scheme]");
    if (scheme) scheme.content = color.scheme === "slate" ? "dark" : "light";
    requestAnimationFrame(themeColor);
  }

  if (paletteForm) {
    paletteForm.addEventListener("change", function (event) {
      var index = Array.prototype.indexOf.call(paletteOptions, event.target);
      if (index >= 0) usePalette(index);
    });
    showToggle(paletteNow());
    window.addEventListener("load", function () { requestAnimationFrame(themeColor); });
  }

  /* An entry's page changes when its initial grows past one page (glossary/s/ → s-2/): an old link's anchor is
     then missing on the page it names, and the glossary's index, which anchors every entry by the same id, leads
     on to where the entry is now. Only on a page of entries (its lead links the index); the index has no such link. */
  function movedEntry() {
    var id = decodeURIComponent(location.hash.slice(1));
    var index = document.querySelector(".glossary-lead a[href]");
    if (!id || !index || document.getElementById(id)) return;
    var target = new URL(index.getAttribute("href"), location.href);
    target.hash = encodeURIComponent(id);
    location.replace(target.href);
  }
  movedEntry();
  window.addEventListener("hashchange", movedEntry);

  /* With Material's instant navigation the page body is replaced: set the state again each time. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(label);
  } else {
    label();
  }
})();
