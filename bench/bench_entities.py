"""Corpus-level entity linking at AllSides scale: 7,000 documents, ~150k mentions.

    .venv/bin/python bench/bench_entities.py [--docs N] [--seed S]

The analyses are generated (spaCy over 7,000 articles would measure spaCy, not the linker):
made-up names from random syllables, Zipf-distributed so a few people and orgs are in
every other article and most appear once, surname-only and Mr/Ms mentions, spelling
variants, shared surnames, dated roles, and quotes attributed by role phrase only.

Measures, in the same run on the same analyses:
- baseline: grouping every mention by its exact lower-cased text (one dict pass);
- onrecord: ``link_entities`` (variant keys, blocking, surname evidence, roles over time,
  role-phrase speakers).
"""

from __future__ import annotations

import argparse
import random
import time

from onrecord.link.entities import EntityDoc, link_entities
from onrecord.models import Analysis, Mention, Person, Quote, Role

SYLLABLES = [
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
]
TITLES = [("Secretary General", "Alliance"), ("President", "Ruritania"), ("CEO", "Acme Corp")]


def word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def make_corpus(n_docs: int, seed: int) -> list[EntityDoc]:
    rng = random.Random(seed)
    firsts = [word(rng, 2) for _ in range(600)]
    surnames = [word(rng, 3) for _ in range(8000)]
    people = [(rng.choice(firsts), rng.choice(surnames)) for _ in range(20000)]
    orgs = [word(rng, 2) + rng.choice([" Group", " Council", "", " Bank"]) for _ in range(3000)]
    weights_p = [1 / (i + 1) for i in range(len(people))]
    weights_o = [1 / (i + 1) for i in range(len(orgs))]
    docs = []
    for d in range(n_docs):
        year = 2015 + d * 10 // n_docs
        published = f"{year}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        mentions: list[Mention] = []
        persons: list[Person] = []
        pos = 0
        for first, last in rng.choices(people, weights_p, k=rng.randint(3, 8)):
            if rng.random() < 0.05:
                last = last[:-1] + "yy" if last.endswith("y") else last + "iy"  # variants
            cluster = len(persons)
            roles = []
            if rng.random() < 0.1:
                title, org = rng.choice(TITLES)
                roles.append(Role(title=title, org=org, start=pos, end=pos + 5, text=title))
            names = [f"{first} {last}"] if rng.random() < 0.9 else []
            names += [last] * rng.randint(0, 3)
            if not names:
                names = [last]
            for name in names:
                mentions.append(Mention(pos, pos + len(name), name, "PERSON", cluster))
                pos += len(name) + 20
            persons.append(
                Person(
                    name=max(names, key=len),
                    aliases=sorted(set(names)),
                    roles=roles,
                    mentions=[(m.start, m.end) for m in mentions if m.cluster == cluster],
                )
            )
        for org in rng.choices(orgs, weights_o, k=rng.randint(8, 16)):
            label = "GPE" if rng.random() < 0.3 else "ORG"
            mentions.append(Mention(pos, pos + len(org), org, label))
            pos += len(org) + 20
        quotes = []
        if rng.random() < 0.2:
            title, org = rng.choice(TITLES)
            mention = f"the {org} {title.lower()}"
            quotes.append(Quote(0, 5, "words", "direct", speaker_mention=mention, speaker_start=0))
        docs.append(
            EntityDoc(d, published, Analysis(mentions=mentions, people=persons, quotes=quotes))
        )
    return docs


def baseline(docs: list[EntityDoc]) -> tuple[float, int]:
    start = time.perf_counter()
    groups: dict[str, list[tuple[int, int]]] = {}
    for d in docs:
        for i, m in enumerate(d.analysis.mentions):
            groups.setdefault(f"{m.label}:{m.text.lower()}", []).append((d.document_id, i))
    return time.perf_counter() - start, len(groups)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=7000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    docs = make_corpus(args.docs, args.seed)
    n_mentions = sum(len(d.analysis.mentions) for d in docs)
    base_s, base_groups = baseline(docs)
    start = time.perf_counter()
    linking = link_entities(docs)
    ours = time.perf_counter() - start
    print(f"documents            {len(docs):,}")
    print(f"mentions             {n_mentions:,}")
    print(f"baseline exact-text  {base_s:.2f} s, {base_groups:,} groups")
    print(f"link_entities        {ours:.2f} s, {len(linking.entities):,} entities")
    print(f"ratio ours/baseline  {ours / base_s:.1f}")
    print(f"quotes by role       {len(linking.quote_speaker):,} resolved")


if __name__ == "__main__":
    main()
