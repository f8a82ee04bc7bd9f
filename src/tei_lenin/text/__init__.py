"""Text stages: plain text in, model out. Pure functions; no lxml, no file I/O except ``source.read_source``."""
