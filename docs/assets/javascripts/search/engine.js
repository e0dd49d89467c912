/* 书香政协 site search: the engine behind Material's search box.
 *
 * One normalisation for the index and the query, both done here in the browser, so the two can never
 * be cut into words differently: text is folded (full-width to ASCII, tone marks dropped, lower case),
 * punctuation and spaces are removed, and a query word matches wherever its folded characters occur.
 * Chinese needs no word segmentation for that: 协商 is found inside 微协商, 1+3+N stays one word.
 * Glossary entries carry their terms, aliases and pinyin (full and initials) as keys from the build.
 *
 * Speaks Material's worker protocol: SETUP {config, docs, options} → READY; QUERY string → RESULT
 * {items: SearchItem[][], suggest?}. Runs in a Web Worker (worker.js) or, from file://, in the page.
 */
(function (root) {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  // Scores. A glossary term typed in full always wins; titles beat body text.
  var SCORE = {
    keyExact: 1000, pinyinExact: 800, keyPrefix: 120, pinyinPrefix: 100,
    titleExact: 200, titleStart: 90, titleHas: 60, textFirst: 10, textMore: 4, allTerms: 50
  };
  var SNIPPET = 80;           // characters of teaser around the first match
  var SHOWN_PER_PAGE = 3;     // sections shown under a page before "more"

  var KEEP = /[\p{L}\p{N}+]/u;
  var foldCache = new Map();

  /* One character, folded: NFKD, tone marks and other combining marks dropped, lower case;
   * "" for anything that is not a letter, a digit or "+". */
  function foldChar(ch) {
    var out = foldCache.get(ch);
    if (out === undefined) {
      out = "";
      var decomposed = ch.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
      for (var c of decomposed) if (KEEP.test(c)) out += c;
      foldCache.set(ch, out);
    }
    return out;
  }

  /* A text folded for matching, with the position in the original of every folded character. */
  function foldWithMap(text) {
    var folded = "", map = [], i = 0;
    for (var ch of text) {
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
      i += ch.length;
    }
    map.push(i);
    return { folded: folded, map: map };
  }

  function fold(text) {
    var out = "";
    for (var ch of text) out += foldChar(ch);
    return out;
  }

  /* The words of a query: split at spaces and punctuation that separates words, each folded. */
  function queryTerms(query) {
    var seen = new Set(), terms = [];
    for (var raw of query.split(/[\s,，、;；。|]+/u)) {
      var term = fold(raw);
      if (term && !seen.has(term)) { seen.add(term); terms.push({ raw: raw.trim(), folded: term }); }
    }
    return terms;
  }

  function escapeHTML(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function countOf(hay, needle, limit) {
    var n = 0, at = hay.indexOf(needle);
    while (at !== -1 && n < limit) { n++; at = hay.indexOf(needle, at + needle.length); }
    return n;
  }

  /* Where the terms occur in the original text: [start, end, term number], in text order. */
  function occurrences(entry, terms) {
    var out = [];
    terms.forEach(function (t, n) {
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

  function Index(data, options) {
    this.fileUrls = !!(options && options.fileUrls);
    this.suggestOn = !!(data.options && data.options.suggest);
    this.docs = data.docs.map(function (d) {
      var keys = (d.keys || []).map(fold).filter(Boolean);
      var pinyin = (d.pinyin || []).map(fold);  // two per key (full, initials), "" where a key has no Chinese
      return {
        location: d.location, title: d.title, text: d.text || "", boost: d.boost || 1,
        keys: keys, names: d.keys || [], pinyin: pinyin,
        t: foldWithMap(d.title), x: foldWithMap(d.text || "")
      };
    });
    this.pages = new Map();
    for (var doc of this.docs) if (!doc.location.includes("#")) this.pages.set(doc.location, doc);
    this.names = [];
    for (var k of this.docs) for (var n of k.names) this.names.push(n);
  }

  /* How well one document matches one folded term (0 = not at all), and the name it matched by pinyin. */
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
    else if (t.includes(term)) s += SCORE.titleHas;
    var n = countOf(doc.x.folded, term, 20);
    if (n) s += SCORE.textFirst + SCORE.textMore * Math.log2(n) + Math.min(term.length, 8);
    return { score: s * doc.boost, via: via };
  };

  Index.prototype.search = function (query) {
    var terms = queryTerms(query);
    if (!terms.length) return { items: [] };
    var whole = fold(query);
    var hits = [];
    for (var doc of this.docs) {
      var total = 0, matched = 0, shown = [], marks = [], names = {};
      for (var term of terms) {
        var r = this.scoreTerm(doc, term.folded);
        if (r.score > 0) { matched++; total += r.score; }
        names[r.via || term.raw] = r.score > 0;
        if (r.via) shown.push(fold(r.via)); else shown.push(term.folded);
      }
      if (!matched) continue;
      // The whole query as typed is one glossary term (e.g. "三作 三台 三评" → 三作三台三评).
      if (terms.length > 1 && doc.keys.indexOf(whole) !== -1) { total += SCORE.keyExact; matched = terms.length; }
      if (matched === terms.length) total += SCORE.allTerms * terms.length;
      hits.push({ doc: doc, score: total, matched: matched, terms: names, folded: shown });
    }
    // Documents holding every word first; then by score.
    var best = hits.reduce(function (m, h) { return Math.max(m, h.matched); }, 0);
    hits = hits.filter(function (h) { return h.matched === best; });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { items: this.group(hits), suggest: this.suggestOn ? this.suggest(terms) : undefined };
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
      var article = own || { doc: self.pages.get(page) || list[0].doc, score: 0, terms: {}, folded: [] };
      // Material shows the sections scoring at least the first item's score and folds the rest:
      // lead with the page at the score of the last section that should stay visible.
      var visible = sections.filter(function (h, i) { return i < SHOWN_PER_PAGE && h.score >= sections[0].score / 2; });
      var lead = visible.length ? visible[visible.length - 1].score : article.score;
      var out = [self.item(article, lead)];
      for (var s of sections) out.push(self.item(s, s.score));
      items.push({ best: list[0].score, out: out });
    });
    items.sort(function (a, b) { return b.best - a.best; });
    return items.map(function (g) { return g.out; });
  };

  Index.prototype.item = function (hit, score) {
    var doc = hit.doc, folded = hit.folded || [];
    return {
      location: linkTo(doc.location, this.fileUrls),
      title: markUp(doc.title, occurrences(doc.t, folded), 0, doc.title.length),
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

  /* A message handler with its own index: the same code answers in a worker and in the page. */
  function createHandler(options) {
    var index = null;
    return function (message) {
      switch (message.type) {
        case SETUP:
          index = new Index(message.data, options);
          return { type: READY };
        case QUERY:
          try {
            return { type: RESULT, data: index.search(message.data) };
          } catch (err) {
            console.warn("搜索出错：", err);
            return { type: RESULT, data: { items: [] } };
          }
        default:
          throw new TypeError("Invalid message type");
      }
    };
  }

  root.ShuxiangSearch = { createHandler: createHandler, fold: fold, queryTerms: queryTerms, Index: Index };
})(typeof self !== "undefined" ? self : this);
