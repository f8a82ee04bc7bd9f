"""The conventions of Marxists Internet Archive texts, one small recognizer each.

A newcomer reads the ordered lists here top to bottom; the first recognizer that accepts a unit wins:

- :data:`tei_lenin.text.rules.blocks.BLOCK_RULES`: what a block of lines is on its own (page furniture, a
  "Notes" heading, a note, header lines, an author heading, a dateline, a title-like line, text);
- :data:`tei_lenin.text.rules.headers.LABELS`: the header labels ("Written:", "Source:" …) and what each is;
- :data:`tei_lenin.text.rules.titles.TITLE_FORMS`: the title forms that make a document correspondence;
- :data:`tei_lenin.text.rules.opener.OPENER_RULES`: the lines that open a letter (secrecy, copies, address,
  salutation, dateline);
- :data:`tei_lenin.text.rules.closer.CLOSER_RULES`: the lines that close it (closing formula, office,
  signature, dateline, a date glued to a signature);
- :data:`tei_lenin.text.rules.genre.CUES`: the evidence for letter or article;
- :mod:`tei_lenin.text.rules.people`: names in an addressee phrase (persons, organisations, offices).

Each module is pure (strings in, values out) and has its own test module with fixture tables.
"""
