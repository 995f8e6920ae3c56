"""Corpus linking at 10 k, 100 k and 1 M documents: time and peak memory per stage, growth fit.

    .venv/bin/python bench/bench_link_scale.py measure DB [DB ...]   # per-document profile
    .venv/bin/python bench/bench_link_scale.py write DB SCRATCH_DIR  # one writer's rows/s
    .venv/bin/python bench/bench_link_scale.py run [--sizes 10000,100000,1000000]
        [--stages entities,quotegroups,dedup,stories] [--limit 240] [--mem-gb 8]

Why a simulation: linking works on stored analyses, so it can be measured at a million
documents without a million spaCy passes (which would measure spaCy). As in
``bench_entities.py`` the analyses are generated, here with a per-document profile measured
from real records (``measure``: mentions, people, quotes, pledges, words per document, and how
fast new entities appear as documents are added).

Each stage is what ``link/run.py`` does on every link pass, run alone in a child process
(``stage``) under a wall-clock limit and an address-space limit, so a stage that would take
hours or exhaust memory is stopped and reported as such, never left running on a shared box:

- entities: ``link_entities`` over every document's analysis (recomputed on every pass);
- quotegroups: ``group_quotes`` over every quote (recomputed on every pass);
- dedup: ``NearDuplicateIndex.restore`` of N stored signatures (what each pass does before it
  adds new documents), then 1,000 new documents added against it; the MinHash of one
  document's text is measured separately (per document, independent of N);
- stories: ``StoryClusterer.add_many`` of N documents in one pass, and the size of the saved
  state (written to the store on every pass). The cost per document depends on how many
  stories are open around a document's day (the date gate is the first blocking key), so this
  stage also takes ``--per-day``: documents per day in the generated feed.

For every stage the sizes it finished are fitted as t = a * N^b (least squares on logs) and
the fit gives the figure at 1 M when 1 M was not run (the fit uses the stage's CPU seconds,
which other jobs on a shared machine disturb far less than wall seconds); ``run`` skips a size whose predicted
time is over the limit instead of burning CPU to find out. The report says which figures are
measured and which predicted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from statistics import mean, median
from typing import Any

# Per-document profile of real records, from `measure` (see docs/scaling.md for the command
# and its output). Means per document; quote and body lengths in words.
PROFILE = {
    "mentions": 74.0,
    "people": 10.65,
    "quotes": 16.3,
    "pledges": 0.11,
    "timexes": 16.1,
    "words": 1009,
    "quote_words": 18.0,
    # distinct entities after n documents ~ c * n^heaps (Heaps' law, fitted by `measure`)
    "heaps": 0.84,
    "entities_per_doc_at_300": 14.9,
}


# ---------------------------------------------------------------------------------------------
# measure: the profile of a real record


def measure(dbs: list[str]) -> dict[str, Any]:
    from onrecord.link.entities import EntityDoc, link_entities
    from onrecord.store import open_store

    per: dict[str, list[float]] = {
        k: []
        for k in ("mentions", "people", "quotes", "pledges", "timexes", "words", "quote_words")
    }
    docs: list[EntityDoc] = []
    for db in dbs:
        store = open_store(db, readonly=True)
        try:
            for doc_id, a in store.iter_analyses():
                doc = store.get_document(doc_id) or {}
                per["mentions"].append(len(a.mentions))
                per["people"].append(len(a.people))
                per["quotes"].append(len(a.quotes))
                per["pledges"].append(len(a.pledges))
                per["timexes"].append(len(a.timexes))
                per["words"].append(len((doc.get("text") or "").split()))
                per["quote_words"].extend(len(q.text.split()) for q in a.quotes)
                docs.append(EntityDoc(len(docs) + 1, doc.get("published"), a, doc.get("text")))
        finally:
            store.close()
    # Heaps' law for entities: link growing prefixes of the corpus (cheap at this size)
    points = []
    for n in sorted({max(1, len(docs) * k // 6) for k in range(1, 7)}):
        points.append((n, len(link_entities(docs[:n]).entities)))
    a, b = _fit(points)
    out: dict[str, Any] = {"documents": len(docs)}
    for k, v in per.items():
        out[k] = {"mean": round(mean(v), 2) if v else 0, "median": median(v) if v else 0}
    out["entities_by_prefix"] = points
    out["heaps"] = round(b, 3)
    out["entities_per_doc"] = round(points[-1][1] / points[-1][0], 2) if points else 0
    return out


def write_rate(db: str, out_dir: str, reps: int = 3) -> list[dict[str, float]]:
    """The single writer's side of the capacity plan: the real documents and analyses of
    ``db`` written again into fresh stores in ``out_dir`` as a run writes them (documents
    64 per transaction, analyses 16 per transaction), rows per second."""
    from onrecord.models import Document
    from onrecord.store import open_store

    src = open_store(db, readonly=True)
    try:
        items = list(src.iter_analyses())
        docs = []
        for doc_id, _ in items:
            d = src.get_document(doc_id) or {}
            docs.append(
                Document(
                    text=d["text"],
                    source=d["source"],
                    title=d.get("title"),
                    outlet=d.get("outlet"),
                    published=d.get("published"),
                    published_from=d.get("published_from"),
                    url=d.get("url"),
                )
            )
    finally:
        src.close()
    rows = sum(1 + len(a.mentions) + len(a.quotes) + len(a.pledges) for _, a in items)
    out = []
    for rep in range(reps):
        store = open_store(str(Path(out_dir) / f"write{rep}-{os.getpid()}.db"))
        try:
            t = time.perf_counter()
            for i in range(0, len(docs), 64):
                store.add_documents(docs[i : i + 64])
            t_docs = time.perf_counter() - t
            t = time.perf_counter()
            for i in range(0, len(items), 16):
                store.save_analyses(items[i : i + 16], "bench")
            t_an = time.perf_counter() - t
        finally:
            store.close()
        out.append(
            {
                "documents_per_s": round(len(docs) / t_docs),
                "analyses_per_s": round(len(items) / t_an),
                "analysis_rows": rows,
                "analysis_rows_per_s": round(rows / t_an),
            }
        )
        print(json.dumps(out[-1]), flush=True)
    return out


# ---------------------------------------------------------------------------------------------
# generation: deterministic in (seed, n); realistic per-document counts

SYLL = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tas",
    "vel",
    "dor",
    "an",
    "is",
    "ur",
    "bek",
    "sol",
    "mar",
    "tin",
    "vo",
    "ra",
    "zel",
    "en",
    "sky",
    "ko",
    "pa",
    "ne",
    "ju",
    "os",
]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLL) for _ in range(n))


class World:
    """Names, vocabulary and events for ``n`` documents.

    The name population grows with the corpus as Heaps' law says (distinct entities ~ n^b),
    mentions are Zipf-distributed over it, and documents come in events: a document joins a
    recent event (same day or close, same key people, same topic words and often the same
    quoted sentence) or starts one, as coverage of one event by several outlets does.
    """

    def __init__(self, n: int, seed: int, per_day: int = 100) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.n = n
        self.per_day = per_day
        p = PROFILE
        distinct = int(p["entities_per_doc_at_300"] * 300 * (max(n, 300) / 300) ** p["heaps"])
        n_people = max(2000, int(distinct * 0.45))
        n_orgs = max(1000, int(distinct * 0.55))
        firsts = [_word(rng, 2).capitalize() for _ in range(3000)]
        surnames = [_word(rng, 3).capitalize() for _ in range(max(5000, n_people // 3))]
        self.people = [(rng.choice(firsts), rng.choice(surnames)) for _ in range(n_people)]
        self.orgs = [
            _word(rng, 2).capitalize() + rng.choice([" Group", " Council", "", " Bank", " Party"])
            for _ in range(n_orgs)
        ]
        self.vocab = [_word(rng, rng.randint(1, 4)) for _ in range(60_000)]
        self.cum_people = _zipf_cum(len(self.people))
        self.cum_orgs = _zipf_cum(len(self.orgs))
        self.cum_vocab = _zipf_cum(len(self.vocab))
        self.events: list[dict[str, Any]] = []

    def event(self, d: int) -> dict[str, Any]:
        """The event document ``d`` covers: a recent one (30 %) or a new one."""
        rng = self.rng
        day = d // self.per_day
        if self.events and rng.random() < 0.3:
            ev = self.events[-1 - min(len(self.events) - 1, int(rng.expovariate(0.2)))]
            if abs(ev["day"] - day) <= 3:
                return ev
        ev = {
            "id": len(self.events),
            "day": day,
            "people": rng.choices(self.people, cum_weights=self.cum_people, k=2),
            "orgs": rng.choices(self.orgs, cum_weights=self.cum_orgs, k=2),
            "topic": rng.choices(self.vocab, k=25),
            "quote": " ".join(
                rng.choices(self.vocab, cum_weights=self.cum_vocab, k=int(PROFILE["quote_words"]))
            ),
        }
        self.events.append(ev)
        if len(self.events) > 5000:  # only recent events are joined; keep memory flat
            del self.events[:1000]
        return ev

    def pick(self, population: list[Any], cum: list[float], k: int) -> list[Any]:
        """Half from the Zipf head (the newsworthy few), half from the long tail: the mix
        that gives about as many distinct entities per document as the real records."""
        rng = self.rng
        head = rng.choices(population, cum_weights=cum, k=k)
        return [h if rng.random() < 0.5 else rng.choice(population) for h in head]

    def words(self, k: int, ev: dict[str, Any]) -> list[str]:
        rng = self.rng
        body = rng.choices(self.vocab, cum_weights=self.cum_vocab, k=k)
        for i in range(0, k, 4):  # one word in four is the event's topic vocabulary
            body[i] = rng.choice(ev["topic"])
        return body


def _zipf_cum(n: int) -> list[float]:
    cum, total = [], 0.0
    for i in range(n):
        total += 1.0 / (i + 1)
        cum.append(total)
    return cum


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth for small means, normal approximation above (counts per document are small)
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def _day_iso(day: int) -> str:
    import datetime as dt

    return (dt.date(2010, 1, 1) + dt.timedelta(days=day)).isoformat()


def gen_analyses(n: int, seed: int) -> list[Any]:
    """EntityDocs with mentions, people (roles), quotes and pledges per the profile."""
    from onrecord.link.entities import EntityDoc
    from onrecord.models import Analysis, Mention, Person, Pledge, Quote, Role

    w = World(n, seed)
    rng, p = w.rng, PROFILE
    out = []
    for d in range(n):
        ev = w.event(d)
        mentions: list[Mention] = []
        persons: list[Person] = []
        pos = 0
        k_people = max(1, _poisson(rng, p["people"]))
        chosen = ev["people"] + w.pick(w.people, w.cum_people, k_people)
        for first, last in chosen[:k_people]:
            cluster = len(persons)
            roles = []
            if rng.random() < 0.1:
                title, org = rng.choice(
                    [
                        ("President", "Ruritania"),
                        ("CEO", "Acme Corp"),
                        ("Secretary General", "Alliance"),
                    ]
                )
                roles.append(Role(title=title, org=org, start=pos, end=pos + 5, text=title))
            names = [f"{first} {last}"] + [last] * rng.randint(0, 3)
            for name in names:
                mentions.append(Mention(pos, pos + len(name), name, "PERSON", cluster))
                pos += len(name) + 20
            persons.append(
                Person(
                    max(names, key=len),
                    sorted(set(names)),
                    roles,
                    [(m.start, m.end) for m in mentions if m.cluster == cluster],
                )
            )
        k_other = max(0, _poisson(rng, p["mentions"]) - len(mentions))
        orgs = ev["orgs"] + w.pick(w.orgs, w.cum_orgs, k_other)
        for org in orgs[:k_other]:
            label = "GPE" if rng.random() < 0.35 else "ORG"
            mentions.append(Mention(pos, pos + len(org), org, label))
            pos += len(org) + 20
        quotes = []
        for qi in range(_poisson(rng, p["quotes"])):
            shared = qi == 0 and rng.random() < 0.5
            text = (
                ev["quote"]
                if shared
                else " ".join(
                    rng.choices(
                        w.vocab,
                        cum_weights=w.cum_vocab,
                        k=max(3, _poisson(rng, PROFILE["quote_words"])),
                    )
                )
            )
            # the event's statement, by the event's first person (persons[0]): copies to group
            who = 0 if shared else rng.randrange(len(persons))
            quotes.append(
                Quote(
                    pos,
                    pos + len(text),
                    text,
                    rng.choice(["direct", "indirect"]),
                    speaker_cluster=who,
                    speaker=persons[who].name,
                )
            )
            pos += len(text) + 40
        pledges = []
        if rng.random() < p["pledges"]:
            pledges.append(
                Pledge(
                    pos,
                    pos + 80,
                    "pledge",
                    donors=[ev["orgs"][0]],
                    recipient=ev["orgs"][1],
                    amount=float(rng.randint(1, 50)) * 1e6,
                    currency="USD",
                    said_on=_day_iso(ev["day"]),
                )
            )
        a = Analysis(mentions=mentions, people=persons, quotes=quotes, pledges=pledges)
        out.append(EntityDoc(d + 1, _day_iso(d // w.per_day), a))
    return out


def gen_texts(n: int, seed: int, per_day: int) -> Any:
    """(doc id, title, text, published, entities, dates, evidence) per document, streamed."""
    w = World(n, seed, per_day)
    rng = w.rng
    for d in range(n):
        ev = w.event(d)
        words = w.words(max(50, int(rng.gauss(PROFILE["words"], 300))), ev)
        if rng.random() < 0.02 and d > 0:  # a syndicated copy: the same text, lightly edited
            words = w.last_words[:]  # type: ignore[attr-defined]
            words[rng.randrange(len(words))] = "edited"
        w.last_words = words  # type: ignore[attr-defined]
        names = [f"{a} {b}" for a, b in ev["people"]] + ev["orgs"]
        yield (
            d + 1,
            " ".join(ev["topic"][:8]),
            " ".join(words),
            _day_iso(d // per_day),
            names * 2,
            [_day_iso(ev["day"])],
            [f"q{ev['id']}"],
        )


# ---------------------------------------------------------------------------------------------
# stages (each run in its own process by `run`)


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage(name: str, n: int, seed: int, per_day: int) -> dict[str, Any]:
    out: dict[str, Any] = {"stage": name, "n": n}
    if name == "entities":
        from onrecord.link.entities import link_entities

        docs = gen_analyses(n, seed)
        out["mentions"] = sum(len(d.analysis.mentions) for d in docs)
        out["input_mb"] = round(_rss_mb())
        t, c = time.perf_counter(), time.process_time()
        linking = link_entities(docs)
        out["seconds"] = time.perf_counter() - t
        out["cpu_s"] = time.process_time() - c
        out["entities"] = len(linking.entities)
    elif name == "quotegroups":
        from onrecord.link.quotegroups import QuoteItem, group_quotes

        items = [
            QuoteItem(d.document_id, i, q.text, q.speaker, d.published)
            for d in gen_analyses(n, seed)
            for i, q in enumerate(d.analysis.quotes)
        ]
        out["quotes"] = len(items)
        out["input_mb"] = round(_rss_mb())
        t, c = time.perf_counter(), time.process_time()
        groups = group_quotes(items)
        out["seconds"] = time.perf_counter() - t
        out["cpu_s"] = time.process_time() - c
        out["groups"] = len(set(groups))
    elif name == "dedup":
        import numpy as np

        from onrecord.link.dedup import NUM_PERM, NearDuplicateIndex

        # the MinHash of one text does not depend on N: measure it on 500 generated texts
        index = NearDuplicateIndex()
        texts = [t[2] for t in gen_texts(500, seed, per_day)]
        t = time.perf_counter()
        sigs_new = [index.minhash(x) for x in texts]
        out["minhash_ms_per_doc"] = (time.perf_counter() - t) / len(texts) * 1000
        # N stored signatures (random values: LSH buckets as for distinct texts)
        rng = np.random.default_rng(seed)
        sig_bytes = [
            rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32).astype("<u4").tobytes()
            for _ in range(n)
        ]
        out["input_mb"] = round(_rss_mb())
        t, c = time.perf_counter(), time.process_time()
        index = NearDuplicateIndex.restore((i + 1, s, None) for i, s in enumerate(sig_bytes))
        out["seconds"] = time.perf_counter() - t  # the restore every link pass starts with
        out["cpu_s"] = time.process_time() - c
        del sig_bytes
        t = time.perf_counter()
        for i, mh in enumerate(sigs_new):
            index.add_signature(n + 1 + i, mh)
        found = 0
        for i, mh in enumerate(sigs_new):  # and copies of them: found against N others
            found += index.add_signature(n + 1001 + i, mh) is not None
        out["copies_found"] = f"{found}/{len(sigs_new)}"
        out["add_ms_per_doc"] = (time.perf_counter() - t) / (2 * len(sigs_new)) * 1000
    elif name == "stories":
        from onrecord.link.stories import StoryClusterer, StoryDoc

        docs = [
            StoryDoc(
                id=i, title=ti, text=tx, published=pub, entities=ents, dates=dates, evidence=evd
            )
            for i, ti, tx, pub, ents, dates, evd in gen_texts(n, seed, per_day)
        ]
        out["per_day"] = per_day
        out["input_mb"] = round(_rss_mb())
        t, c = time.perf_counter(), time.process_time()
        clusterer = StoryClusterer()
        clusterer.add_many(docs)
        out["seconds"] = time.perf_counter() - t
        out["cpu_s"] = time.process_time() - c
        out["stories"] = len(clusterer.stories_list())
        del docs
        t = time.perf_counter()
        state = clusterer.to_bytes()
        out["state_mb"] = round(len(state) / 2**20, 1)
        StoryClusterer.from_bytes(state)
        out["state_roundtrip_s"] = time.perf_counter() - t
    else:
        raise SystemExit(f"unknown stage {name!r}")
    out["peak_mb"] = round(_peak_mb())
    return out


# ---------------------------------------------------------------------------------------------
# run: every stage at every size, bounded


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """t = a * n^b by least squares on logs; (a, b)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(pts) < 2:
        return (pts[0][1] and math.exp(pts[0][1]) / math.exp(pts[0][0]) if pts else 0.0), 1.0
    mx, my = mean(x for x, _ in pts), mean(y for _, y in pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    b = sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else 1.0
    return math.exp(my - b * mx), b


def _child(
    name: str, n: int, seed: int, per_day: int, limit: float, mem_gb: float
) -> dict[str, Any]:
    def cap() -> None:
        lim = int(mem_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))

    cmd = [
        sys.executable,
        __file__,
        "stage",
        name,
        str(n),
        "--seed",
        str(seed),
        "--per-day",
        str(per_day),
    ]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return {"stage": name, "n": n, "error": f"over the {limit:.0f} s limit (stopped)"}
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        if "MemoryError" in proc.stderr or proc.returncode == -9:
            tail = f"out of memory under the {mem_gb:g} GB limit ({tail})"
        return {"stage": name, "n": n, "error": tail[:200]}
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    row["child_wall_s"] = round(wall, 1)
    return row


