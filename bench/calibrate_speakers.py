"""Calibrate ``SPEAKER_CONFIDENCE``: how often the speaker we show is right, per evidence kind.

Reads the hand-annotated canonical-speaker gold (``tests/data/speakers_gold.jsonl``, from the
speakers-evaluation branch; one line per AllSides article with offsets and names only) and
uses its **dev split only**: the test split stays unseen for ``onrecord eval speakers``. The
articles go through the real path (store, analysis, linking) in a throw-away database, each
quote is paired with the gold attribution whose span overlaps it most (one-to-one), and for
every quote that shows a speaker we count whether the name is the gold one, by the quote's
``speaker_evidence``.

The probability is smoothed towards the provisional prior (a Beta prior worth ``--weight``
observations), so that a kind seen three times does not claim 0 or 1:
``p = (correct + weight * prior) / (shown + weight)``.

    PYTHONPATH=src .venv/bin/python bench/calibrate_speakers.py \
        --gold tests/data/speakers_gold.jsonl --corpus ../shared/corpora/allsides-news/data/jsons
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from onrecord import queries
from onrecord.models import Document
from onrecord.nlp.people.roles import HONORIFICS, word_key
from onrecord.nlp.quotes.reporting import lexicon
from onrecord.nlp.quotes.speakers import PROVISIONAL_CONFIDENCE, SPEAKER_CONFIDENCE
from onrecord.record import Record

REPO = Path(__file__).resolve().parents[1]
_ISO = re.compile(r"\d{4}-\d\d-\d\d")
_TITLES = lexicon(
    "sen senator rep representative gov governor gen general pres president vice hon judge "
    "justice mayor secretary sec chairman chairwoman"
)


def normalize(name: str | None) -> str | None:
    """Names compared as the gold's scorer does: case, accents, honorifics, titles, initials
    and a leading 'the' do not count."""
    if not name:
        return None
    parts = [p for p in (word_key(w) for w in re.split(r"[\s,]+", name.strip()) if w) if p]
    while len(parts) > 1 and (parts[0] in HONORIFICS or parts[0] in _TITLES or parts[0] == "the"):
        parts = parts[1:]
    if len(parts) > 1:
        parts = [p for p in parts if len(p.strip(".")) > 1]
    return " ".join(parts).replace("\u2019", "'") or None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=REPO / "tests" / "data" / "speakers_gold.jsonl")
    ap.add_argument(
        "--corpus", type=Path, default=REPO.parent / "shared/corpora/allsides-news/data/jsons"
    )
    ap.add_argument("--weight", type=float, default=5.0)
    ap.add_argument("--errors", action="store_true", help="list the wrong speakers")
    ap.add_argument("--gold-kind", help="also list every pair whose gold mention is this type")
    ap.add_argument(
        "--split",
        choices=("dev", "test", "dev2", "test2", "all"),
        default="dev",
        help="which gold articles (tune on dev; test is for the measured accuracy per band)",
    )
    args = ap.parse_args()
    if not args.gold.exists():
        sys.exit(f"no speaker gold at {args.gold}")
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line]
    dev = [g for g in gold if args.split in ("all", g["split"])]
    shown: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    errors: list[str] = []
    with (
        tempfile.TemporaryDirectory(prefix="onrecord-calibrate-") as tmp,
        Record(Path(tmp) / "cal.db") as rec,
    ):
        if True:
            docs = []
            for g in dev:
                art = json.loads((args.corpus / f"{g['id']}.json").read_text(encoding="utf-8"))
                date = art.get("date") or None
                iso = date if date and _ISO.fullmatch(date) else None
                docs.append(
                    Document(
                        text=art["content_original"],
                        source=f"allsides:{g['id']}",
                        title=art.get("title") or None,
                        outlet=art.get("source") or None,
                        published=iso,
                        published_from="metadata" if iso else None,
                        source_type="json",
                    )
                )
            results = rec.store.add_documents(docs)
            rec.analyze()
            rec.link()
            for g, res in zip(dev, results, strict=True):
                rows = queries.quotes(rec.store, document_id=res.document_id)
                atts = g["attributions"]
                cands = sorted(
                    (
                        -(min(a["quote_end"], r["end"]) - max(a["quote_start"], r["start"])),
                        ai,
                        ri,
                    )
                    for ai, a in enumerate(atts)
                    for ri, r in enumerate(rows)
                    if min(a["quote_end"], r["end"]) > max(a["quote_start"], r["start"])
                )
                used_a: set[int] = set()
                used_r: set[int] = set()
                for _o, ai, ri in cands:
                    if ai in used_a or ri in used_r:
                        continue
                    used_a.add(ai)
                    used_r.add(ri)
                    r = rows[ri]
                    kind = r["speaker_evidence"]
                    if args.gold_kind and atts[ai]["mention_type"] == args.gold_kind:
                        errors.append(
                            f"{g['id']} gold {args.gold_kind} {atts[ai]['speaker']!r}: ours "
                            f"{r['speaker_mention']!r} -> {r['speaker']!r} [{kind}]"
                        )
                    if not r["speaker"] or kind is None:
                        continue
                    shown[kind] += 1
                    if normalize(r["speaker"]) == normalize(atts[ai]["speaker"]):
                        correct[kind] += 1
                    else:
                        errors.append(
                            f"{g['id']} [{kind}] {r['speaker_mention']!r} -> {r['speaker']!r}, "
                            f"gold {atts[ai]['speaker']!r}"
                        )
    print(f"speaker gold {args.split} split: {len(dev)} articles ({args.gold})")
    print(
        f"{'evidence':<14}{'shown':>7}{'right':>7}{'raw':>8}{'prior':>8}{'calibrated':>12}{'table':>9}"
    )
    for kind, prior in PROVISIONAL_CONFIDENCE.items():
        n, k = shown[kind], correct[kind]
        raw = f"{k / n:.3f}" if n else "-"
        p = (k + args.weight * prior) / (n + args.weight)
        now = SPEAKER_CONFIDENCE[kind].probability
        print(f"{kind:<14}{n:>7}{k:>7}{raw:>8}{prior:>8.2f}{p:>12.2f}{now:>9.2f}")
    if args.errors or args.gold_kind:
        print("\n".join(errors))


if __name__ == "__main__":
    main()
