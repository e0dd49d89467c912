/* 书香政协 site search: the engine behind Material's search box.
 *
 * One normalisation for the index and the query, both done here in the browser, so the two can never
 * be cut into words differently: text is folded (full-width to ASCII, tone marks dropped, lower case,
 * traditional characters to simplified by the index's `fold` table from OpenCC), punctuation and spaces
 * are removed. Chinese needs no word segmentation: 协商 is found inside 微协商, 1+3+N stays one word.
 * Numbers are written one way (`foldNumbers`): digits read out in numerals (5000万 → 五千万, 2021 → 二〇二一,
 * 1+3+N → 一+三+n), 零/两/加 between numerals to 〇/二/+ (二零二一, 两千, 一加三加N); words with numerals
 * (三作三台三评, 十四五) stay as they are. macros/sources/search_key.py does the same in Python (the glossary
 * check refuses two entries with one key); a test proves the two agree.
 *
 * Forgiving matches, each ranked below the exact one:
 * - by sound: every folded character has a toneless syllable (the index's `sounds` table, from pypinyin,
 *   with the reading a character has in its phrase where that differs), so 书香正协 finds 书香政协,
 *   weixieshang and wei协商 find 微协商, and initials (wxs) find body text as well as glossary names;
 * - by part: a query is cut into overlapping pairs of characters (or syllables); a page holding most
 *   of the pairs ranks by how much of the query it holds (rare pairs weigh more), so a whole question
 *   (委员之家是干什么的) or words far apart in the text (政协委员 … 捐款) still find it;
 * - a glossary term inside the query ranks its entry first;
 * - light words (the index's `generic` and `filler`, from macros/site/search-words.yaml: 书, 哪些, 我想, 请问,
 *   怎么办…) count for little beside the words that say what the member wants (`lightOf`); a generic word names
 *   the page of its kind (书 → 推荐书目): first for a query of light words alone (哪些书), and the pages under it
 *   rank a little higher beside other words (乡村振兴 书);
 * - initials typed with one letter too many (xxsdnyzxjs) still find a glossary name or a title (`nearInitials`).
 * Editors' pages (`editors`) rank after members' content; entries sharing a title carry `where` (报告 · 名词解释).
 *
 * Speaks Material's worker protocol: SETUP {config, docs, options} → READY; QUERY string → RESULT
 * {items: SearchItem[][], suggest?, query, nearest?} (nearest: glossary terms offered when items is empty). Runs in a Web Worker (worker.js) or, from file://, in the page.
 * The index comes in two parts (macros/site/search_index.py): SETUP brings everything but the texts, which
 * boot.js fetches side by side and sends as TEXTS {id, docs} (or that as JSON text); whichever comes first waits
 * for nothing. Until the texts are indexed, queries are answered from titles and glossary entries; then the index
 * is built again, whole, the last query is answered again (Material shows every RESULT it gets) and WHOLE says
 * the index is complete.
 */
