"""Helpers for the encoder tests: encode into a folder laid out like the repository, read facts back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lxml import etree

from tei_lenin import resources
from tei_lenin.pipeline import encode_corpus

ROOT = Path(__file__).resolve().parents[1]
NS = {"t": "http://www.tei-c.org/ns/1.0"}
GENERATED = ("letters", "articles", "essays")


def encode_like_repo(source: Path, workdir: Path) -> Path:
    """Encode ``source`` into ``workdir/corpus`` with the schema at ``workdir/schema`` (as in the checkout),
    so the relative ``xml-model`` paths equal those of the committed corpus."""
    schema = workdir / "schema"
    schema.mkdir(parents=True, exist_ok=True)
    for name in ("tei-lenin.rng", "tei-lenin.sch"):  # the files' xml-model name them
        shutil.copyfile(ROOT / "schema" / name, schema / name)
    out = workdir / "corpus"
    encode_corpus(source, out, schema_dir=workdir / "schema")
    return out


def generated_files(corpus: Path) -> dict[str, bytes]:
    """Relative path → bytes of every file the encoder writes."""
    files = {p.relative_to(corpus).as_posix(): p.read_bytes()
             for folder in GENERATED for p in sorted((corpus / folder).glob("*.xml"))}
    for name in ("persons.xml", "taxonomy.xml"):
        if (corpus / name).exists():
            files[name] = (corpus / name).read_bytes()
    return files


def facts(path: Path) -> dict[str, object]:
    """The header facts of one encoded document, read back with XPath."""
    tree = etree.parse(str(path))

    def refs(xpath: str) -> list[str]:
        return [e.get("ref") or e.text for e in tree.xpath(xpath, namespaces=NS)]

    action = "//t:correspDesc/t:correspAction"
    return {
        "kind": tree.xpath("string(//t:body/t:div/@type)", namespaces=NS),
        "title": tree.xpath("string(//t:titleStmt/t:title[1])", namespaces=NS),
        "sent": refs(f"{action}[@type='sent']/*[self::t:persName or self::t:orgName]"),
        "to": refs(f"{action}[@type='received'][@subtype='to']/*[self::t:persName or self::t:orgName]"),
        "cc": refs(f"{action}[@type='received'][@subtype='cc']/t:persName"),
        "for": refs(f"{action}[@type='received'][@subtype='for']/t:orgName"),
        "transmitted": refs(f"{action}[@type='transmitted']/t:persName"),
        "dates": tree.xpath("//t:profileDesc/t:creation//t:date/@when", namespaces=NS),
        "sent_date": tree.xpath(f"string({action}[@type='sent']/t:date/@when)", namespaces=NS),
        "mode": tree.xpath("string(//t:catRef[@scheme='tax:mode']/@target)", namespaces=NS),
        "transmission": tree.xpath("string(//t:catRef[@scheme='tax:transmission']/@target)", namespaces=NS),
        "secrecy": tree.xpath("string(//t:catRef[@scheme='tax:secrecy']/@target)", namespaces=NS),
        "genre": tree.xpath("string(//t:catRef[@scheme='tax:genre']/@target)", namespaces=NS),
        "hands": tree.xpath("//t:handNote/@scribeRef", namespaces=NS),
        "hand_words": [re.sub(r"\s+", " ", "".join(e.itertext())) for e in tree.xpath(
            "//t:body//t:seg[@hand]", namespaces=NS)],
        "hand_postscripts": len(tree.xpath("//t:body//t:postscript[@hand]", namespaces=NS)),
        "notes": sorted(tree.xpath("//t:body//t:note[@place='end']/@n", namespaces=NS)),
        "unanchored": tree.xpath("//t:body//t:note[@anchored='false']/@n", namespaces=NS),
        "parts": len(tree.xpath("//t:body/t:div/t:div", namespaces=NS)),
        "datelines": tree.xpath("//t:body//t:dateline/t:date/@when", namespaces=NS),
        "prev": tree.xpath("string(//t:correspContext/t:ref[@type='prev']/@target)", namespaces=NS),
        "next": tree.xpath("string(//t:correspContext/t:ref[@type='next']/@target)", namespaces=NS),
    }


def bundled_source() -> Path:
    return resources.bundled_source()
