/* 书香政协 site search: points Material's search box at our engine, before Material's bundle starts.
 *
 * Over http(s) the engine runs in a Web Worker (worker.js). Opened from file:// (the site copied to a
 * USB stick) browsers refuse to start workers, and Material would hide the search box; there the same
 * engine answers in the page instead, and result links name index.html so that they open a page.
 * If even that fails, the search box says so in words instead of disappearing.
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

  /* Material fetches the search index as soon as a page opens; most visits never search, and on a
   * phone over a slow network those bytes compete with the page. Hold the request back until the reader
   * reaches for search (focus on the box, the search button, or the "/", "s", "f" shortcuts). */
  var nativeFetch = window.fetch;
  var wanted = null;
  var release = null;
  function want() { if (release) { release(); release = null; } }
  wanted = new Promise(function (resolve) { release = resolve; });
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

  if (location.protocol !== "file:") return;

  /* A stand-in for Worker with the same messages, answered in the page by engine.js. */
  function PageWorker() {
    var target = new EventTarget();
    var queue = [];
    var handle = null;
    function answer(message) {
      var reply = handle(message);
      setTimeout(function () { target.dispatchEvent(new MessageEvent("message", { data: reply })); }, 0);
    }
    var tag = document.createElement("script");
    tag.src = engineUrl;
    tag.onload = function () {
      handle = window.ShuxiangSearch.createHandler({ fileUrls: true });
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

  var NativeWorker = window.Worker;
  window.Worker = function (url, options) {
    if (new URL(url, document.baseURI).href === workerUrl) return PageWorker();
    return new NativeWorker(url, options);
  };
})();
