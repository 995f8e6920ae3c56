"""The per-document analysis on a Dask cluster, behind the same stream as the local pool.

Why Dask, and why this shape: the NLP pass is the expensive, embarrassingly parallel part of a
run (CPU-seconds per article); linking and storing stay with the run that owns the database.
So only ``analyze_batch`` travels: the client claims a batch, sends its texts, and writes the
returned analyses one transaction per batch, exactly as with the local pool. The record cannot
tell which ran the analysis.

- The spaCy model is loaded once per worker process and kept (``_model``); a worker's threads
  share it under a lock, because a spaCy pipeline is not documented as thread-safe (start
  workers with ``--nthreads 1``: a second thread would only wait).
- Back-pressure: at most two batches per worker thread are running or queued, and a bounded
  number of finished ones wait to be written in order, so a run claims only what is being
  analysed and a 100 M-document archive is never read ahead into memory.
- A worker that dies mid-batch (kill -9, OOM): the scheduler gives its tasks to another
  worker. A batch that killed several workers (``KilledWorker``) is redone one document per
  task, and the document that still kills its worker is recorded as failed, as with the pool.
- The workers must run the same analysis code: a worker reporting another ``ANALYSIS_VERSION``
  is refused up front, because mixing its results into the record would be wrong silently.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports this module: spaCy is loaded only when analysing
    from onrecord.nlp.analyze import Analysis, AnalysisInput, Failed

ENV = "ONRECORD_CLUSTER"
CONNECT_TIMEOUT = float(os.environ.get("ONRECORD_CLUSTER_TIMEOUT", "20"))
# Batches in flight per worker thread: one running, one queued so a thread never idles while
# the client writes the previous result.
INFLIGHT_PER_THREAD = 2
# Finished batches held back until the batches before them are written (results are stored in
# claim order, so ids come out as with the local pool): a slow batch at the head must not
# leave the other workers idle, so up to this many per thread may wait, analysed, in memory.
BUFFERED_PER_THREAD = 6
_ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$")


class ClusterError(RuntimeError):
    """The cluster cannot be used (bad address, unreachable, mismatched workers)."""


def check_address(address: str) -> str:
    """``tcp://HOST:PORT`` (``HOST:PORT`` means tcp), or ``tls://HOST:PORT``; ClusterError
    otherwise, with the form expected."""
    m = _ADDRESS.match(address.strip())
    if not m or not 0 < int(m.group(3)) < 65536:
        raise ClusterError(
            f"not a Dask scheduler address: {address!r} (expected tcp://HOST:PORT, "
            "as printed by `dask scheduler`)"
        )
    return f"{m.group(1) or 'tcp'}://{m.group(2)}:{m.group(3)}"


# ---- worker side ----

_lock = threading.Lock()
_nlp: Any = None
_loads = 0


def _model() -> Any:
    global _nlp, _loads
    if _nlp is None:
        from onrecord.nlp.pipeline import load_nlp

        _nlp = load_nlp()
        _loads += 1
    return _nlp


def model_loads() -> int:
    """How many times this process loaded the spaCy model (1 on a worker that has analysed)."""
    return _loads


def worker_version() -> str:
    from onrecord.nlp.analyze import ANALYSIS_VERSION

    return ANALYSIS_VERSION


def analyze_on_worker(items: list[AnalysisInput]) -> list[tuple[int, dict]]:
    """One batch on a Dask worker: the same ``analyze_batch`` as the local pool, on the
    worker's one model. Dicts go back: they pickle small and are what the store writes."""
    from onrecord.nlp.analyze import Budget, Failed, analyze_batch

    with _lock:
        results = analyze_batch(items, nlp=_model(), budget=Budget.from_env())
    return [(i, {"failed": a.reason} if isinstance(a, Failed) else a.to_dict()) for i, a in results]


# ---- client side ----


