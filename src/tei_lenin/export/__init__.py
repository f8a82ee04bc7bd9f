"""Exporters that read an encoded corpus folder (never the plain text): CMIF, teiCorpus, HTML, catalogue."""
