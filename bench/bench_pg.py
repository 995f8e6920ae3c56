"""PostgreSQL vs SQLite: write rate of the store (rows/s, same run, same rows) and, with
--search, search latency on both (p50/p95).

    .venv/bin/python bench/bench_pg.py [--docs 1000] [--batch 64] [--url postgresql://...]
        [--search --queries 100] [--json out.json]

Without --url a throwaway PostgreSQL server is started (onrecord.store.postgres.server, with
the server's default durability: fsync on) and stopped at the end; SQLite is a file under
/tmp/bench_pg/ with the store's own settings (WAL, synchronous=NORMAL).

Write rate: the first --docs AllSides articles (title, outlet, date, text) go through the
store's write path exactly as `onrecord ingest` drives it: ``add_documents`` in batches, then
``save_analyses`` of one analysis per document, also in batches. The analyses are generated
without NLP (sentences from the rule splitter, a mention per capitalised word, a quote per
quotation), so the measure is the store's, not spaCy's. Rows counted: documents, sources,
analyses, sentences (written by trigger), mentions, quotes; each backend's full-text upkeep
(FTS5 triggers / tsvector triggers) is included because ingest pays it too.

Search latency (--search): ``onrecord.search.search`` (what the CLI and the web call) on the
SQLite and the PostgreSQL record just written, after ``update_index`` (vectors), for the same
queries drawn from the titles (seeded), lexical / semantic / hybrid, one process, warm.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides-news" / "data" / "jsons"
sys.path.insert(0, str(REPO / "src"))

import psycopg  # noqa: E402

from onrecord.models import Analysis, Document, Mention, Quote  # noqa: E402
from onrecord.search.upkeep import split_sentences  # noqa: E402
from onrecord.store import open_store  # noqa: E402

_CAP = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_QUOTE = re.compile(r"[\"“]([^\"”]{20,400})[\"”]")


def load_docs(corpus: Path, n: int) -> list[Document]:
    docs = []
    for path in sorted(corpus.glob("*.json"))[:n]:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = (data.get("content_original") or "").strip()
        if not text:
            continue
        docs.append(
            Document(
                text=text,
                source=str(path),
                title=data.get("title") or None,
                outlet=data.get("source") or None,
                published=(data.get("date") or "")[:10] or None,
                published_from="metadata" if data.get("date") else None,
                source_type="file",
            )
        )
    return docs


def fake_analysis(text: str) -> Analysis:
    """Rows of the shape the pipeline writes, without running it."""
    mentions = [
        Mention(start=m.start(), end=m.end(), text=m.group(), label=("PERSON", "ORG")[i % 2])
        for i, m in enumerate(_CAP.finditer(text))
    ][:200]
    quotes = [
        Quote(start=m.start(1), end=m.end(1), text=m.group(1), kind="direct", speaker=None)
        for m in _QUOTE.finditer(text)
    ]
    return Analysis(sentences=split_sentences(text), mentions=mentions, quotes=quotes)


def write_rate(url: str, docs: list[Document], batch: int) -> dict[str, Any]:
    analyses = [fake_analysis(d.text) for d in docs]
    with open_store(url) as store:
        t0 = time.perf_counter()
        ids: list[int] = []
        for k in range(0, len(docs), batch):
            ids += [r.document_id for r in store.add_documents(docs[k : k + batch])]
        t1 = time.perf_counter()
        items = list(zip(ids, analyses, strict=True))
        for k in range(0, len(items), batch):
            store.save_analyses(items[k : k + batch], "bench")
        t2 = time.perf_counter()
        c = store.counts()
    sentences = sum(len(a.sentences) for a in analyses)
    mentions = sum(len(a.mentions) for a in analyses)
    doc_rows = c["documents"] + c["sources"]
    analysis_rows = len(items) + sentences + mentions + c["quotes"]
    return {
        "documents_s": round(t1 - t0, 3),
        "documents_rows": doc_rows,
        "documents_rows_per_s": round(doc_rows / (t1 - t0)),
        "analyses_s": round(t2 - t1, 3),
        "analyses_rows": analysis_rows,
        "analyses_rows_per_s": round(analysis_rows / (t2 - t1)),
        "total_rows_per_s": round((doc_rows + analysis_rows) / (t2 - t0)),
    }


def _write_part(url: str, docs: list[Document], batch: int) -> int:
    """One writer process: its documents, then their analyses (as one ingest process does)."""
    analyses = [fake_analysis(d.text) for d in docs]
    rows = 0
    with open_store(url) as store:
        ids: list[int] = []
        for k in range(0, len(docs), batch):
            ids += [r.document_id for r in store.add_documents(docs[k : k + batch])]
        items = list(zip(ids, analyses, strict=True))
        for k in range(0, len(items), batch):
            store.save_analyses(items[k : k + batch], "bench")
    for a in analyses:
        rows += 1 + len(a.sentences) + len(a.mentions) + len(a.quotes)
    return rows + 2 * len(docs)  # + documents and sources rows


def concurrent_write_rate(url: str, docs: list[Document], batch: int, writers: int) -> dict:
    """``writers`` processes writing disjoint parts of ``docs`` into one database at once:
    aggregate rows/s over the wall time of the slowest (analyses generated in each process
    before the clock starts would be fairer; they are cheap next to the writes)."""
    from concurrent.futures import ProcessPoolExecutor

    open_store(url).close()  # migrated before the writers start
    parts = [docs[i::writers] for i in range(writers)]
    t = time.perf_counter()
    with ProcessPoolExecutor(writers) as pool:
        rows = sum(pool.map(_write_part, [url] * writers, parts, [batch] * writers))
    wall = time.perf_counter() - t
    return {"writers": writers, "rows": rows, "s": round(wall, 3), "rows_per_s": round(rows / wall)}


def search_latency(url: str, n: int, seed: int) -> dict[str, Any]:
    from onrecord.search import STOP_WORDS, search, update_index

    out: dict[str, Any] = {}
    if url.startswith("postgresql://"):
        # planner statistics after the bulk load (autovacuum would take them within a minute)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
    with open_store(url) as store:
        t = time.perf_counter()
        out["index"] = update_index(store)
        out["index_s"] = round(time.perf_counter() - t, 1)
        titles = [d["title"] for d in store.documents() if d.get("title")]
    rng = random.Random(seed)
    queries = []
    while len(queries) < n and titles:
        words = [
            w
            for w in re.findall(r"[A-Za-z][A-Za-z'-]+", rng.choice(titles))
            if w.lower() not in STOP_WORDS
        ]
        if words:
            size = rng.choice((1, 2, 2, 3))
            start = rng.randrange(max(1, len(words) - size + 1))
            queries.append(" ".join(words[start : start + size]))
    with open_store(url, readonly=True) as store:
        search(store, queries[0], limit=20)  # warm: vector index loaded once per process
        for mode in ("lexical", "semantic", "hybrid"):
            times = []
            for q in queries:
                t = time.perf_counter()
                search(store, q, limit=20, mode=mode)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[mode] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                "max_ms": round(times[-1], 1),
            }
    out["queries"] = len(queries)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--url", help="an existing (empty) PostgreSQL database instead of a new one")
    ap.add_argument("--writers", type=int, default=2, help="processes writing at once (1: skip)")
    ap.add_argument("--search", action="store_true")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    docs = load_docs(args.corpus, args.docs)
    work = Path(tempfile.mkdtemp(prefix="bench_pg-"))
    # the PostgreSQL store keeps its vector index files in the cache dir: keep them with the run
    os.environ.setdefault("ONRECORD_CACHE_DIR", str(work / "cache"))
    server = None
    url = args.url
    if url is None:
        from onrecord.store.postgres import server as pg_server

        server = pg_server.start(tempfile.mkdtemp(prefix="bench_pg-server-"))
        url = server.url
    try:
        result: dict[str, Any] = {"documents": len(docs), "batch": args.batch}
        result["sqlite"] = write_rate(str(work / "bench.db"), docs, args.batch)
        result["postgres"] = write_rate(url, docs, args.batch)
        result["pg_vs_sqlite_total"] = round(
            result["postgres"]["total_rows_per_s"] / result["sqlite"]["total_rows_per_s"], 2
        )
        if args.writers > 1:
            # fresh databases: the same rows again, by several processes at once
            result["sqlite_concurrent"] = concurrent_write_rate(
                str(work / "bench2.db"), docs, args.batch, args.writers
            )
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS bench_concurrent WITH (FORCE)")
                conn.execute("CREATE DATABASE bench_concurrent")
            url2 = url.rsplit("/", 1)[0] + "/bench_concurrent"
            result["postgres_concurrent"] = concurrent_write_rate(
                url2, docs, args.batch, args.writers
            )
        if args.search:
            result["sqlite_search"] = search_latency(
                str(work / "bench.db"), args.queries, args.seed
            )
            result["postgres_search"] = search_latency(url, args.queries, args.seed)
            result["pg_vs_sqlite_search_p95"] = {
                mode: round(
                    result["postgres_search"][mode]["p95_ms"]
                    / result["sqlite_search"][mode]["p95_ms"],
                    2,
                )
                for mode in ("lexical", "semantic", "hybrid")
            }
    finally:
        from onrecord.store.postgres import close_pools

        close_pools()
        if server is not None:
            server.stop()
            shutil.rmtree(server.directory, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