def connect(address: str) -> Any:
    """A ``distributed.Client`` on the scheduler at ``address``, checked: it has workers and
    they run this analysis version. ClusterError (with the reason) otherwise."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise ClusterError(f"the Dask client is not installed ({exc})") from None
    from onrecord.nlp.analyze import ANALYSIS_VERSION

    if logging.getLogger().level > logging.INFO:
        # Without --verbose, a lost scheduler is said once, by our ClusterError; the client's
        # own reconnect tracebacks would bury it.
        # (distributed's config gives some children levels of their own: set those too)
        for name in ("distributed", "distributed.client", "distributed.core"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    address = check_address(address)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"could not reach the Dask scheduler at {address} within {CONNECT_TIMEOUT:g} s: {exc}"
        ) from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers (start some with "
            f"`dask worker {address} --nthreads 1`)"
        ) from None
    try:
        versions = client.run(worker_version)
    except Exception as exc:
        client.close()
        raise ClusterError(
            f"the workers of {address} cannot run the onrecord analysis "
            f"({type(exc).__name__}: {exc}); install onrecord in the workers' environment"
        ) from None
    other = {w: v for w, v in versions.items() if v != ANALYSIS_VERSION}
    if other:
        client.close()
        listed = ", ".join(f"{w} has {v}" for w, v in sorted(other.items()))
        raise ClusterError(
            f"workers run another analysis version than this onrecord ({ANALYSIS_VERSION}): "
            f"{listed}; upgrade them so the record is analysed one way"
        )
    return client


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:
        return 1


def cluster_stream(
    batches: Iterable[list[AnalysisInput]], address: str
) -> Iterator[list[tuple[int, Analysis | Failed]]]:
    """Analyse batches in order on the cluster at ``address`` (see the module docstring)."""
    from distributed import KilledWorker

    from onrecord.nlp.analyze import _from_wire

    client = connect(address)
    # the concurrent.futures seam: the same submit/result as the local ProcessPoolExecutor;
    # pure=False because a batch resubmitted after a failure must run again, not be looked up
    executor = client.get_executor(pure=False)
    inflight: deque[tuple[list[AnalysisInput], Future[list[tuple[int, dict]]]]] = deque()
    source = iter(batches)
    exhausted = False
    try:
        while True:
            # workers that join (or leave) mid-run change how much is worth keeping in flight
            threads = _threads(client)
            running = sum(1 for _, f in inflight if not f.done())
            while (
                not exhausted
                and running < INFLIGHT_PER_THREAD * threads
                and len(inflight) < (INFLIGHT_PER_THREAD + BUFFERED_PER_THREAD) * threads
            ):
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                inflight.append((batch, executor.submit(analyze_on_worker, batch)))
                running += 1
            if not inflight:
                return
            if not inflight[0][1].done():
                # wake when any batch finishes: its worker then gets the next batch at once
                wait([f for _, f in inflight if not f.done()], return_when=FIRST_COMPLETED)
                continue
            batch, future = inflight.popleft()
            try:
                result = _from_wire(future.result())
            except KilledWorker:
                result = _isolated(executor, batch, address)
            except Exception as exc:
                raise _lost(address, exc) from None
            yield result
    finally:
        for _, future in inflight:
            future.cancel()
        executor.shutdown(wait=False)
        client.close()


def _lost(address: str, exc: BaseException) -> ClusterError:
    # Not the documents' fault (the scheduler went away, a worker cannot import onrecord):
    # nothing is recorded as failed, so the next run analyses what this one did not save.
    what = (
        "the connection to the scheduler was lost"
        if isinstance(exc, CancelledError)
        else (f"{type(exc).__name__}: {str(exc)[:300]}")
    )
    return ClusterError(
        f"analysis on the Dask cluster at {address} stopped: {what}. Batches already saved are "
        "kept; run `onrecord analyze` again to finish the rest"
    )


def _isolated(
    executor: Any, batch: list[AnalysisInput], address: str
) -> list[tuple[int, Analysis | Failed]]:
    """A batch that kept killing its workers, one document per task: the document that kills
    its worker again is recorded as failed; the others are analysed as usual."""
    from distributed import KilledWorker

    from onrecord.nlp.analyze import DIED, Failed, _from_wire

    futures = [(item, executor.submit(analyze_on_worker, [item])) for item in batch]
    out: list[tuple[int, Analysis | Failed]] = []
    for item, future in futures:
        try:
            out.extend(_from_wire(future.result()))
        except KilledWorker:
            out.append((item.id, Failed(DIED)))
        except Exception as exc:
            raise _lost(address, exc) from None
    return out
