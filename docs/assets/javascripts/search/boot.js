/* 书香政协 site search: points Material's search box at our engine, before Material's bundle starts.
 *
 * Over http(s) the engine runs in a Web Worker (worker.js). Opened from file:// (the site copied to a
 * USB stick) browsers refuse to start workers, and Material would hide the search box; there the same
 * engine answers in the page instead, and result links name index.html so that they open a page.
 * If even that fails, the search box says so in words instead of disappearing.
 *
 * Material searches on key-up only: text that arrives otherwise (paste from a menu or a long press, a
 * phone's voice input, an input method's commit, autocomplete) would not search, or would leave the
 * previous query's results on screen. Every `input` outside a composition, and every composition's end,
 * tells Material the box changed. When nothing is found, the nearest glossary terms and what to try
 * are shown under the count line.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var workerUrl = new URL(script.dataset.worker, document.baseURI).href;
  var engineUrl = new URL(script.dataset.engine, document.baseURI).href;

  var config = document.getElementById("__config");
  var settings = JSON.parse(config.textContent);
  settings.search = workerUrl;
  config.textContent = JSON.stringify(settings);
  var siteBase = new URL(settings.base || ".", document.baseURI);

  /* Material fetches the search index as soon as a page opens; on a phone over a slow network those bytes
   * would compete with the page. Hold the request back until the page has loaded and the reader has had it
   * for PREFETCH_AFTER (then, when the browser is idle, search gets ready: index, worker and engine at once,
   * so that the first query finds everything in place), or until the reader reaches for search sooner
   * (focus on the box, the search button, or the "/", "s", "f" shortcuts). A browser asking to save data
   * (Save-Data) waits for the reader. */
  var PREFETCH_AFTER = 3000;
  var nativeFetch = window.fetch;
  var wanted = null;
  var release = null;
  var engines = [];  // the lazy workers to start when search is wanted
  function want() {
    if (release) { release(); release = null; }
    fetchTexts();
    engines.forEach(function (engine) { engine.start(); });
  }

  /* The index's second part, the long texts (search/search_texts.json), comes beside the first (which Material
   * fetches) and the engine, not after them: the engine answers from titles and glossary entries meanwhile and
   * adds the texts when they arrive (engine.js). From file:// it is a script, search_texts.js (no fetch there). */
  var TEXTS = 100, WHOLE = 101;
  var texts = null;  // a promise of the texts part
  function fetchTexts() {
    if (texts) return texts;
    var url = new URL("search/search_texts." + (location.protocol === "file:" ? "js" : "json"), siteBase).href;
    if (location.protocol === "file:") {
      texts = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.onload = function () { resolve(window.__texts); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    } else {
      // Low priority: where the network can order requests (HTTP/2), the first part and the engine go ahead.
      texts = nativeFetch.call(window, url, { priority: "low" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.text();  // parsed by the engine, in the worker: not here, where the reader types
      });
    }
    texts.catch(function (err) { console.warn("搜索：正文索引没有取到，只搜索标题和名词解释", err); });
    return texts;
  }
  wanted = new Promise(function (resolve) { release = resolve; });
  var saveData = !!(navigator.connection && navigator.connection.saveData);
  window.addEventListener("load", function () {
    if (saveData) return;
    setTimeout(function () {
      if (window.requestIdleCallback) window.requestIdleCallback(want, { timeout: 2000 });
      else want();
    }, PREFETCH_AFTER);
  });
  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches("input[type=search], .md-search__input")) want();
  }, true);
  document.addEventListener("click", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest("label[for=__search], .md-search")) want();
  }, true);
  document.addEventListener("keydown", function (ev) {
    if (["/", "s", "f", "S", "F"].indexOf(ev.key) !== -1) want();
  }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) want();
  }, true);
  /* Material 9 downloads the index with XMLHttpRequest (for its progress bar): hold back send(). */
  var nativeOpen = XMLHttpRequest.prototype.open;
  var nativeSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return nativeOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function (body) {
    var xhr = this;
    if (!xhr.__searchIndex) return nativeSend.apply(xhr, arguments);
    wanted.then(function () { nativeSend.call(xhr, body); });
  };
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (/\/search\/search_index\.json(\?|$)/.test(url)) {
      return wanted.then(function () { return nativeFetch.call(window, input, init); });
    }
    return nativeFetch.apply(window, arguments);
  };

  /* Text that arrives without a key going up: tell Material, which listens to keyup only. */
  function isSearchBox(el) { return el && el.matches && el.matches("input.md-search__input"); }
  function changed(el) { el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" })); }
  document.addEventListener("input", function (ev) {
    if (isSearchBox(ev.target) && !ev.isComposing) changed(ev.target);
  }, true);
  document.addEventListener("compositionend", function (ev) {
    if (isSearchBox(ev.target)) { var el = ev.target; setTimeout(function () { changed(el); }, 0); }
  }, true);

  /* Nothing found: the nearest glossary terms (from the engine) and what to try, for the query in the box. */
  var answered = { query: null, nearest: null };
  function showHelp() {
    var meta = document.querySelector(".md-search-result__meta");
    var box = document.querySelector("input.md-search__input");
    if (!meta || !box) return;
    var old = document.getElementById("portal-search-help");
    var wanted = answered.nearest && box.value && answered.query === box.value;
    if (!wanted) { if (old) old.remove(); return; }
    if (old && old.dataset.query === box.value) return;
    if (old) old.remove();
    var help = document.createElement("div");
    help.id = "portal-search-help";
    help.dataset.query = box.value;
    help.style.cssText = "padding:.6rem .8rem;font-size:.7rem;line-height:1.6";
    var p = document.createElement("p");
    if (answered.nearest.length) {
      p.append("名词解释里相近的词：");
      answered.nearest.forEach(function (term, i) {
        var a = document.createElement("a");
        a.href = new URL(term.location, siteBase).href;
        a.textContent = term.title;
        if (i) p.append("、");
        p.append(a);
      });
    }
    var tips = document.createElement("p");
    tips.textContent = "可以试试：少打几个字（如“协商”）；用空格隔开几个词；用拼音（weixieshang）或拼音首字母（wxs）；或者直接浏览名词解释和推荐书目。";
    help.append(p, tips);
    meta.after(help);
  }
  function listen(worker) {
    worker.addEventListener("message", function (ev) {
      var reply = ev.data;
      // The whole index is in (texts included): said on the page, for tests and benchmarks to wait for.
      if (reply && reply.type === WHOLE) document.documentElement.dataset.searchIndex = "whole";
      if (!reply || reply.type !== 3 || !reply.data) return;
      answered = { query: reply.data.query, nearest: reply.data.items.length ? null : reply.data.nearest || [] };
      setTimeout(showHelp, 0);
    });
    return worker;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) new MutationObserver(showHelp).observe(meta, { childList: true, characterData: true, subtree: true });
  });

  var NativeWorker = window.Worker;
  window.Worker = function (url, options) {
    if (new URL(url, document.baseURI).href !== workerUrl) return new NativeWorker(url, options);
    var lazy = LazyWorker(function () {
      return location.protocol === "file:" ? PageWorker() : new NativeWorker(url, options);
    });
    engines.push(lazy);
    if (!release) lazy.start();  // search is already wanted
    return listen(lazy);
  };

  /* The engine (worker.js and engine.js, 11 KB gzip) is fetched and started when search is wanted, alongside
   * the index (not after it: each file costs a round trip), or at the latest with the first message. */
  function LazyWorker(start) {
    var target = new EventTarget();
    var engine = null;
    target.start = function () {
      if (engine) return;
      engine = start();
      engine.addEventListener("message", function (ev) {
        target.dispatchEvent(new MessageEvent("message", { data: ev.data }));
      });
      fetchTexts().then(function (data) { engine.postMessage({ type: TEXTS, data: data }); }, function () {});
    };
    target.postMessage = function (message) {
      target.start();
      engine.postMessage(message);
    };
    target.terminate = function () { if (engine) engine.terminate(); };
    return target;
  }

  /* A stand-in for Worker with the same messages, answered in the page by engine.js (file:// only). */
  function PageWorker() {
    var target = new EventTarget();
    var queue = [];
    var handle = null;
    function send(reply) {
      setTimeout(function () { target.dispatchEvent(new MessageEvent("message", { data: reply })); }, 0);
    }
    function answer(message) { handle(message).forEach(send); }
    var tag = document.createElement("script");
    tag.src = engineUrl;
    tag.onload = function () {
      handle = window.ShuxiangSearch.createHandler({ fileUrls: true }, send);
      queue.splice(0).forEach(answer);
    };
    tag.onerror = function () { sayUnavailable(); };
    document.head.appendChild(tag);
    target.postMessage = function (message) { if (handle) answer(message); else queue.push(message); };
    target.terminate = function () {};
    return target;
  }

  function sayUnavailable() {
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) meta.textContent = "搜索无法从本地文件运行：请用浏览器打开网站地址，或在网站文件夹里运行 python3 -m http.server 后访问。";
  }
})();
