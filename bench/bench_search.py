"""Search latency and index build time on the AllSides corpus (6,996 articles).

    .venv/bin/python bench/bench_search.py --db /tmp/allsides.db [--build analyze|no-analyze]
        [--corpus PATH] [--queries 200] [--seed 7] [--json results.json]

With --build the database is made first (`onrecord ingest`; ``analyze`` runs the full NLP
pipeline, which takes tens of minutes on 2 cores; ``no-analyze`` stores documents only, and
search then indexes documents and rule-split sentences). Then, in this order:

1. index build: sentence rows for unanalysed documents, embedding every quote, sentence and
   pledge (WordLlama), building the HNSW graphs (usearch) and saving them next to the database;
2. opening the vector index read-only: from the saved files (memory-mapped) vs rebuilding the
   graphs from the stored vectors;
3. HNSW recall@10 against exact search over all sentence vectors, for the benchmark queries;
4. latency of ``search()`` (the function behind the CLI and the web pages, citations included)
   for N queries in three modes: FTS5/BM25 only, vectors only, fused — p50/p95/mean/max.

Queries are drawn from the corpus itself, seeded: 1-3 consecutive content words of the title of
a random article (what a reader remembers of a headline), plus, when the record has quotes,
speaker-filtered queries for the most quoted people.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides-news" / "data" / "jsons"

sys.path.insert(0, str(REPO / "src"))

from onrecord import search as search_mod  # noqa: E402
from onrecord import vectors  # noqa: E402
from onrecord.embeddings import from_blobs  # noqa: E402
from onrecord.search import STOP_WORDS, clear_cache, search  # noqa: E402
from onrecord.store import SQLiteStore  # noqa: E402

MODES = ("lexical", "semantic", "hybrid")


def build(db: Path, corpus: Path, how: str) -> float:
    cmd = [sys.executable, "-m", "onrecord", "--db", str(db), "ingest", str(corpus), "--json"]
    if how == "no-analyze":
        cmd.append("--no-analyze")
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def index_build(db: Path) -> dict[str, Any]:
    """Time each part of `onrecord index` from scratch (stored vectors and files dropped)."""
    out: dict[str, Any] = {}
    with SQLiteStore(db) as store:
        conn = store._conn  # the bench resets the record directly
        conn.execute("DELETE FROM embeddings")
        shutil.rmtree(vectors.index_dir(db), ignore_errors=True)
        t = time.perf_counter()
        out["fallback_sentences"] = search_mod._fallback_sentences(store)
        out["fallback_sentences_s"] = time.perf_counter() - t
        t = time.perf_counter()
        added = vectors.update_embeddings(store)
        out["embed_s"] = time.perf_counter() - t
        out["embedded"] = added
        t = time.perf_counter()
        vectors.VectorIndex.open(store, store.index_dir, writable=True)
        out["hnsw_build_and_save_s"] = time.perf_counter() - t
        out["rows"] = {
            k: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for k, t in (
                ("documents", "documents"),
                ("sentences", "sentences"),
                ("quotes", "quotes"),
                ("pledges", "pledges"),
            )
        }
    files = vectors.index_dir(db)
    out["index_files_mib"] = sum(p.stat().st_size for p in files.glob("*")) / 2**20
    out["db_mib"] = db.stat().st_size / 2**20
    return out


def open_costs(db: Path, rebuild: bool) -> dict[str, float]:
    out = {}
    with SQLiteStore(db, readonly=True) as store:
        t = time.perf_counter()
        vectors.VectorIndex.open(store, store.index_dir, writable=False)
        out["open_from_files_s"] = time.perf_counter() - t
        if rebuild:
            t = time.perf_counter()
            vectors.VectorIndex.open(store, None, writable=False)  # no files: rebuild
            out["rebuild_from_blobs_s"] = time.perf_counter() - t
    return out


def make_queries(store: SQLiteStore, n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    titles = [
        r["title"]
        for r in store._rows("SELECT title FROM documents WHERE title IS NOT NULL ORDER BY id")
    ]
    queries: list[dict[str, Any]] = []
    while len(queries) < n and titles:
        words = [
            w
            for w in re.findall(r"[A-Za-z][A-Za-z'-]+", rng.choice(titles))
            if w.lower() not in STOP_WORDS
        ]
        if not words:
            continue
        size = rng.choice((1, 2, 2, 3))
        start = rng.randrange(max(1, len(words) - size + 1))
        queries.append({"q": " ".join(words[start : start + size])})
    speakers = store._rows(
        "SELECT coalesce(e.name, q.speaker) AS name, count(*) AS n FROM quotes q LEFT JOIN entities e "
        "ON e.id = q.speaker_id WHERE coalesce(e.name, q.speaker) IS NOT NULL GROUP BY name "
        "ORDER BY n DESC LIMIT 50"
    )
    filtered = []
    for s in speakers:
        text = store._rows(
            "SELECT q.text FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id "
            "WHERE coalesce(e.name, q.speaker) = ? ORDER BY q.id LIMIT 1",
            (s["name"],),
        )[0]["text"]
        words = [w for w in re.findall(r"[A-Za-z]{4,}", text) if w.lower() not in STOP_WORDS]
        if words:
            filtered.append({"q": " ".join(words[:2]), "speaker": s["name"]})
    return queries + filtered


def recall_at_10(db: Path, queries: list[dict[str, Any]]) -> dict[str, float] | None:
    """HNSW vs exact top-10 over all sentence vectors. "strict" counts identical ids; "ties"
    counts a result as right when its true similarity reaches the exact 10th best (news
    archives hold many identical sentences, "Trump said.", whose order among ties is arbitrary).
    """
    from onrecord.search import QueryVectors, parse_query

    with SQLiteStore(db, readonly=True) as store:
        rows = store._conn.execute(
            "SELECT item_id, vector FROM embeddings WHERE kind = 'sentence' ORDER BY id"
        ).fetchall()
        if not rows:
            return None
        ids = np.array([r[0] for r in rows])
        pos = {int(i): n for n, i in enumerate(ids)}
        mat = from_blobs([r[1] for r in rows])
        vindex = search_mod.vector_index(store)
        strict = ties = 0
        for q in queries:
            qv = QueryVectors.of(q["q"], parse_query(q["q"])).plain
            sims = mat @ qv
            order = np.argsort(-sims)[:10]
            exact = set(ids[order].tolist())
            kth = sims[order[-1]]
            approx = [i for i, _ in vindex.knn(store, "sentence", qv, 10)]
            strict += len(exact & set(approx))
            ties += sum(sims[pos[i]] >= kth - 1e-3 for i in approx)
        n = 10 * len(queries)
    return {"strict": strict / n, "ties": ties / n}


def latency(db: Path, queries: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    with SQLiteStore(db, readonly=True) as store:
        # warm the page cache, the model and the name index, as `onrecord serve` does at start
        for q in [*queries[:10], *[q for q in queries if "speaker" in q][:1]]:
            search(store, q["q"], speaker=q.get("speaker"), limit=20)
        for label, subset in (
            ("unfiltered", [q for q in queries if "speaker" not in q]),
            ("speaker-filtered", [q for q in queries if "speaker" in q]),
        ):
            if not subset:
                continue
            for mode in MODES:
                search_mod._DF_CACHE.clear()  # each mode pays for its own term statistics
                times, cpu = [], []
                for q in subset:
                    t, c = time.perf_counter(), time.process_time()
                    search(store, q["q"], speaker=q.get("speaker"), limit=20, mode=mode)
                    times.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
                times.sort()
                cpu.sort()
                p95 = max(0, round(0.95 * len(times)) - 1)
                out[f"{label} {mode}"] = {
                    "n": len(times),
                    "p50_ms": statistics.median(times),
                    "p95_ms": times[p95],
                    "mean_ms": statistics.fmean(times),
                    "max_ms": times[-1],
                    # CPU time of this process: what the query costs when it has a core to itself
                    "cpu_p50_ms": statistics.median(cpu),
                    "cpu_p95_ms": cpu[p95],
                }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--build", choices=("analyze", "no-analyze"), default=None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--reuse-index", action="store_true", help="keep the stored vectors and index files"
    )
    ap.add_argument(
        "--no-rebuild", action="store_true", help="skip timing a rebuild of the graphs at open"
    )
    args = ap.parse_args()
    result: dict[str, Any] = {"db": str(args.db)}
    if args.build:
        if args.db.exists():
            sys.exit(f"{args.db} exists; remove it or drop --build")
        if not args.corpus.exists():
            sys.exit(f"corpus not found: {args.corpus}")
        result["ingest_s"] = build(args.db, args.corpus, args.build)
    if not args.db.exists():
        sys.exit(f"no database at {args.db}")
    if not args.reuse_index:
        result["index"] = index_build(args.db)
    clear_cache()
    result["open"] = open_costs(args.db, rebuild=not args.no_rebuild)
    clear_cache()
    with SQLiteStore(args.db, readonly=True) as store:
        queries = make_queries(store, args.queries, args.seed)
    result["queries"] = {
        "unfiltered": sum("speaker" not in q for q in queries),
        "speaker-filtered": sum("speaker" in q for q in queries),
    }
    result["recall_at_10"] = recall_at_10(args.db, queries[: args.queries])
    result["latency"] = latency(args.db, queries)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_average_1min"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))
    print()
    print("| queries | mode | n | p50 ms | p95 ms | mean ms | max ms | CPU p50 | CPU p95 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, v in result["latency"].items():
        label, mode = key.rsplit(" ", 1)
        print(
            f"| {label} | {mode} | {v['n']} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} | "
            f"{v['mean_ms']:.1f} | {v['max_ms']:.1f} | {v['cpu_p50_ms']:.1f} | "
            f"{v['cpu_p95_ms']:.1f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
