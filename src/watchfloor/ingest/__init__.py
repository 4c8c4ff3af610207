"""Ingest: turn a file (PDF, HTML, text, markdown) into a clean ``Document``.

``load_document`` reads, checks, cleans and attaches metadata to one file;
``iter_sources`` expands a batch of paths into files, yielding errors for bad paths so
the batch can go on.
"""

from __future__ import annotations

from watchfloor.ingest.loader import load_document
from watchfloor.ingest.paths import SUPPORTED_SUFFIXES, iter_sources

__all__ = ["SUPPORTED_SUFFIXES", "iter_sources", "load_document"]
