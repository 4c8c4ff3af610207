"""Answers kept while the knowledge base is unchanged.

Why: a few views read a whole large base (the start page's counts, the unfiltered
relationship graph: seconds on a million claims), and an analyst comes back to them
between every other page. The base's change marker (``store.marker``) tells when an answer
is stale: any document, run or judgement written since, by this server or another process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from watchfloor.store.opening import AnyKnowledgeBase

T = TypeVar("T")

#: answers kept per view and arguments, for the current marker only
_KEPT: dict[tuple[Any, ...], Any] = {}
_MOST = 64
_LOCK = threading.Lock()


def remembered(kb: AnyKnowledgeBase, what: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``'s answer for ``what`` (a view's name and arguments), computed again
    only when the base changed since it was kept."""
    key = (kb.change_marker(), *what)
    with _LOCK:
        if key in _KEPT:
            return _KEPT[key]  # type: ignore[no-any-return]
    answer = compute()
    with _LOCK:
        for old in [k for k in _KEPT if k[0] != key[0]]:
            del _KEPT[old]
        if len(_KEPT) >= _MOST:
            _KEPT.clear()
        _KEPT[key] = answer
    return answer
