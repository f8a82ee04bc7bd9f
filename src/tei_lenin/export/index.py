"""The index of the reading edition: every document in a table that sorts by date, title, sender and
addressee (as correspSearch lists letters), facets (genre, year, correspondent, composition, transmission,
secrecy) and full-text search over the texts and notes, all in the browser from one static page.

The texts and notes to search are in ``search-index.js`` (:func:`~.search.index_script`), loaded when the
search box is first used, so the page opens at the speed of its table however large the corpus.
The filters live in the address (``index.html#year=1923&q=fotieva``), so a filtered view can be bookmarked
and shared. Without script the page is still the full, readable table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from tei_lenin.export.page import E, Facts, facts, human_date, page_name, render_page, site_header
from tei_lenin.export.reader import NS, Corpus, Document, text_of

#: The facets, in the order the page shows them: (key, heading).
FACETS = (("genre", "Genre"), ("year", "Year"), ("correspondent", "Correspondent"), ("mode", "Composition"),
          ("transmission", "Transmission"), ("secrecy", "Secrecy"))
#: The sortable columns: (key, heading); the table opens sorted by date.
COLUMNS = (("date", "Date"), ("title", "Title"), ("sender", "From"), ("addressee", "To"))

INDEX_JS = """
(function () {
  var table = document.getElementById('docs');
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var text = document.getElementById('filter');
  var count = document.getElementById('count');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#facets input[type=checkbox]'));
  var rows = Array.prototype.slice.call(body.rows);
  var facets = boxes.map(function (box) { return box.name; })
    .filter(function (name, i, all) { return all.indexOf(name) === i; });
  var lowered = {};  // each row's text, lower-cased once
  rows.forEach(function (r) { lowered[r.id] = r.textContent.toLowerCase(); });
  function key(row, col) {
    var cell = row.cells[col];
    return (cell.getAttribute('data-sort') || cell.textContent).trim().toLowerCase();
  }
  function sortBy(col, dir) {
    var th = heads[col];
    dir = dir || (th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].hasAttribute('aria-sort')) { heads[i].setAttribute('aria-sort', 'none'); }
    }
    th.setAttribute('aria-sort', dir);
    var sorted = rows.slice();
    sorted.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      var c = x < y ? -1 : x > y ? 1 : (+a.getAttribute('data-order')) - (+b.getAttribute('data-order'));
      return dir === 'ascending' ? c : -c;
    });
    sorted.forEach(function (r) { body.appendChild(r); });
  }
  var index = window.TEI_LENIN_INDEX || null;
  var loading = false;
  function loadIndex() {  // the texts and notes come in search-index.js, fetched on first use (works on file://)
    if (index || loading) { return; }
    loading = true;
    var script = document.createElement('script');
    script.src = 'search-index.js';
    script.onload = function () { index = window.TEI_LENIN_INDEX || []; filter(); };
    script.onerror = function () {
      index = [];
      results.hidden = false;
      hits.textContent = 'The search index (search-index.js) could not be loaded.';
    };
    document.head.appendChild(script);
  }
  var results = document.getElementById('results');
  var hits = document.getElementById('hits');
  function snippet(text, at, length) {
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + length + 60);
    var span = document.createElement('span');
    span.appendChild(document.createTextNode((start ? '…' : '') + text.slice(start, at)));
    var mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + length);
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? '…' : '')));
    return span;
  }
  function search(q, shown) {
    var found = {};
    hits.textContent = '';
    if (!q) { results.hidden = true; return found; }
    if (!index) { loadIndex(); return found; }
    index.forEach(function (doc) {
      doc.segments.forEach(function (seg) {
        var at = seg.text.toLowerCase().indexOf(q);
        if (at < 0) { return; }
        found[doc.id] = true;
        if (!shown(doc.id)) { return; }
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = doc.page + (seg.anchor ? '#' + seg.anchor : '');
        a.textContent = doc.title + (seg.where === 'text' ? '' : ', ' + seg.where);
        a.className = seg.where === 'text' ? 'hit-text' : 'hit-note';
        li.appendChild(a);
        li.appendChild(document.createElement('br'));
        li.appendChild(snippet(seg.text, at, q.length));
        hits.appendChild(li);
      });
    });
    results.hidden = !hits.children.length;
    return found;
  }
  function selected() {
    var chosen = {};
    boxes.forEach(function (box) {
      if (box.checked) { (chosen[box.name] = chosen[box.name] || []).push(box.value); }
    });
    return chosen;
  }
  function values(row, facet) {
    return (row.getAttribute('data-' + facet) || '').split('|').filter(Boolean);
  }
  function matches(row, chosen, skip) {
    for (var facet in chosen) {
      if (facet === skip) { continue; }
      var have = values(row, facet);
      if (!chosen[facet].some(function (v) { return have.indexOf(v) >= 0; })) { return false; }
    }
    return true;
  }
  function remember(q, chosen) {
    var parts = [];
    if (q) { parts.push('q=' + encodeURIComponent(q)); }
    Object.keys(chosen).sort().forEach(function (facet) {
      parts.push(facet + '=' + chosen[facet].map(encodeURIComponent).join(','));
    });
    var address = parts.length ? '#' + parts.join('&') : location.pathname + location.search;
    try { history.replaceState(null, '', address); } catch (e) { /* some browsers refuse it on file:// */ }
  }
  function filter() {
    var q = text.value.trim().toLowerCase(), chosen = selected(), shown = 0;
    var textOk = {};
    rows.forEach(function (r) { textOk[r.id] = !q || lowered[r.id].indexOf(q) >= 0; });
    var inTexts = search(q, function (id) {
      var row = document.getElementById('row-' + id);
      return row && matches(row, chosen);
    });
    rows.forEach(function (r) {
      textOk[r.id] = textOk[r.id] || !!inTexts[r.id.slice(4)];
      var ok = textOk[r.id] && matches(r, chosen);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    var counts = {};  // facet -> value -> documents it would leave, given the other facets and the search
    facets.forEach(function (facet) { counts[facet] = {}; });
    rows.forEach(function (r) {
      if (!textOk[r.id]) { return; }
      facets.forEach(function (facet) {
        if (!matches(r, chosen, facet)) { return; }
        values(r, facet).forEach(function (v) { counts[facet][v] = (counts[facet][v] || 0) + 1; });
      });
    });
    boxes.forEach(function (box) {
      var n = counts[box.name][box.value] || 0;
      box.parentNode.querySelector('.n').textContent = n;
      box.parentNode.classList.toggle('empty', n === 0 && !box.checked);
    });
    count.textContent = shown + ' of ' + rows.length + ' documents';
    remember(text.value.trim(), chosen);
  }
  function restore() {
    text.value = '';
    boxes.forEach(function (box) { box.checked = false; });
    location.hash.slice(1).split('&').forEach(function (part) {
      var at = part.indexOf('=');
      if (at < 0) { return; }
      var name = part.slice(0, at), wanted = part.slice(at + 1).split(',').map(decodeURIComponent);
      if (name === 'q') { text.value = wanted.join(','); return; }
      boxes.forEach(function (box) {
        if (box.name === name && wanted.indexOf(box.value) >= 0) { box.checked = true; }
      });
    });
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    if (th.querySelector('button')) { th.addEventListener('click', function () { sortBy(i); }); }
  });
  document.getElementById('sort').addEventListener('change', function (event) {
    var choice = event.target.value.split(':');
    sortBy(+choice[0], choice[1]);
  });
  var pending = null;  // typing refilters once the keys pause, not on every key
  text.addEventListener('focus', loadIndex);
  text.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(filter, rows.length > 500 ? 150 : 0);
  });
  boxes.forEach(function (box) { box.addEventListener('change', filter); });
  document.getElementById('reset').addEventListener('click', function () {
    text.value = '';
    boxes.forEach(function (box) { box.checked = false; });
    filter();
  });
  document.addEventListener('keydown', function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      text.focus();
    }
  });
  if (window.matchMedia && window.matchMedia('(max-width: 40rem)').matches) {
    document.querySelectorAll('#facets details').forEach(function (d) { d.open = false; });
  }
  window.addEventListener('hashchange', function () {
    if (!location.hash || location.hash.indexOf('=') >= 0) { restore(); filter(); }  // not "#main"
  });
  restore();
  filter();
})();
"""


@dataclass
class Facet:
    """The values one facet takes in the corpus: value → label, and how many documents have it."""

    key: str
    heading: str
    labels: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, value: str, label: str) -> None:
        self.labels.setdefault(value, label)
        self.counts[value] = self.counts.get(value, 0) + 1

    def ordered(self) -> list[str]:
        """Years in order, the rest most frequent first (then by label)."""
        if self.key == "year":
            return sorted(self.labels)
        return sorted(self.labels, key=lambda v: (-self.counts[v], self.labels[v].lower()))


def facet_values(corpus: Corpus, doc: Document, info: Facts) -> dict[str, list[tuple[str, str]]]:
    """The (value, label) pairs of each facet for one document."""
    year = info.date[:4] if info.date[:4].isdigit() else ""
    people: list[tuple[str, str]] = []
    for action in doc.actions:
        if action.type not in ("sent", "received"):
            continue
        for agent in action.agents:
            pair = corpus.party(agent)
            if pair[1] and pair not in people:
                people.append(pair)
    found: dict[str, list[tuple[str, str]]] = {
        "genre": [(info.genre, corpus.label(info.genre))] if info.genre else [],
        "year": [(year, year)] if year else [("undated", "Undated")],
        "correspondent": people,
        "mode": [(info.mode, corpus.label(info.mode))] if info.mode else [],
        "transmission": [],
        "secrecy": [(info.secrecy, corpus.label(info.secrecy))] if info.secrecy else [],
    }
    transmission = doc.category("transmission")
    if transmission and doc.actions:
        found["transmission"] = [(transmission, corpus.label(transmission))]
    return found


def _row(corpus: Corpus, doc: Document, order: int, info: Facts, values: dict[str, list[tuple[str, str]]]
         ) -> etree._Element:
    sender = info.sender if doc.actions else info.authors
    addressees = info.addressees + [f"cc {name}" for name in info.cc]
    details = [corpus.label(info.genre)] + [label for key in ("mode", "transmission", "secrecy")
                                            for value, label in values[key] if not _says_nothing(value)]
    attrs = {"id": f"row-{doc.id}", "data-order": str(order)}
    attrs.update({f"data-{key}": "|".join(v for v, _ in values[key]) for key, _ in FACETS})
    return E("tr", attrs,
             E("td", {"class": "date", "data-sort": info.date}, human_date(info.date) if info.date else "undated"),
             E("td", {"class": "title", "data-sort": doc.title}, E("a", {"href": page_name(doc)}, doc.title)),
             E("td", {"class": "sender" if doc.actions else "sender author"}, ", ".join(sender)),
             E("td", {"class": "addressee"}, ", ".join(addressees)),
             E("td", {"class": "details"}, " · ".join(d for d in details if d)))


def _says_nothing(category: str) -> bool:
    """An unstated or unmarked category is left out of a row's details (the facets still offer it)."""
    return category.endswith(("-unstated", "-unmarked"))