(function (root) {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var TEXTS = 100, WHOLE = 101;  // the portal's own messages (Material heeds only its types)

  // Scores. A glossary term typed in full always wins; titles beat body text; sound and part below letter.
  var SCORE = {
    keyExact: 1000, keyInQuery: 900, pinyinExact: 800, keySound: 700, keyPrefix: 120, pinyinPrefix: 100,
    titleExact: 200, titleStart: 90, titleHas: 60, textFirst: 10, textMore: 4, allTerms: 50, kindPage: 400, kind: 30,
    sound: 0.6, part: 40, partTitle: 60, initials: 8
  };
  // Characters that carry the question, not its subject (the index's `question`: 什么, 怎么, 哪些, 这本书…):
  // a pair of two of them weighs FILLER_WEIGHT, so a spoken question is ranked by the words it is about.
  var FILLER_WEIGHT = 0.1;
  var LIGHT = 0.1;            // a light word (generic or filler), or a pair touching one, counts this much
  var NEAR_INITIALS = 8;      // initials this long or longer may carry one letter too many
  var ACROSS = 0.3;           // a match that runs across punctuation (协商、民主 for 协商民主) counts this much
  var SOUND_PAIR = 0.8;       // a pair matched only by sound counts this much of a pair matched by letter
  var PART_MIN = 0.3;         // a page must hold at least this share of a query's pairs (by weight) to be shown
  var MAX_RESULTS = 40;       // entries returned (Material renders them page by page)
  var SNIPPET = 80;           // characters of teaser around the first match
  var SHOWN_PER_PAGE = 3;     // sections shown under a page before "more"
  var NEAREST = 3;            // glossary terms offered when nothing is found
  var PUA = 0xE000;           // syllables are coded as private-use characters, one per syllable
  var SYLLABLE_BASE = 0x100;  // the index's sound table names syllable n by the letter U+0100 + n

  var KEEP = /[\p{L}\p{N}+]/u;
  var DIGIT = /[0-9]/;
  var HAN = /\p{Script=Han}/u;
  var LETTER = /^[a-z]$/;
  // Two letters that are not pinyin, inside a Chinese word (zz in zz足球), would only meet initials: not a pair.
  function isLetter(c) { return LETTER.test(c); }

  function escapeHTML(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /* A pair of neighbouring characters (or sound codes) as one number, the key of the pair index. Each code unit
   * is numbered in the order first seen, so that keys stay small integers, which maps hash fastest. */
  var unitNumber = new Int32Array(65536), units = 0;
  function unit(code) { return unitNumber[code] || (unitNumber[code] = ++units); }
  function pairAt(s, i) { return unit(s.charCodeAt(i)) * 65537 + unit(s.charCodeAt(i + 1)); }
  function pairKey(a, b) { return unit(a.charCodeAt(0)) * 65537 + unit(b.charCodeAt(0)); }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // --- numbers: one written form (the same rules as macros/sources/search_key.py) ------------------------
  var NUMERAL_DIGITS = "〇一二三四五六七八九";
  var NUMERALS = new Set(Array.from("〇零一二三四五六七八九十百千万亿两"));
  var PLUS_SIDES = new Set(Array.from("〇一二三四五六七八九十n"));  // 加 between these is +
  var AFTER_TWO = new Set(Array.from("千百万亿"));                    // 两 before these is 二
  var SECTION_UNITS = ["千", "百", "十", ""];
  var BIG_UNITS = ["", "万", "亿"];

  /* Four digits (0000–9999) in numerals, no leading zero: 0305 → 三百〇五. */
  function readSection(digits) {
    var out = "", zero = false, started = false;
    for (var i = 0; i < 4; i++) {
      if (digits[i] === "0") { zero = zero || started; continue; }
      if (zero) { out += "〇"; zero = false; }
      out += NUMERAL_DIGITS[+digits[i]] + SECTION_UNITS[i];
      started = true;
    }
    return out;
  }

  /* A run of digits in numerals (5000 → 五千), or digit by digit: a year (2021 → 二〇二一), a leading zero, a long run. */
  function readDigits(digits) {
    var n = digits.length, out = "", zero = false;
    if ((n > 1 && digits[0] === "0") || n > 12 || (n === 4 && digits >= "1900" && digits <= "2099")) {
      for (var d of digits) out += NUMERAL_DIGITS[+d];
      return out;
    }
    var number = digits.replace(/^0+/, "");
    if (!number) return "〇";
    var groups = [];
    while (number) { groups.unshift(number.slice(-4).padStart(4, "0")); number = number.slice(0, -4); }
    groups.forEach(function (group, i) {
      if (group === "0000") { zero = true; return; }
      if (out && (zero || group[0] === "0")) out += "〇";
      zero = false;
      out += readSection(group) + BIG_UNITS[groups.length - 1 - i];
    });
    return out.startsWith("一十") ? out.slice(1) : out;
  }

  /* Numbers in one run of folded characters (no dropped character inside), with each one's position in the
   * original: digits read out, then 零/两/加 between numerals to 〇/二/+. */
  var NUMBER_PART = /[0-9零两加]/;
  function foldNumbers(chars, at) {
    if (!chars.some(function (c) { return NUMBER_PART.test(c); })) return { chars: chars, at: at };  // nothing to do
    var read = [], pos = [];
    for (var i = 0; i < chars.length;) {
      if (!DIGIT.test(chars[i])) { read.push(chars[i]); pos.push(at[i]); i++; continue; }
      var end = i;
      while (end < chars.length && DIGIT.test(chars[end])) end++;
      var said = readDigits(chars.slice(i, end).join("")), last = said.length - 1;
      // Spread over the digits: the first numeral at the first digit, the last at the last (for marking).
      for (var k = 0; k <= last; k++) { read.push(said[k]); pos.push(at[i + (last ? Math.floor(k * (end - 1 - i) / last) : 0)]); }
      i = end;
    }
    var out = read.slice();
    for (var j = 0; j < read.length; j++) {
      var before = j > 0 ? read[j - 1] : "", after = j + 1 < read.length ? read[j + 1] : "";
      if (read[j] === "零" && NUMERALS.has(before) && NUMERALS.has(after)) out[j] = "〇";
      else if (read[j] === "两" && AFTER_TWO.has(after)) out[j] = "二";
      else if (read[j] === "加" && PLUS_SIDES.has(before) && PLUS_SIDES.has(after)) out[j] = "+";
    }
    return { chars: out, at: pos };
  }

  /* The 6,763 characters of GB 2312 in its order (rows B0–F7, cells A1–FE, but the empty D7FA–D7FE), decoded by
   * the browser (GBK holds GB 2312): the index's sound table gives their readings by position
   * (macros/site/search_index.py `gb2312_hanzi`). Null where the browser cannot decode GBK. */
  function gb2312() {
    var bytes = [];
    for (var row = 0xB0; row <= 0xF7; row++) {
      for (var cell = 0xA1; cell <= 0xFE; cell++) if (row !== 0xD7 || cell < 0xFA) bytes.push(row, cell);
    }
    try {
      var chars = Array.from(new TextDecoder("gbk").decode(new Uint8Array(bytes)));
      return chars.length === bytes.length / 2 ? chars : null;
    } catch (err) {
      return null;
    }
  }

  /* The folding and the sounds of one index: both sides of every comparison go through it. */
  function Folder(data) {
    var self = this;
    this.cache = new Map();
    this.trad = new Map();
    var config = (data && data.config) || {};
    var fold = config.fold || ["", ""];
    var t = Array.from(fold[0]), s = Array.from(fold[1]);
    t.forEach(function (c, i) { self.trad.set(c, s[i]); });
    this.syllables = [];         // code point - PUA → "wei"
    this.codeOf = new Map();      // "wei" → code character
    this.usual = new Map();       // 委 → code character of its usual reading
    this.all = new Map();         // 长 → [codes of every reading]
    var sounds = config.sounds || { usual: {}, also: {} };
    function code(syllable) {
      var c = self.codeOf.get(syllable);
      if (!c) {
        c = String.fromCharCode(PUA + self.syllables.length);
        self.syllables.push(syllable);
        self.codeOf.set(syllable, c);
      }
      return c;
    }
    function usual(ch, syllable) { var c = code(syllable); self.usual.set(ch, c); self.all.set(ch, [c]); }
    function also(ch, syllable) {
      var c = code(syllable), list = self.all.get(ch) || [];
      if (list.indexOf(c) === -1) list.push(c);
      self.all.set(ch, list);
    }
    // The characters of GB 2312 by position (sounds.gb, sounds.gbAlso: one letter per character, U+0100 + the
    // number of its reading, "." for none), the others by name.
    var common = sounds.gb ? gb2312() : null;
    if (sounds.gb && !common) console.warn("搜索：浏览器不能解码 GBK，常用字的读音不可用");
    var named = sounds.syllables || [];
    [[sounds.gb, sounds.usual, usual], [sounds.gbAlso, sounds.also, also]].forEach(function (kind) {
      if (common && kind[0]) common.forEach(function (ch, i) {
        var n = kind[0].charCodeAt(i) - SYLLABLE_BASE;
        if (n >= 0) kind[2](ch, named[n]);
      });
      Object.keys(kind[1] || {}).forEach(function (syllable) { for (var ch of kind[1][syllable]) kind[2](ch, syllable); });
    });
    this.longest = this.syllables.reduce(function (m, s) { return Math.max(m, s.length); }, 0);
  }

  /* One character, folded: NFKD, tone marks and other combining marks dropped, lower case, traditional
   * to simplified; "" for anything that is not a letter, a digit or "+". */
  Folder.prototype.char = function (ch) {
    // Chinese characters of the basic block (NFKD leaves them as they are) and ASCII letters and digits fold at once.
    var code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0x4E00 && code <= 0x9FFF) return this.trad.get(ch) || ch;
    if ((code >= 0x61 && code <= 0x7A) || (code >= 0x30 && code <= 0x39)) return ch;
    var out = this.cache.get(ch);
    if (out === undefined) {
      out = "";
      var decomposed = ch.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
      for (var c of decomposed) if (KEEP.test(c)) out += this.trad.get(c) || c;
      this.cache.set(ch, out);
    }
    return out;
  };

  /* A text folded, characters then numbers, with the position in the original of every folded character and
   * `gap`: how many characters were dropped before it (a match with a gap inside runs across punctuation). */
  Folder.prototype.foldText = function (text) {
    var folded = "", map = [], gap = [], i = 0, dropped = 0, run = [], at = [];
    function flush() {
      if (!run.length) return;
      var n = foldNumbers(run, at);
      for (var k = 0; k < n.chars.length; k++) { folded += n.chars[k]; map.push(n.at[k]); gap.push(dropped); }
      run = []; at = [];
    }
    for (var ch of text) {
      var f = this.char(ch);
      if (!f) { flush(); dropped++; }
      for (var k = 0; k < f.length; k++) { run.push(f[k]); at.push(i); }
      i += ch.length;
    }
    flush();
    map.push(i);
    return { folded: folded, map: map, gap: gap };
  };

  Folder.prototype.fold = function (text) { return this.foldText(text).folded; };

  /* A text folded for matching (`foldText`), with its sound (one code per character: the syllable of a
   * Chinese character, the character itself otherwise) and its initials (the first letter of each syllable).
   * `readings` are the phrase readings from the build. */
  Folder.prototype.foldWithMap = function (text, readings) {
    var base = this.foldText(text), folded = base.folded, map = base.map;
    var special = new Map();
    for (var r of readings || []) special.set(r[0], this.codeOf.get(r[1]));
    var sound = "", initials = "";
    for (var j = 0; j < folded.length; j++) {
      var c = special.get(map[j]) || this.usual.get(folded[j]);
      sound += c || folded[j];
      initials += c ? this.syllables[c.charCodeAt(0) - PUA][0] : folded[j];
    }
    return { folded: folded, map: map, gap: base.gap, sound: sound, initials: initials };
  };

  /* Latin letters as syllables (weixieshang → wei xie shang), fewest syllables first; null if they are not pinyin. */
  Folder.prototype.syllabify = function (letters) {
    var n = letters.length, best = new Array(n + 1).fill(null);
    best[0] = [];
    for (var i = 0; i < n; i++) {
      if (!best[i]) continue;
      for (var len = Math.min(this.longest, n - i); len >= 1; len--) {
        var c = this.codeOf.get(letters.slice(i, i + len));
        if (c && (!best[i + len] || best[i + len].length > best[i].length + 1)) best[i + len] = best[i].concat([c]);
      }
    }
    return best[n];
  };

  /* A query word in sound: one list of acceptable codes per position. A Chinese character may be itself or
   * any of its readings; a run of pinyin letters becomes its syllables; anything else stays itself. */
  Folder.prototype.soundOf = function (folded) {
    var out = [], run = "";
    var self = this;
    function flush() {
      if (!run) return;
      var syl = run.length >= 2 ? self.syllabify(run) : null;
      if (syl && syl.length) for (var c of syl) out.push([c]);
      else for (var ch of run) out.push([ch]);
      run = "";
    }
    for (var ch of folded) {
      if (/[a-z]/.test(ch)) { run += ch; continue; }
      flush();
      var codes = this.all.get(ch);
      out.push(codes ? [ch].concat(codes) : [ch]);
    }
    flush();
    return out;
  };

  /* How often a folded string occurs in a folded text (up to limit); one running across punctuation or spaces
   * the folding removed counts ACROSS. */
  function countOf(entry, needle, limit) {
    var n = 0, seen = 0, at = entry.folded.indexOf(needle), last = needle.length - 1;
    while (at !== -1 && seen < limit) {
      seen++;
      n += entry.gap[at + last] === entry.gap[at] ? 1 : ACROSS;
      at = entry.folded.indexOf(needle, at + needle.length);
    }
    return n;
  }

  /* Where the folded strings occur in the original text: [start, end, string number], in text order. */
  function occurrences(entry, strings) {
    var out = [];
    strings.forEach(function (t, n) {
      if (!t) return;
      var at = entry.folded.indexOf(t);
      while (at !== -1) {
        out.push([entry.map[at], entry.map[at + t.length - 1] + 1, n]);
        at = entry.folded.indexOf(t, at + t.length);
      }
    });
    return out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  }

  /* Escaped HTML of text[from, to) with the occurrences marked. */
  function markUp(text, found, from, to) {
    var html = "", pos = from;
    for (var r of found) {
      var s = Math.max(r[0], from, pos), e = Math.min(r[1], to);
      if (e <= s) continue;
      html += escapeHTML(text.slice(pos, s)) + "<mark>" + escapeHTML(text.slice(s, e)) + "</mark>";
      pos = e;
    }
    return html + escapeHTML(text.slice(pos, to));
  }

  /* A teaser of the text: the window of SNIPPET characters that shows the most different query
   * words (earliest such window), starting a little before its first match. */
  function snippet(text, found) {
    if (!text) return "";
    var start = 0, best = -1, lead = Math.floor(SNIPPET / 5);
    for (var i = 0; i < found.length; i++) {
      var from = Math.max(0, found[i][0] - lead), seen = new Set();
      for (var j = i; j < found.length && found[j][1] <= from + SNIPPET; j++) seen.add(found[j][2]);
      if (seen.size > best) { best = seen.size; start = from; }
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end - start < SNIPPET) start = Math.max(0, end - SNIPPET);
    return (start > 0 ? "…" : "") + markUp(text, found, start, end) + (end < text.length ? "…" : "");
  }

  function pageOf(location) { return location.split("#")[0]; }

  /* Location as a link target: from file:// a folder URL shows a file listing, so name index.html. */
  function linkTo(location, fileUrls) {
    if (!fileUrls) return location;
    var parts = location.split("#");
    var path = parts[0];
    if (path === "" || path.endsWith("/")) path += "index.html";
    return parts.length > 1 ? path + "#" + parts.slice(1).join("#") : path;
  }

  function Index(data, options, folder) {
    var self = this;
    folder = this.folder = folder || new Folder(data);
    var config = data.config || {};
    this.question = new Set(Array.from(config.question || ""));
    // Light words folded, longest first (看一下 before 看看 before 看); generic ones with the page of their kind.
    var generic = config.generic || {};
    this.kindOf = new Map();
    Object.keys(generic).forEach(function (w) { if (folder.fold(w)) self.kindOf.set(folder.fold(w), generic[w]); });
    var light = Array.from(this.kindOf.keys()).concat((config.filler || []).map(function (w) { return folder.fold(w); }));
    this.light = Array.from(new Set(light.filter(Boolean))).sort(function (a, b) { return b.length - a.length; });
    this.fileUrls = !!(options && options.fileUrls);
    this.suggestOn = !!(data.options && data.options.suggest);
    this.docs = data.docs.map(function (d, n) {
      var keys = (d.keys || []).map(function (k) { return folder.fold(k); }).filter(Boolean);
      var pinyin = (d.pinyin || []).map(function (p) { return folder.fold(p); });  // (full, initials) per key
      return {
        n: n, location: d.location, title: d.title, text: d.text || "", editors: d.editors ? 1 : 0, where: d.where || "",
        keys: keys, names: d.keys || [], pinyin: pinyin,
        // A name's sound follows its pinyin from the build, which reads polyphones as the phrase does.
        keySounds: keys.map(function (k, i) {
          var sound = folder.foldWithMap(k).sound, read = pinyin[2 * i] && folder.syllabify(pinyin[2 * i]);
          return read && read.length === sound.length && /^\p{Script=Han}+$/u.test(k) ? read.join("") : sound;
        }),
        t: folder.foldWithMap(d.title, d.st), x: folder.foldWithMap(d.text || "", d.sx),
        w: d.where ? folder.foldWithMap(d.where + d.title) : null
      };
    });
    for (var each of this.docs) {
      each.w = each.w || each.t;  // the title after the page it is on, for partial matches
      each.titlePairs = new Set();
      for (var f of [each.w.folded, each.w.sound]) {
        for (var i = 0; i + 1 < f.length; i++) each.titlePairs.add(pairAt(f, i));
      }
    }
    this.pages = new Map();
    for (var doc of this.docs) if (!doc.location.includes("#")) this.pages.set(doc.location, doc);
    this.names = [];
    this.glossary = [];
    this.keyWords = [];  // folded glossary names of two characters or more: never light, whatever they hold
    for (var k of this.docs) {
      for (var name of k.names) this.names.push(name);
      if (k.keys.length) this.glossary.push(k);
      for (var key of k.keys) if (key.length >= 2) this.keyWords.push(key);
    }
    // Pairs of neighbouring characters, sounds and initials → the documents holding them.
    var pairs = this.pairs = new Map();
    function add(s, n) {
      for (var i = 0; i + 1 < s.length; i++) {
        var p = pairAt(s, i), list = pairs.get(p);
        if (!list) pairs.set(p, [n]);
        else if (list[list.length - 1] !== n) list.push(n);
      }
    }
    for (var e of this.docs) {
      for (var f of [e.w, e.x]) { add(f.folded, e.n); add(f.sound, e.n); add(f.initials, e.n); }  // w: title after page
      for (var ks of e.keySounds) add(ks, e.n);
    }
  }

  /* The words of a query: split at spaces and punctuation that separates words, each folded, with its sound. */
  Index.prototype.queryTerms = function (query) {
    var seen = new Set(), terms = [], folder = this.folder;
    for (var raw of query.split(/[\s,，、;；。|？?！!]+/u)) {
      var folded = folder.fold(raw);
      if (!folded || seen.has(folded)) continue;
      seen.add(folded);
      var sound = folder.soundOf(folded);
      var latin = /^[a-z]+$/.test(folded);
      // Pairs of letters that are not pinyin (xyz) or of digits would match anything: those words match whole.
      var partial = sound.some(function (opts) { return opts[opts.length - 1].charCodeAt(0) >= PUA || HAN.test(opts[0]); });
      terms.push({
        raw: raw.trim(), folded: folded, sound: sound, latin: latin, partial: partial,
        pattern: new RegExp(sound.map(function (opts) {
          return "[" + opts.map(escapeRegExp).join("") + "]";
        }).join(""))
      });
    }
    return terms;
  };

  /* How well one document matches one folded term by its letters (0 = not at all), and the name it matched
   * by pinyin. */
  Index.prototype.scoreTerm = function (doc, term) {
    var s = 0, via = null;
    for (var i = 0; i < doc.keys.length; i++) {
      if (doc.keys[i] === term) s = Math.max(s, SCORE.keyExact);
      else if (term.length >= 2 && doc.keys[i].startsWith(term)) s = Math.max(s, SCORE.keyPrefix);
    }
    if (/^[a-z]{2,}$/.test(term)) {
      for (var j = 0; j < doc.pinyin.length; j++) {
        var p = doc.pinyin[j], name = doc.names[j >> 1];
        if (!p) continue;
        if (p === term) { s = Math.max(s, SCORE.pinyinExact); via = name; }
        else if (term.length >= 3 && p.startsWith(term)) {
          if (SCORE.pinyinPrefix > s) { s = SCORE.pinyinPrefix; via = name; }
        }
      }
    }
    var t = doc.t.folded;
    if (t === term) s += SCORE.titleExact;
    else if (t.startsWith(term)) s += SCORE.titleStart;
    else if (t.includes(term)) s += SCORE.titleHas * Math.min(1, countOf(doc.t, term, 1));
    var n = countOf(doc.x, term, 20);
    if (n) s += (SCORE.textFirst + SCORE.textMore * Math.log2(1 + n) + Math.min(term.length, 8)) * Math.min(1, n);
    return { score: s, via: via };
  };

  /* The same by sound: the whole term read alike in a name, the title or the text; with the words it hit. */
  Index.prototype.scoreSound = function (doc, term) {
    var s = 0, hit = [];
    for (var i = 0; i < doc.keySounds.length; i++) {
      if (term.sound.length === doc.keySounds[i].length && term.pattern.test(doc.keySounds[i])) {
        s = Math.max(s, SCORE.keySound);
        hit.push(doc.keys[i]);
      }
    }
    var m = term.pattern.exec(doc.t.sound);
    if (m) {
      s += (m[0].length === doc.t.sound.length ? SCORE.titleExact : SCORE.titleHas) * SCORE.sound;
      hit.push(doc.t.folded.substr(m.index, m[0].length));
    }
    m = term.pattern.exec(doc.x.sound);
    if (m) {
      s += (SCORE.textFirst + Math.min(term.sound.length, 8)) * SCORE.sound;
      hit.push(doc.x.folded.substr(m.index, m[0].length));
    }
    if (!s && term.latin && term.folded.length >= 2) {  // initials: wxs, or sx for 书香
      var a = doc.t.initials.indexOf(term.folded), b = wordInitials(doc.x, term.folded);
      if (a !== -1) { s += SCORE.initials * 2; hit.push(doc.t.folded.substr(a, term.folded.length)); }
      if (b.at !== -1) {
        s += b.word ? SCORE.initials * 1.5 : SCORE.initials;  // below a title's initials
        hit.push(doc.x.folded.substr(b.at, term.folded.length));
      }
    }
    return { score: s, hit: hit };
  };

  /* Where initials occur in a text (`at`, -1 if nowhere), and whether one occurrence is a word of its own: in one
   * run of the text, with nothing folded away inside it, and with a space, a mark or an edge right before and after
   * it (a name in a list: 冯友兰、姚雪垠、周大新), rather than syllables of a sentence (点一下也 for yxy), which then
   * scores more than those, less than a title. */
  function wordInitials(text, initials) {
    var at = text.initials.indexOf(initials), first = at, map = text.map, n = initials.length;
    var joined = function (j) { return j > 0 && j < text.folded.length && map[j] === map[j - 1] + 1; };
    while (at !== -1) {
      var inside = true;
      for (var j = at + 1; j < at + n; j++) if (!joined(j)) { inside = false; break; }
      if (inside && !joined(at) && !joined(at + n)) return { at: at, word: true };
      at = text.initials.indexOf(initials, at + 1);
    }
    return { at: first, word: false };
  }

  /* For every document, how much of a term's pairs (neighbouring characters, or their sounds) it holds:
   * `weighted` (rare pairs weigh more), `plain` (share by count, question words and sound-only pairs less),
   * `bits` (which pairs), `letters` (pairs held by letter), `all` (pairs held at all); `docs`: those holding any. */
  Index.prototype.partOf = function (sound, chars, latin, light) {
    var count = sound.length - 1, all = this.docs.length;
    var part = { count: count, need: count, docs: [], weighted: null, plain: null, bits: null, letters: null, held: null };
    if (count < 1) return part;
    part.weighted = new Float64Array(all); part.plain = new Float64Array(all);
    part.bits = new Uint32Array(all); part.letters = new Uint8Array(all); part.held = new Uint8Array(all);
    var seen = new Float32Array(all), touched = [], total = 0, plainTotal = 0;
    var filler = chars.length === sound.length, question = this.question;
    for (var k = 0; k < count; k++) {
      var weight = filler && question.has(chars[k]) && question.has(chars[k + 1]) ? FILLER_WEIGHT
        : filler && light && (light[k] || light[k + 1]) ? LIGHT : 1;
      touched.length = 0;
      if (!latin && sound[k].every(isLetter) && sound[k + 1].every(isLetter)) { part.need--; continue; }
      for (var a of sound[k]) for (var b of sound[k + 1]) {
        var list = this.pairs.get(pairKey(a, b));
        if (!list) continue;
        var w = a.charCodeAt(0) >= PUA || b.charCodeAt(0) >= PUA ? SOUND_PAIR : 1;
        for (var i = 0; i < list.length; i++) {
          var n = list[i];
          if (!seen[n]) touched.push(n);
          if (seen[n] < w) seen[n] = w;
        }
      }
      var idf = weight * Math.log(1 + all / (1 + touched.length));
      total += idf;
      plainTotal += weight;
      for (var j = 0; j < touched.length; j++) {
        var d = touched[j], sw = seen[d];
        seen[d] = 0;
        if (!part.held[d]) part.docs.push(d);
        part.weighted[d] += sw * idf;
        part.plain[d] += weight * sw;
        if (k < 32) part.bits[d] |= 1 << k;
        part.held[d]++;
        if (sw === 1) part.letters[d]++;
      }
    }
    for (var m of part.docs) { part.weighted[m] /= total; part.plain[m] /= plainTotal; }
    return part;
  };

  /* Which pairs of a term a document holds, as a list of booleans. */
  function pairsHeld(part, n) {
    var out = [];
    for (var k = 0; k < part.count; k++) out.push(k < 32 ? !!(part.bits[n] & (1 << k)) : part.held[n] === part.count);
    return out;
  }

  /* The share of a term's pairs that its title holds (by letter or by sound), squared. */
  function titleShare(term, doc, pairs) {
    var held = 0, count = pairs.length;
    for (var k = 0; k < count; k++) {
      if (!pairs[k]) continue;
      var a = term.sound[k], b = term.sound[k + 1], found = false;
      for (var x = 0; x < a.length && !found; x++) for (var y = 0; y < b.length && !found; y++) {
        found = doc.titlePairs.has(pairKey(a[x], b[y]));
      }
      if (found) held++;
    }
    return (held / count) * (held / count);
  }

  /* The folded pieces of a term a document holds, for marking: the longest runs of its pairs found there. */
  function pieces(term, doc, pairs) {
    var out = [], chars = Array.from(term.folded);
    if (chars.length !== term.sound.length) return out;
    var k = 0;
    while (k < pairs.length) {
      if (!pairs[k]) { k++; continue; }
      var end = k;
      while (end < pairs.length && pairs[end]) end++;
      var piece = chars.slice(k, end + 1).join("");
      if (doc.t.folded.includes(piece) || doc.x.folded.includes(piece)) out.push(piece);
      k = end;
    }
    return out;
  }

  /* Which characters of a folded word belong to a light word (书, 哪些, 我想…; never inside a glossary name), the
   * pages its generic words name (`kinds`), and its `core`: the one run of the others two characters or more long
   * (二月河 in 我想看看二月河的书), or null. */
  Index.prototype.lightOf = function (folded) {
    var chars = Array.from(folded), n = chars.length, light = new Array(n).fill(false), kept = new Array(n).fill(false);
    var kinds = [];
    if (chars.length !== folded.length) return { light: null, core: null, allLight: false, kinds: kinds };
    for (var key of this.keyWords) {
      for (var at = folded.indexOf(key); at !== -1; at = folded.indexOf(key, at + 1)) {
        for (var k = at; k < at + key.length; k++) kept[k] = true;
      }
    }
    for (var i = 0; i < n;) {
      var word = kept[i] ? null : this.light.find(function (w) { return folded.startsWith(w, i); });
      if (!word) { i++; continue; }
      for (var j = i; j < i + word.length; j++) light[j] = true;
      if (this.kindOf.has(word)) kinds.push(this.kindOf.get(word));
      i += word.length;
    }
    var core = null, runs = 0, run = "";
    for (var m = 0; m <= n; m++) {
      if (m < n && !light[m]) { run += chars[m]; continue; }
      if (run.length >= 2) { runs++; core = run; }
      run = "";
    }
    if (runs !== 1 || core === folded) core = null;  // two runs (报告中 … 名词解释): the parts decide, not one of them
    return { light: light, core: core, allLight: n > 0 && light.every(Boolean), kinds: kinds };
  };

  /* Initials typed with one letter too many (xxsdnyzxjs for 新时代南阳政协精神): a glossary name or a title whose
   * initials are the query without one of its letters; the score, and the words it hit. */
  Index.prototype.nearInitials = function (doc, term) {
    for (var v of term.near) {
      for (var j = 1; j < doc.pinyin.length; j += 2) {
        if (doc.pinyin[j] === v) return { score: SCORE.initials * 2, hit: [doc.keys[j >> 1]] };
      }
      var a = doc.t.initials.indexOf(v);
      if (a !== -1) return { score: SCORE.initials, hit: [doc.t.folded.substr(a, v.length)] };
    }
    return null;
  };

  Index.prototype.search = function (query) {
    var terms = this.queryTerms(query);
    if (!terms.length) return { items: [], query: query };
    // Pinyin typed with a space after each syllable (yao xue yin) is one word.
    if (terms.length > 1 && terms.every(function (t) { return t.latin; })) {
      var joined = this.queryTerms(terms.map(function (t) { return t.raw; }).join(""));
      if (joined[0].sound.every(function (opts) { return opts[0].charCodeAt(0) >= PUA; })) terms = joined;
    }
    var whole = this.folder.fold(query), wholeSound = this.folder.soundOf(whole);
    var self = this;
    var kinds = this.weigh(terms);
    var weights = terms.reduce(function (sum, t) { return sum + t.weight; }, 0);
    // Pairs by sound (which include the letters of Chinese words) and, for pinyin typed as letters, by letter.
    var parts = terms.map(function (t) { return self.partOf(t.sound, Array.from(t.folded), t.latin, t.light); });
    var spelt = terms.map(function (t, i) {
      var chars = Array.from(t.folded);
      return chars.length === t.sound.length ? parts[i]
        : self.partOf(chars.map(function (c) { return [c]; }), chars, t.latin, t.light);
    });
    // Candidates: documents holding a pair of some word (initials included), glossary entries, and everything
    // for one-character words.
    var candidates;
    if (parts.some(function (p) { return p.count === 0; }) || spelt.some(function (p) { return p.count === 0; })) {
      candidates = this.docs;
    } else {
      var mark = new Uint8Array(this.docs.length);
      candidates = [];
      var take = function (n) { if (!mark[n]) { mark[n] = 1; candidates.push(self.docs[n]); } };
      parts.concat(spelt).forEach(function (p) { p.docs.forEach(take); });
      this.glossary.forEach(function (d) { take(d.n); });
      if (kinds.alone) kinds.kinds.forEach(function (k) { if (self.pages.has(k)) take(self.pages.get(k).n); });
    }
    var hits = [], memo = new Map();  // glossary name → how it occurs in the query
    for (var doc of candidates) {
      var own = kinds.alone && kinds.kinds.has(doc.location);  // the page a query of light words leads to
      if (!doc.keys.length && !own && this.bound(doc.n, terms, parts, spelt) < PART_MIN * weights) continue;
      var total = 0, share = 0, full = 0, names = {}, shown = [], partial = [];
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i], part = parts[i], n = doc.n;
        var whole_letters = spelt[i].count === 0 || spelt[i].letters[n] === spelt[i].need;
        var r = whole_letters || doc.keys.length ? this.scoreTerm(doc, term.folded) : { score: 0, via: null };
        var said = r.via || term.raw;
        if (!r.score && term.core && (doc.keys.length || doc.t.folded.includes(term.core) || doc.x.folded.includes(term.core))) {
          r = this.scoreTerm(doc, term.core);  // the words it is about, without 我想看看 … 的书
          said = term.core;
        }
        if (r.score > 0) {
          total += r.score * term.weight; share += term.weight; full++;
          names[said] = true;
          shown.push(this.folder.fold(said));
          continue;
        }
        // By sound: a word of two or more characters or syllables (one alone sounds like too much).
        if (term.sound.length > 1 && (part.held[n] === part.need || (term.latin && doc.keys.length === 0))) {
          var s = this.scoreSound(doc, term);
          if (s.score > 0) {
            total += s.score * term.weight; share += term.weight; full++;
            for (var h of s.hit) { names[h] = true; shown.push(h); }
            continue;
          }
        }
        var near = term.near && this.nearInitials(doc, term);
        if (near) {
          total += near.score; share += term.weight; full++;
          for (var nh of near.hit) { names[nh] = true; shown.push(nh); }
          continue;
        }
        if (part.count && part.letters[n] && term.partial) {
          var held = pairsHeld(part, n);
          total += (SCORE.part * part.weighted[n] * part.weighted[n] + SCORE.partTitle * titleShare(term, doc, held)) * term.weight;
          share += part.plain[n] * term.weight;
          partial.push([term, held]);
        }
      }
      var inQuery = doc.keys.length ? this.keyInQuery(doc, whole, wholeSound, terms, memo) : null;
      if (inQuery) { total += inQuery.score; names[inQuery.name] = true; shown.push(this.folder.fold(inQuery.name)); }
      var kind = kindScore(doc, kinds);
      if (kind && !total) { share = weights; full = terms.length; }  // 书 alone: the page of books, whatever it says
      total += total || kinds.alone ? kind : 0;
      if (!total) continue;
      if (!inQuery && share / weights < PART_MIN) continue;
      // The whole query as typed is one glossary term (e.g. "三作 三台 三评" → 三作三台三评).
      if (terms.length > 1 && doc.keys.indexOf(whole) !== -1) { total += SCORE.keyExact; full = terms.length; }
      if (full === terms.length) total += SCORE.allTerms * terms.length;
      hits.push({ doc: doc, score: total, full: full, terms: names, folded: shown, partial: partial });
    }
    hits.sort(byRank);
    hits = hits.slice(0, MAX_RESULTS);
    // The words to mark (and to carry in the link's ?h=) of a partial match: the runs of its pairs the text holds.
    for (var hit of hits) {
      for (var tp of hit.partial) for (var piece of pieces(tp[0], hit.doc, tp[1])) { hit.terms[piece] = true; hit.folded.push(piece); }
      // Material writes ?h= from the matched words: never leave it empty (a match by sound alone has no piece).
      if (!Object.keys(hit.terms).length) for (var t of terms) hit.terms[t.raw] = true;
    }
    var out = { items: this.group(hits), query: query, suggest: this.suggestOn ? this.suggest(terms) : undefined };
    if (!hits.length) out.nearest = this.nearest(whole, wholeSound);
    return out;
  };

  /* The most of a query a document can hold (by weight), from its pairs alone: below PART_MIN of the query's
   * weight it need not be scored. */
  Index.prototype.bound = function (n, terms, parts, spelt) {
    var most = 0;
    for (var i = 0; i < terms.length; i++) {
      var part = parts[i], whole = part.count === 0 || spelt[i].count === 0 || terms[i].latin ||
        part.held[n] === part.need || spelt[i].letters[n] === spelt[i].need;
      most += (whole ? 1 : part.plain[n]) * terms[i].weight;
    }
    return most;
  };

  /* Each word's light characters, core and weight: a word made only of light words counts LIGHT beside words
   * that are not (乡村振兴 书), fully when the query has nothing else (哪些书). Long initials may carry a letter
   * too many (`near`: the query without one of its letters). */
  Index.prototype.weigh = function (terms) {
    var self = this, kinds = new Set();
    terms.forEach(function (t) {
      var l = self.lightOf(t.folded);
      t.light = l.light; t.core = l.core; t.allLight = l.allLight;
      l.kinds.forEach(function (k) { kinds.add(k); });
      t.near = null;
      if (t.latin && t.folded.length >= NEAR_INITIALS) {
        var near = new Set();
        for (var i = 0; i < t.folded.length; i++) near.add(t.folded.slice(0, i) + t.folded.slice(i + 1));
        t.near = Array.from(near);
      }
    });
    var heavy = terms.some(function (t) { return !t.allLight; });
    terms.forEach(function (t) { t.weight = heavy && t.allLight ? LIGHT : 1; });
    return { kinds: kinds, alone: !heavy };
  };

  /* The score a generic word adds to a document: its kind's own page first when the query has nothing else
   * (书 → 推荐书目), a little for the pages under it beside other words. */
  function kindScore(doc, kinds) {
    if (!kinds.kinds.size) return 0;
    if (kinds.alone) return kinds.kinds.has(doc.location) ? SCORE.kindPage : 0;
    for (var k of kinds.kinds) if (doc.location.startsWith(k)) return SCORE.kind;
    return 0;
  }

  /* Members' content first, editors' pages after it; each by score. */
  function byRank(a, b) { return (a.doc.editors - b.doc.editors) || (b.score - a.score); }

  /* A glossary name inside a longer query (委员之家是干什么的), by letter or by sound: the longest wins. */
  Index.prototype.keyInQuery = function (doc, whole, wholeSound, terms, memo) {
    var best = null;
    for (var i = 0; i < doc.keys.length; i++) {
      var key = doc.keys[i], found = memo.get(key);
      if (found === undefined) {
        found = key.length < 2 || key === whole || terms.some(function (t) { return t.folded === key; }) ? 0
          : whole.includes(key) ? 1 : soundIn(doc.keySounds[i], wholeSound) ? SCORE.keySound / SCORE.keyInQuery : 0;
        memo.set(key, found);
      }
      if (!found) continue;
      var score = SCORE.keyInQuery * found * (0.5 + 0.5 * key.length / whole.length);
      if (!best || score > best.score) best = { score: score, name: doc.names[i] };
    }
    return best;
  };

  /* Whether a sound string occurs in a query's sound (lists of acceptable codes per position). */
  function soundIn(sound, options) {
    var codes = Array.from(sound), n = codes.length;
    for (var start = 0; start + n <= options.length; start++) {
      var ok = true;
      for (var k = 0; k < n && ok; k++) ok = options[start + k].indexOf(codes[k]) !== -1;
      if (ok) return true;
    }
    return false;
  }

  /* The glossary terms nearest to a query that found nothing: most characters (or, half as much, syllables)
   * in common, at least one character. */
  Index.prototype.nearest = function (whole, wholeSound) {
    var self = this, scored = [];
    var letters = new Set(Array.from(whole));
    var sounds = new Set();
    wholeSound.forEach(function (opts) { opts.forEach(function (c) { sounds.add(c); }); });
    for (var doc of this.glossary) {
      var best = 0;
      doc.keys.forEach(function (key, i) {
        var same = 0, letter = false, chars = Array.from(key), ks = Array.from(doc.keySounds[i]);
        chars.forEach(function (c, j) {
          if (letters.has(c)) { same += 1; letter = true; } else if (sounds.has(ks[j])) same += 0.5;
        });
        var p = doc.pinyin[2 * i] || "";
        if (/^[a-z]{2,}$/.test(whole) && p && (p.includes(whole) || whole.includes(p))) { same += chars.length; letter = true; }
        if (letter) best = Math.max(best, same / Math.max(chars.length, 1));
      });
      if (best > 0) scored.push({ doc: doc, score: best });
    }
    scored.sort(function (a, b) { return b.score - a.score; });
    return scored.slice(0, NEAREST).map(function (s) {
      return { title: s.doc.names[0], location: linkTo(s.doc.location, self.fileUrls) };
    });
  };

  /* Material's result shape: one array per page, the page itself included, in order of the best hit. */
  Index.prototype.group = function (hits) {
    var groups = new Map();
    for (var h of hits) {
      var page = pageOf(h.doc.location);
      if (!groups.has(page)) groups.set(page, []);
      groups.get(page).push(h);
    }
    var self = this, items = [];
    groups.forEach(function (list, page) {
      var sections = list.filter(function (h) { return h.doc.location !== page; });
      var own = list.find(function (h) { return h.doc.location === page; });
      // A page shown only as the heading of its sections links with its best section's words, never "?h=".
      var article = own || { doc: self.pages.get(page) || list[0].doc, score: 0, terms: list[0].terms, folded: list[0].folded };
      // Material shows the sections scoring at least the first item's score and folds the rest:
      // lead with the page at the score of the last section that should stay visible.
      var visible = sections.filter(function (h, i) { return i < SHOWN_PER_PAGE && h.score >= sections[0].score / 2; });
      var lead = visible.length ? visible[visible.length - 1].score : article.score;
      var out = [self.item(article, lead)];
      for (var s of sections) out.push(self.item(s, s.score));
      items.push({ doc: list[0].doc, score: list[0].score, out: out });
    });
    items.sort(byRank);
    return items.map(function (g) { return g.out; });
  };

  Index.prototype.item = function (hit, score) {
    var doc = hit.doc, folded = hit.folded || [];
    var title = markUp(doc.title, occurrences(doc.t, folded), 0, doc.title.length);
    if (doc.where) title = '<span class="portal-search-where">' + escapeHTML(doc.where) + " · </span>" + title;
    return {
      location: linkTo(doc.location, this.fileUrls),
      title: title,
      text: snippet(doc.text, occurrences(doc.x, folded)),
      score: score,
      terms: hit.terms || {}
    };
  };

  /* Completion for the last word typed: the shortest glossary name it begins. */
  Index.prototype.suggest = function (terms) {
    var last = terms[terms.length - 1].raw;
    if (!last) return [];
    var found = this.names.filter(function (n) { return n.length > last.length && n.startsWith(last); })
      .sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
    return found.length ? [found[0]] : [];
  };

  /* The index's entries with their texts (the second part), or null when the texts belong to another build. */
  function withTexts(data, texts) {
    var docs = data.docs || [];
    if (!texts || texts.id !== (data.config || {}).texts || !texts.docs || texts.docs.length !== docs.length) {
      console.warn("搜索：正文索引与标题索引不是同一次生成的，只搜索标题和名词解释");
      return null;
    }
    var whole = docs.map(function (d, n) { return Object.assign({}, d, texts.docs[n]); });
    return { config: data.config, docs: whole, options: data.options };
  }

  /* A message handler with its own index: the same code answers in a worker and in the page. Replies are a
   * list (a message may call for none, or for two). Once both parts of the index are in, the whole index is built
   * by a timer (replies through `send`), after the first query has been answered from the first part: Material
   * sends one right after READY (the box's text, or ""), so the reader's first results never wait for the texts
   * to be indexed; should none come, after WAIT_FOR_QUERY ms. Without `send` the whole index is built at once, in
   * the message that completes it. */
  var WAIT_FOR_QUERY = 1000;
  function createHandler(options, send) {
    var index = null, data = null, texts = null, last = null, timer = null, whole = false, asked = false;
    function answer(query) {
      try {
        return { type: RESULT, data: index.search(query) };
      } catch (err) {
        console.warn("搜索出错：", err);
        return { type: RESULT, data: { items: [], query: query } };
      }
    }
    function complete() {  // both parts are in: the whole index, the last query answered again
      var parts = texts;
      if (typeof parts === "string") {
        try { parts = JSON.parse(parts); } catch (err) { parts = {}; }  // not the texts of this index
      }
      var full = withTexts(data, parts);
      whole = true;
      if (full) index = new Index(full, options, index.folder);
      return full && last !== null ? [answer(last), { type: WHOLE }] : [{ type: WHOLE }];
    }
    function finish() { complete().forEach(send); }
    function both() {  // what completing the index gives now (nothing when it is left to the timer)
      if (whole || timer || !index || texts === null) return [];
      if (!send) return complete();
      timer = setTimeout(finish, asked ? 0 : WAIT_FOR_QUERY);
      return [];
    }
    return function (message) {
      switch (message.type) {
        case SETUP:
          data = message.data;
          index = new Index(data, options);
          return [{ type: READY }].concat(both());
        case TEXTS:
          if (texts === null) texts = message.data;
          return both();
        case QUERY:
          last = message.data;
          var reply = [answer(message.data)];
          if (!asked && index) {  // the first answer is out: now the texts
            asked = true;
            if (timer && !whole) { clearTimeout(timer); timer = setTimeout(finish, 0); }
            else reply = reply.concat(both());
          }
          return reply;
        default:
          throw new TypeError("Invalid message type");
      }
    };
  }

  /* Folding without an index (no tables): for tests of the letter rules. */
  var plain = new Folder(null);
  root.ShuxiangSearch = {
    createHandler: createHandler, Index: Index, Folder: Folder, withTexts: withTexts,
    fold: function (text) { return plain.fold(text); },
    queryTerms: function (query) { return Index.prototype.queryTerms.call({ folder: plain }, query); }
  };
})(typeof self !== "undefined" ? self : this);
