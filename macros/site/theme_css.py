"""Material's stylesheets without the rules this site can never use, so every page's first view is lighter.

Material ships one stylesheet for every feature it offers (code annotations, content tabs, blog, versions, twenty
colour palettes, …); this site uses a fraction of it. After the build we keep only what could apply:

- a selector is kept unless it needs a class that no page, no script and no search index of the built site
  contains (a class is also kept when a script builds it from a prefix, as in `md-tag--${…}`), or a palette
  value (`[data-md-color-primary=pink]`) that no page offers;
- `:is()`, `:where()` and `:has()` need one usable alternative; `:not()` never removes anything;
- a custom property is kept when some stylesheet, page or script still mentions it; `@keyframes` likewise;
- `@media` and `@supports` blocks keep what is left inside them and vanish when empty.

Anything the selector reader does not understand counts as usable: the trimmed stylesheet can only be larger
than necessary, never miss a rule. tests/site/test_theme_css.py compares, in Chromium, the computed style of every
element of every page type (phone and desktop, dark palette, search, drawer, tooltip, focus, print) with the style
the same page gets from Material's own file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2 import ast

#: Material's stylesheets in the built site (`main.<hash>.min.css`, `palette.<hash>.min.css`).
THEME_STYLESHEETS = re.compile(r"^(main|palette)\.[0-9a-f]{8}\.min\.css$")
#: Pseudo-classes that match when one of the selectors inside them matches.
ANY_OF = {"is", "where", "has", "matches", "-webkit-any", "-moz-any"}
#: Attributes whose values only come from the pages (Material copies the palette choices from the page).
CLOSED_ATTRIBUTES = re.compile(r"^data-md-color-(scheme|primary|accent)$")

_CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CLASS_ATTRIBUTE_JSON = re.compile(r'\bclass=\\"([^"\\]*)\\"')
_PALETTE_ATTRIBUTE = re.compile(r"""\b(data-md-color-(?:scheme|primary|accent))\s*=\s*["']([^"']*)["']""")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
_PREFIX = re.compile(r"([A-Za-z_][\w-]*[-_])(?:\$\{|[\"']\s*\+)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_NAMED_PROPERTY = re.compile(r"[\"'](--[\w-]+)[\"']")


@dataclass
class UsedNames:
    """What the built site can put in front of a stylesheet: classes, class prefixes, palette values, words."""

    classes: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    attribute_values: dict[str, set[str]] = field(default_factory=dict)
    script_words: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)  # pages, scripts and other stylesheets, for var() and keyframes

    def add_page(self, html: str) -> None:
        """Classes and palette values of one page (or of a search index holding page fragments)."""
        for match in _CLASS_ATTRIBUTE.finditer(html):
            self.classes.update((match.group(1) or match.group(2) or "").split())
        for match in _CLASS_ATTRIBUTE_JSON.finditer(html):
            self.classes.update(match.group(1).split())
        for name, value in _PALETTE_ATTRIBUTE.findall(html):
            self.attribute_values.setdefault(name, set()).add(value)
        self.texts.append(html)

    def add_script(self, script: str) -> None:
        """Every word in a string of a script may be a class it adds; a word before `${` or `" +` is a prefix."""
        for match in _STRING.finditer(script):
            self.script_words.update(_WORD.findall(next(g for g in match.groups() if g is not None)))
        self.prefixes.update(p for p in _PREFIX.findall(script) if len(p) >= 4)
        self.texts.append(script)

    def add_stylesheet(self, css: str) -> None:
        """Another stylesheet of the site: its var() references keep Material's custom properties alive."""
        self.texts.append(css)

    def has_class(self, name: str) -> bool:
        return (name in self.classes or name in self.script_words
                or any(name.startswith(prefix) for prefix in self.prefixes))

    def has_attribute_value(self, name: str, value: str) -> bool:
        return not CLOSED_ATTRIBUTES.match(name) or value in self.attribute_values.get(name, set())


