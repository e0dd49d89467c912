/* 书香政协: 朗读, the page's main text read aloud by the browser's own speech synthesis (Web Speech API), in
   Chinese, one sentence at a time, the sentence being read highlighted and kept in view. Nothing is sent
   anywhere and no audio file is fetched: the voices are the ones the phone or computer has.
   The control is rendered by overrides/partials/font-size.html on report, glossary, policy and reading-list
   pages, hidden until this file shows it. Pause is "stop and remember the sentence" (speechSynthesis.pause()
   is unreliable on Android), so 继续 starts that sentence again. */
(function () {
  "use strict";
  var control = document.querySelector("[data-read-aloud]");
  if (!control) return;
  var article = document.querySelector("article.md-content__inner");
  var status = control.querySelector(".read-aloud__status");
  var buttons = {
    start: control.querySelector("[data-read-aloud-action=start]"),
    pause: control.querySelector("[data-read-aloud-action=pause]"),
    stop: control.querySelector("[data-read-aloud-action=stop]"),
    slow: control.querySelector("[data-read-aloud-action=slow]")
  };
  var synth = window.speechSynthesis;
  var NO_SPEECH = "这个浏览器不能朗读（没有语音合成功能）。可以换用手机或电脑自带的浏览器，或用系统的“朗读屏幕”功能。";
  var NO_VOICE = "这个浏览器没有中文语音，不能朗读。可以在系统设置中添加中文（普通话）语音后再试，或换用其他浏览器。";
  var RATE = 1, SLOW_RATE = 0.7;

  /* What is read: the article's blocks of text, without the controls, buttons, permalinks, charts, tables
     and anything hidden from screen readers. */
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption";
  var SKIP = ".reading-size, .read-aloud, .md-content__button, .headerlink, .print-source, .md-source-file, " +
    ".glossary-letters, .handout-toc, .table-scroll-hint, nav, table, svg, figure, pre, script, style, " +
    "[aria-hidden=true], [hidden], [data-search-exclude]";
  var SENTENCE = /[^。！？；!?;]+[。！？；!?;]*[”’」』）)]*|[。！？；!?;]+/g;

  function textNodes(block) {
    var nodes = [];
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (parent.closest(SKIP)) return NodeFilter.FILTER_REJECT;
        /* a list item's own text only: its nested list items are blocks of their own */
        if (parent.closest(BLOCKS) !== block) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  /* A DOM position for a character offset into the block's text nodes. */
  function position(nodes, offset) {
    for (var i = 0; i < nodes.length; i++) {
      var length = nodes[i].data.length;
      if (offset <= length) return [nodes[i], offset];
      offset -= length;
    }
    var last = nodes[nodes.length - 1];
    return [last, last.data.length];
  }

  function collectSentences() {
    var sentences = [];
    var blocks = article ? article.querySelectorAll(BLOCKS) : [];
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (block.closest(SKIP)) continue;
      var nodes = textNodes(block);
      var text = nodes.map(function (n) { return n.data; }).join("");
      var match;
      SENTENCE.lastIndex = 0;
      while ((match = SENTENCE.exec(text))) {
        var spoken = match[0].replace(/\s+/g, " ").trim();
        if (!/[\p{L}\p{N}]/u.test(spoken)) continue;
        var range = document.createRange();
        var start = position(nodes, match.index), end = position(nodes, match.index + match[0].length);
        range.setStart(start[0], start[1]);
        range.setEnd(end[0], end[1]);
        sentences.push({ text: spoken, range: range, block: block });
      }
    }
    return sentences;
  }

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var zh = voices.filter(function (v) { return /^(zh|cmn)([-_]|$)/i.test(v.lang || ""); });
    var best = zh.filter(function (v) { return /^(zh[-_](CN|Hans)|cmn)/i.test(v.lang); });
    return best[0] || zh[0] || null;
  }

  /* Voices arrive late in some browsers (Chromium loads them on first use): wait for them a little. */
  function withVoices(then) {
    if ((synth.getVoices() || []).length) return then();
    var done = false;
    function finish() {
      if (done) return;
      done = true;
      synth.removeEventListener && synth.removeEventListener("voiceschanged", finish);
      then();
    }
    synth.addEventListener && synth.addEventListener("voiceschanged", finish);
    setTimeout(finish, 1500);
  }

  var state = { sentences: [], index: 0, playing: false, paused: false, slow: false, token: 0, voice: null };
  var highlights = window.CSS && CSS.highlights && typeof window.Highlight === "function";

  function say(message) {
    status.textContent = message;
  }

  function mark(sentence) {
    var previous = article.querySelector(".read-aloud-current");
    if (previous && (!sentence || previous !== sentence.block)) previous.classList.remove("read-aloud-current");
    if (highlights) {
      if (sentence) CSS.highlights.set("read-aloud", new Highlight(sentence.range));
      else CSS.highlights.delete("read-aloud");
    }
    if (!sentence) return;
    sentence.block.classList.add("read-aloud-current");
    var box = sentence.range.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    if (box.top < top || box.bottom > window.innerHeight) {
      var reduce = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollBy({ top: box.top - top - window.innerHeight / 4, behavior: reduce ? "auto" : "smooth" });
    }
  }

  function show() {
    buttons.start.hidden = state.playing || state.paused;
    buttons.pause.hidden = !(state.playing || state.paused);
    buttons.stop.disabled = !(state.playing || state.paused);
    buttons.pause.textContent = state.paused ? "继续" : "暂停";
    buttons.pause.setAttribute("aria-label", state.paused ? "继续朗读" : "暂停朗读");
    buttons.slow.setAttribute("aria-pressed", String(state.slow));
  }

  function speak() {
    var token = ++state.token;
    var sentence = state.sentences[state.index];
    if (!sentence) {
      finish("读完了。");
      return;
    }
    mark(sentence);
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = state.voice.lang || "zh-CN";
    utterance.voice = state.voice;
    utterance.rate = state.slow ? SLOW_RATE : RATE;
    utterance.onend = function () {
      if (token !== state.token || !state.playing) return;
      state.index += 1;
      speak();
    };
    utterance.onerror = function (event) {
      if (token !== state.token || !state.playing) return;
      if (event && (event.error === "interrupted" || event.error === "canceled")) return;
      finish("朗读出错了，已停止。");
    };
    synth.speak(utterance);
  }

  function finish(message) {
    state.token += 1;
    state.playing = state.paused = false;
    state.index = 0;
    synth.cancel();
    mark(null);
    show();
    say(message);
  }

  function start() {
    withVoices(function () {
      state.voice = chineseVoice();
      if (!state.voice) {
        say(NO_VOICE);
        control.classList.add("read-aloud--unavailable");
        return;
      }
      state.sentences = collectSentences();
      state.index = 0;
      state.playing = true;
      state.paused = false;
      synth.cancel();
      show();
      say("开始朗读，共" + state.sentences.length + "句。");
      speak();
      buttons.pause.focus();
    });
  }

  function pauseOrContinue() {
    if (state.paused) {
      state.paused = false;
      state.playing = true;
      show();
      say("继续朗读。");
      speak();
    } else {
      state.token += 1;
      state.playing = false;
      state.paused = true;
      synth.cancel();
      show();
      say("已暂停，按“继续”从这一句接着读。");
    }
  }

  function slower() {
    state.slow = !state.slow;
    show();
    say(state.slow ? "已改为慢速朗读。" : "已改为正常语速。");
    if (state.playing) {
      synth.cancel();
      speak();  /* the sentence being read, again at the new speed */
    }
  }

  control.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-read-aloud-action]");
    if (!button || button.disabled) return;
    var action = button.getAttribute("data-read-aloud-action");
    if (action === "start") start();
    else if (action === "pause") pauseOrContinue();
    else if (action === "stop") { finish("已停止朗读。"); buttons.start.focus(); }
    else if (action === "slow") slower();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && (state.playing || state.paused)) finish("已停止朗读。");
  });
  window.addEventListener("pagehide", function () {
    if (state.playing) synth.cancel();
  });

  control.hidden = false;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    Object.keys(buttons).forEach(function (key) { buttons[key].disabled = true; });
    control.classList.add("read-aloud--unavailable");
    say(NO_SPEECH);
    return;
  }
  show();
})();
