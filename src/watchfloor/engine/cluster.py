"""The Dask engine: extraction on Dask workers, here or on other machines.

Each worker loads the reference data (the spaCy model, catalogue, gazetteer) once, in a
``WorkerPlugin`` run when the worker joins; a task is then one document in, one
``Extraction`` out. The client keeps a bounded window of documents in flight, takes results
as they complete (``as_completed``) and hands them back in input order, so the caller writes
them in the sequential run's order and the knowledge base is the same.

Workers do no I/O on the knowledge base or on the input files: the client reads the files
(so workers need no shared disk) and the client writes. A worker that dies mid-task loses
nothing: the scheduler runs its tasks again on another worker (up to Dask's
``distributed.scheduler.allowed-failures`` deaths per task), and nothing of a document is
written before its whole extraction is back.
"""

from __future__ import annotations

import itertools
import logging
import signal
import threading
import time
from collections.abc import Generator, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed, get_worker

from watchfloor.engine import Outcome
from watchfloor.exceptions import EngineError
from watchfloor.records import Document, Extraction

if TYPE_CHECKING:
    from distributed import Worker

    from watchfloor.read.reference import Reference

T = TypeVar("T")

# settings a worker needs to load the same reference data as the client
_READING_SETTINGS = ("spacy_model", "parse_piece_chars", "parse_batch_chars")
CONNECT_TIMEOUT = 30.0  # seconds to reach a scheduler, and for a first worker to join
WINDOW_RECOUNT = 10.0  # seconds between two counts of the cluster's worker threads


class ReferencePlugin(WorkerPlugin):
    """Loads the reference data once per worker process, when the worker joins."""

    idempotent = True  # a second client with the same settings reuses the loaded model

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = {name: settings[name] for name in _READING_SETTINGS}
        self.reference: Reference | None = None

    @property
    def name(self) -> str:
        return "watchfloor-reference:" + ":".join(str(self.settings[n]) for n in _READING_SETTINGS)

    def setup(self, worker: Worker) -> None:
        from watchfloor.pipeline import reference_for

        self.reference = reference_for(self.settings)


def extract_on_worker(document: Document, plugin: str, min_confidence: float) -> Extraction:
    """The task: one document, with the worker's own reference data."""
    from watchfloor.pipeline import extract_document

    reference = get_worker().plugins[plugin].reference  # type: ignore[attr-defined]
    if reference is None:
        raise EngineError(f"worker plugin {plugin!r} has not loaded its reference data")
    return extract_document(document, reference, min_confidence=min_confidence)


class DaskEngine:
    """Extraction on a Dask cluster: the scheduler at ``scheduler`` (``tcp://HOST:PORT``),
    or a local cluster of ``workers`` single-threaded worker processes started here."""

    def __init__(self, settings: Mapping[str, Any], *, scheduler: str | None = None,
                 workers: int = 2) -> None:
        if scheduler is None and workers < 1:
            raise EngineError(f"--workers {workers} starts no worker",
                              "give 1 or more, or --scheduler tcp://HOST:PORT")
        self.settings = settings
        self.scheduler = scheduler
        self.workers = workers
        self.plugin = ReferencePlugin(settings)
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None

    def start(self) -> Client:
        """Connect (or start the local cluster) and load the model on every worker."""
        if self.client is not None:
            return self.client
        where = self.scheduler or "a local cluster"
        try:
            if self.scheduler is None:
                self.cluster = _local_cluster(self.workers)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(
                f"cannot use the Dask scheduler at {where}: {type(exc).__name__}: {exc}",
                "start one with `dask scheduler` and at least one `dask worker` (docs/scale.md)",
            ) from exc
        try:
            self.client.register_plugin(self.plugin, name=self.plugin.name)
        except Exception as exc:
            self.close()
            raise EngineError(
                f"a Dask worker of {where} cannot load the reference data:"
                f" {type(exc).__name__}: {exc}",
                "every worker needs watchfloor and the spaCy model installed (docs/scale.md)",
            ) from exc
        return self.client

    def window(self) -> int:
        """Documents in flight or waiting to be handed back: enough to keep every worker
        thread busy while the client writes, bounded so a long batch holds little memory."""
        threads = sum(self.start().nthreads().values())
        return max(4, 3 * threads)

    def extract(
        self, items: Iterable[tuple[T, Document]]
    ) -> Generator[tuple[T, Outcome], None, None]:
        source = iter(items)
        first = next(source, None)
        if first is None:
            return  # nothing to read: no cluster started, no model loaded
        client = self.start()
        window, recount = self.window(), time.monotonic() + WINDOW_RECOUNT
        source = itertools.chain([first], source)
        in_flight: dict[Future, int] = {}
        tags: dict[int, T] = {}
        ready: dict[int, Outcome] = {}
        queue = as_completed()
        submitted = handed = 0
        more = True
        min_confidence = float(self.settings["min_confidence"])
        try:
            while True:
                if time.monotonic() > recount:  # workers may have joined or left
                    window, recount = self.window(), time.monotonic() + WINDOW_RECOUNT
                while more and len(in_flight) + len(ready) < window:
                    try:
                        tag, document = next(source)
                    except StopIteration:
                        more = False
                        break
                    future = client.submit(extract_on_worker, document, self.plugin.name,
                                           min_confidence, pure=False)
                    in_flight[future] = submitted
                    tags[submitted] = tag
                    submitted += 1
                    queue.add(future)
                if handed in ready:
                    yield tags.pop(handed), ready.pop(handed)
                    handed += 1
                    continue
                if handed == submitted:
                    return
                done = next(queue)
                ready[in_flight.pop(done)] = _outcome(done)
                done.release()
        finally:
            if in_flight:
                client.cancel(list(in_flight))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def __enter__(self) -> DaskEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _local_cluster(workers: int) -> LocalCluster:
    """A cluster of single-threaded worker processes, quiet on this terminal: their logs
    would print tracebacks (what matters reaches the user as the batch's report or an
    EngineError), and Ctrl-C, which the terminal sends to every process of the command,
    is left to this process, which stops the workers itself."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:  # the worker processes start with SIGINT ignored, and keep it so
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=logging.CRITICAL)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _outcome(future: Future) -> Outcome:
    try:
        result = future.result()
    except Exception as exc:  # noqa: BLE001 - the remote error, reported for its document
        return exc
    if not isinstance(result, Extraction):
        return EngineError(f"a Dask worker returned {type(result).__name__}, not an extraction")
    return result