def collect_used_names(site_dir: Path, skip: set[Path] = frozenset()) -> UsedNames:
    """Read every page, script, search index and stylesheet of a built site (except the files in `skip`)."""
    used = UsedNames()
    for path in sorted(site_dir.rglob("*")):
        if path in skip or not path.is_file():
            continue
        if path.suffix == ".html" or (path.suffix == ".json" and "search" in path.parts):
            used.add_page(path.read_text(encoding="utf-8"))
        elif path.suffix == ".js":
            used.add_script(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            used.add_stylesheet(path.read_text(encoding="utf-8"))
    return used


def trim_stylesheets(sheets: dict[str, str], used: UsedNames) -> dict[str, str]:
    """The given stylesheets (name → text) without the rules, custom properties and keyframes nothing uses."""
    rules = {name: _trim_rules(_parse(css), used) for name, css in sheets.items()}
    named_elsewhere = {n for text in used.texts for n in _VAR.findall(text) + _NAMED_PROPERTY.findall(text)}
    while True:  # dropping a custom property can orphan the ones its value mentioned
        text = "".join(_serialize(r) for sheet in rules.values() for r in sheet)
        alive = set(_VAR.findall(text)) | named_elsewhere
        words = set(_WORD.findall(_declarations_text(rules))) | used.script_words  # names of animations in use
        rules = {name: _prune(sheet, alive, words) for name, sheet in rules.items()}
        if len("".join(_serialize(r) for sheet in rules.values() for r in sheet)) == len(text):
            return {name: "".join(_serialize(r) for r in sheet) for name, sheet in rules.items()}


def write_trimmed_theme_css(site_dir: Path) -> dict[str, tuple[str, int, int]]:
    """Replace Material's stylesheets in a built site by trimmed copies under new hashed names, and point every
    page at them; returns {old name: (new name, bytes before, bytes after)}."""
    folder = site_dir / "assets" / "stylesheets"
    originals = {p.name: p for p in sorted(folder.glob("*.min.css")) if THEME_STYLESHEETS.match(p.name)}
    if not originals:
        return {}
    used = collect_used_names(site_dir, skip=set(originals.values()))
    trimmed = trim_stylesheets({name: p.read_text(encoding="utf-8") for name, p in originals.items()}, used)
    renamed = {}
    for name, css in trimmed.items():
        data = css.encode("utf-8")
        new_name = f"{name.split('.')[0]}.{hashlib.sha256(data).hexdigest()[:8]}.min.css"
        (folder / new_name).write_bytes(data)
        renamed[name] = (new_name, originals[name].stat().st_size, len(data))
        if new_name != name:
            originals[name].unlink()
        (folder / f"{name}.map").unlink(missing_ok=True)  # the source map described the untrimmed file
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        changed = html
        for name, (new_name, _, _) in renamed.items():
            changed = changed.replace(f"assets/stylesheets/{name}", f"assets/stylesheets/{new_name}")
        if changed != html:
            page.write_text(changed, encoding="utf-8")
    return renamed


# --- Selectors -----------------------------------------------------------------------------------------


def _parse(css: str) -> list:
    return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)


def _split(tokens: list) -> list[list]:
    """Tokens split at top-level commas (a selector list into selectors)."""
    parts, current = [], []
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return parts


def _usable(selector: list, used: UsedNames) -> bool:
    """False only when the selector certainly matches nothing on this site."""
    tokens = [t for t in selector if t.type != "comment"]
    for i, token in enumerate(tokens):
        if token.type == "literal" and token.value == "." and i + 1 < len(tokens):
            following = tokens[i + 1]
            if following.type == "ident" and not used.has_class(following.value):
                return False
        elif token.type == "[] block":
            inner = [t for t in token.content if t.type not in ("whitespace", "comment")]
            if (len(inner) == 3 and inner[0].type == "ident" and inner[1].type == "literal" and inner[1].value == "="
                    and inner[2].type in ("ident", "string")
                    and not used.has_attribute_value(inner[0].lower_value, inner[2].value)):
                return False
        elif token.type == "function" and token.lower_name in ANY_OF:
            if not any(_usable(alternative, used) for alternative in _split(token.arguments)):
                return False
    return True


def _trim_rules(rules: list, used: UsedNames) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split(rule.prelude) if _usable(s, used)]
            if selectors:
                prelude = []
                for n, selector in enumerate(selectors):
                    prelude.extend(([ast.LiteralToken(0, 0, ",")] if n else []) + selector)
                kept.append(ast.QualifiedRule(0, 0, prelude, rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _trim_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used)
            if inner:
                kept.append(_with_content(rule, inner))
        elif rule.type != "error":
            kept.append(rule)
    return kept


# --- Custom properties and keyframes -------------------------------------------------------------------


def _declarations_text(rules: dict[str, list]) -> str:
    return "".join(tinycss2.serialize(r.content) for sheet in rules.values() for r in _flatten(sheet)
                   if r.type == "qualified-rule")


def _flatten(rules: list):
    for rule in rules:
        if rule.type == "at-rule" and isinstance(rule.content, list) and rule.lower_at_keyword in ("media", "supports"):
            yield from _flatten(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
        else:
            yield rule


def _prune(rules: list, alive: set[str], words: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            remaining = [d for d in declarations
                         if not (d.type == "declaration" and d.name.startswith("--") and d.name not in alive)]
            if remaining:
                content = tinycss2.parse_component_value_list(";".join(_serialize(d) for d in remaining))
                kept.append(ast.QualifiedRule(0, 0, rule.prelude, content))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            name = "".join(t.value for t in rule.prelude if t.type in ("ident", "string"))
            if name in words:
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _prune(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                           alive, words)
            if inner:
                kept.append(_with_content(rule, inner))
        else:
            kept.append(rule)
    return kept


def _with_content(rule: ast.AtRule, inner: list) -> ast.AtRule:
    content = tinycss2.parse_component_value_list("".join(_serialize(r) for r in inner))
    return ast.AtRule(0, 0, rule.at_keyword, rule.lower_at_keyword, rule.prelude, content)


def _serialize(node) -> str:
    if node.type == "declaration":
        value = tinycss2.serialize(node.value).strip()
        return f"{node.name}:{value}{'!important' if node.important else ''}"
    if node.type == "qualified-rule":
        return tinycss2.serialize(node.prelude).strip() + "{" + tinycss2.serialize(node.content).strip() + "}"
    if node.type == "at-rule":
        prelude = tinycss2.serialize(node.prelude).strip()
        head = f"@{node.at_keyword}" + (f" {prelude}" if prelude else "")
        return head + (";" if node.content is None else "{" + tinycss2.serialize(node.content).strip() + "}")
    return tinycss2.serialize([node])