def run(args: argparse.Namespace) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    results: list[dict[str, Any]] = []
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"# {started}; sizes {sizes}; limit {args.limit:g} s, {args.mem_gb:g} GB per stage")
    for name in args.stages.split(","):
        done: list[tuple[float, float]] = []
        for n in sizes:
            if len(done) >= 2:
                a, b = _fit(done)
                predicted = a * n**b
                if predicted > args.limit:
                    results.append(
                        {
                            "stage": name,
                            "n": n,
                            "predicted_s": predicted,
                            "error": f"not run: predicted {predicted:,.0f} s",
                        }
                    )
                    print(json.dumps(results[-1]), flush=True)
                    continue
            row = _child(name, n, args.seed, args.per_day, args.limit, args.mem_gb)
            results.append(row)
            print(json.dumps(row), flush=True)
            if "seconds" in row:
                # CPU seconds: on a shared machine wall time measures the neighbours too
                done.append((n, row.get("cpu_s", row["seconds"])))
            else:
                break  # a bigger size would only fail the same way, later
        if len(done) >= 2:
            a, b = _fit(done)
            at = {m: a * m**b for m in (10**6, 10**7, 10**8)}
            print(
                json.dumps(
                    {
                        "stage": name,
                        "fit": f"t = {a:.3g} * N^{b:.2f}",
                        "predicted_s": {str(k): round(v) for k, v in at.items()},
                    }
                )
            )
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("dbs", nargs="+")
    w = sub.add_parser("write")
    w.add_argument("db")
    w.add_argument("out_dir", help="scratch folder for the fresh stores")
    w.add_argument("--reps", type=int, default=3)
    r = sub.add_parser("run")
    r.add_argument("--sizes", default="10000,100000,1000000")
    r.add_argument("--stages", default="entities,quotegroups,dedup,stories")
    r.add_argument("--limit", type=float, default=240.0, help="seconds per stage and size")
    r.add_argument("--mem-gb", type=float, default=8.0, help="address space per stage")
    r.add_argument("--per-day", type=int, default=100, help="documents per day (stories)")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--out", help="write every row as JSON here")
    s = sub.add_parser("stage")
    s.add_argument("name")
    s.add_argument("n", type=int)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--per-day", type=int, default=100)
    args = ap.parse_args()
    if args.cmd == "measure":
        print(json.dumps(measure(args.dbs), indent=1))
    elif args.cmd == "write":
        write_rate(args.db, args.out_dir, args.reps)
    elif args.cmd == "run":
        run(args)
    else:
        os.nice(5)  # the machine is shared: the bench yields to interactive work
        print(json.dumps(stage(args.name, args.n, args.seed, args.per_day)))


if __name__ == "__main__":
    main()
