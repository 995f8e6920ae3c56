"""Story-inherited publication dates (``published_from = story``) on AllSides, dates withheld.

    .venv/bin/python bench/bench_story_dates.py [--corpus DIR] [--batches 2] [--per-batch 300]

Inheritance needs stories, and stories need several articles about one event: a random
sample of AllSides (108 topics over eight years) has almost none. So each batch is drawn from
dense windows: groups of at least 4 articles of one AllSides topic within 3 days, taken in a
fixed hash order until the batch holds ``--per-batch`` articles. Half of the articles (by a hash
of the id) lose their ``date``, ``url`` and ``source_url``; each batch is ingested with the full
pipeline (analysis and linking, about 1 article/s on the shared machine) into its own
database under a scratch directory, and exported as JSON.

For every withheld article the gold is its real date. The store keeps only what the current
rule gave, so the script also replays alternative rules on the same stories (membership does
not depend on the rule, only on the dates): which day of the dated members to pass on, and how
far apart the dated members may be, and whether the member's own text may veto the day
(``link.stories.inheritable``). Scores: inherited / withheld, and wrong = more than 2 days
from the gold, over inherited.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from onrecord.link.stories import inheritable

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/corpora/allsides-news/data/jsons"


def _hash(s: str) -> int:
    return int(hashlib.md5(s.encode()).hexdigest(), 16)


def withheld(article_id: str) -> bool:
    return _hash(article_id) % 2 == 0


def dense_batches(corpus: Path, batches: int, per_batch: int) -> list[list[str]]:
    by_topic: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for path in sorted(corpus.glob("*.json")):
        r = json.loads(path.read_text(encoding="utf-8"))
        try:
            day = date.fromisoformat(r["date"])
        except (TypeError, ValueError):
            continue
        by_topic[r["topic"]].append((day, r["ID"]))
    groups: list[tuple[str, ...]] = []
    for items in by_topic.values():
        items.sort()
        j = 0
        for k in range(len(items)):
            while (items[k][0] - items[j][0]).days > 3:
                j += 1
            if k - j + 1 >= 4:
                groups.append(tuple(i for _, i in items[j : k + 1]))
    groups.sort(key=lambda g: hashlib.md5("".join(g).encode()).hexdigest())
    seen: set[str] = set()
    out: list[list[str]] = []
    for _ in range(batches):
        chosen: list[str] = []
        for g in groups:
            if any(i in seen for i in g):
                continue
            chosen.extend(g)
            seen.update(g)
            if len(chosen) >= per_batch:
                break
        out.append(chosen)
    return out


def run_batch(corpus: Path, ids: list[str], work: Path) -> list[dict]:
    src = work / "in"
    src.mkdir(parents=True)
    for i in ids:
        r = json.loads((corpus / f"{i}.json").read_text(encoding="utf-8"))
        if withheld(i):
            for k in ("date", "url", "source_url"):
                r.pop(k, None)
        (src / f"{i}.json").write_text(json.dumps(r), encoding="utf-8")
    cmd = [sys.executable, "-m", "onrecord", "--db", str(work / "x.db")]
    subprocess.run([*cmd, "ingest", str(src), "--json"], check=True, capture_output=True)
    out = subprocess.run(
        [*cmd, "export", "--format", "json", "--text"], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)["documents"]


def pick(dated: list[str], how: str) -> str:
    freq = Counter(dated)
    if how == "most common, earliest":
        return min(freq, key=lambda d: (-freq[d], d))
    return max(dated)  # latest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--batches", type=int, default=2)
    ap.add_argument("--per-batch", type=int, default=300)
    args = ap.parse_args()
    gold: dict[str, str] = {}
    stories: list[list[dict]] = []
    stored = Counter()
    with tempfile.TemporaryDirectory(prefix="onrecord-story-dates-") as tmp:
        for b, ids in enumerate(dense_batches(args.corpus, args.batches, args.per_batch)):
            for i in ids:
                r = json.loads((args.corpus / f"{i}.json").read_text(encoding="utf-8"))
                gold[i] = r["date"]
            docs = run_batch(args.corpus, ids, Path(tmp) / str(b))
            by_story: dict[object, list[dict]] = defaultdict(list)
            for d in docs:
                d["aid"] = Path(d["source"]).stem
                by_story[d["story_id"]].append(d)
                if withheld(d["aid"]):
                    stored[d["published_from"] or "none"] += 1
                    if d["published_from"] == "story":
                        off = abs(
                            (
                                date.fromisoformat(d["published"])
                                - date.fromisoformat(gold[d["aid"]])
                            ).days
                        )
                        stored["story wrong" if off > 2 else "story right"] += 1
            stories.extend(v for k, v in by_story.items() if k is not None)
    print(f"articles {len(gold)}, withheld {sum(withheld(i) for i in gold)}")
    print(f"as stored by the current rule: {dict(stored)}")
    print("rule replay: pass on | max spread of dated members | inherited | exact | wrong")
    rules = [(h, sp, False) for h in ("most common, earliest", "latest") for sp in (None, 2, 1, 0)]
    rules += [("most common, earliest", sp, True) for sp in (None, 1, 0)]
    print("(text check: refused when the member's text reports a later day or year as past)")
    for how, spread, check in rules:
        inherited = exact = wrong = 0
        for members in stories:
            dated = [
                d["published"] for d in members if d["published"] and d["published_from"] != "story"
            ]
            if not dated:
                continue
            days = sorted(date.fromisoformat(d) for d in dated)
            if spread is not None and (days[-1] - days[0]).days > spread:
                continue
            day = date.fromisoformat(pick(dated, how))
            for d in members:
                if withheld(d["aid"]) and d["published_from"] in (None, "story"):
                    if check and not inheritable(d["text"], day.isoformat()):
                        continue
                    inherited += 1
                    off = abs((day - date.fromisoformat(gold[d["aid"]])).days)
                    exact += off == 0
                    wrong += off > 2
        pct = f"{100 * wrong / inherited:.1f}%" if inherited else "-"
        how_shown = how + (" + text check" if check else "")
        print(f"  {how_shown:<35} {spread!s:>5} {inherited:>5} {exact:>5} {wrong:>4} ({pct})")


if __name__ == "__main__":
    main()