def _facet_panel(facets: list[Facet]) -> etree._Element:
    panel = E("aside", {"id": "facets", "class": "facets", "aria-label": "Filters"})
    for facet in facets:
        if not facet.labels:
            continue
        options = E("ul")
        for value in facet.ordered():
            options.append(E("li", None, E("label", None,
                                           E("input", {"type": "checkbox", "name": facet.key, "value": value}),
                                           f" {facet.labels[value]} ",
                                           E("span", {"class": "n"}, str(facet.counts[value])))))
        panel.append(E("details", {"open": "open", "class": f"facet facet-{facet.key}"},
                       E("summary", None, facet.heading), options))
    panel.append(E("button", {"type": "button", "id": "reset"}, "Clear all filters"))
    return panel


def index_page(corpus: Corpus) -> bytes:
    """The list of documents: sortable columns, facets and a search over every text and note."""
    head = E("tr")
    for key, label in COLUMNS:
        head.append(E("th", {"scope": "col", "data-key": key, "aria-sort": "ascending" if key == "date" else "none"},
                      E("button", {"type": "button"}, label)))
    head.append(E("th", {"scope": "col", "data-key": "details"}, E("span", {"class": "th"}, "Details")))
    rows = E("tbody")
    facets = {key: Facet(key, heading) for key, heading in FACETS}
    for order, doc in enumerate(corpus.documents):
        info = facts(corpus, doc)
        values = facet_values(corpus, doc, info)
        for key, pairs in values.items():
            for value, label in pairs:
                facets[key].add(value, label)
        rows.append(_row(corpus, doc, order, info, values))
    controls = E("div", {"class": "controls"},
                 E("input", {"id": "filter", "type": "search", "placeholder": "Search the texts and notes…",
                             "aria-label": "Search the texts and notes", "aria-keyshortcuts": "/"}),
                 E("select", {"id": "sort", "aria-label": "Sort by"},
                   *[E("option", {"value": f"{i}:{direction}"}, f"{label}{suffix}")
                     for i, (_, label) in enumerate(COLUMNS)
                     for direction, suffix in (("ascending", ""), ("descending", ", reversed"))]),
                 E("span", {"id": "count", "aria-live": "polite"}, f"{len(corpus.documents)} documents"))
    title = "Documents"
    bibl = next((d.copy_text() for d in corpus.documents if d.copy_text() is not None), None)
    source = text_of(bibl.find("t:title", NS)) if bibl is not None and bibl.find("t:title", NS) is not None else ""
    listing = E("div", {"class": "listing"},
                controls,
                E("section", {"id": "results", "hidden": "hidden", "aria-live": "polite"},
                  E("h2", None, "Found in the texts and notes"), E("ol", {"id": "hits"})),
                E("table", {"class": "docs", "id": "docs"}, E("caption", {"class": "visually-hidden"},
                                                              "Documents; the column buttons sort"),
                  E("thead", None, head), rows))
    main = E("main", {"class": "wide", "id": "main"},
             E("h1", None, title),
             E("p", None, f"{len(corpus.documents)} documents" + (f" from “{source}”" if source else "")
               + ". Sort by a column; narrow by the filters; type to search every text and note "
                 "(press / to start typing)."),
             E("div", {"class": "browse"}, _facet_panel(list(facets.values())), listing))
    footer = E("footer", {"class": "site wide"}, "Generated from the TEI files in ", E("a", {"href": "tei/"}, "tei/"),
               ".")
    return render_page(title, [site_header(corpus, wide=True), main, footer], script=INDEX_JS)
