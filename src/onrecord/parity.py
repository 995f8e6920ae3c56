"""Is it the same record? A canonical, backend-neutral dump of a record and a readable diff.

Why: the record must not depend on how it was built (the local process pool or Dask workers)
nor where it is kept (SQLite or PostgreSQL). Comparing two exports byte for byte says only
*that* they differ; this module says *what* differs, in the user's terms ("the quote at
characters 120-180 of document 3f2a… has speaker 'Rutte' on one side and 'Mark Rutte' on the
other"), first differences first.

The dump is built from the public export (``onrecord export --format json``, i.e.
``export.collect``), so it reads a record through the same read functions as every user and
works for any store ``open_store`` opens; it never speaks SQL.

Row identity is content, not database ids: a document is its ``sha256``, an entity its type
and name, a quote or pledge its document and character span, a story or group the set of its
members. So one wrong id shows as one difference, not as every row after it shifted. Ids are
compared too (``ids=True``, the default): the design requires the same ids on every backend,
and the dump then carries each row's id as one more field, reported like any other field.

Source paths are compared by file name: the same corpus read from two folders is the same
record.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

SECTIONS = ("documents", "entities", "quotes", "pledges", "stories", "quote_groups",
            "pledge_groups", "corrections")  # fmt: skip

# Floats (speaker confidence, amounts) are compared at this many decimals: a backend that
# stores a double through another text or binary path must not fail parity on the 17th digit.
_DECIMALS = 9


@dataclass(frozen=True)
class Difference:
    section: str
    key: str
    field: str | None  # None: the row exists on one side only
    left: Any
    right: Any

    def __str__(self) -> str:
        if self.field is None:
            side, row = ("left", self.left) if self.left is not None else ("right", self.right)
            return f"{self.section} {self.key}: only on the {side} ({_short(row)})"
        return (
            f"{self.section} {self.key}: {self.field} {_short(self.left)} (left) != "
            f"{_short(self.right)} (right)"
        )


def _short(value: Any, width: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def _num(value: Any) -> Any:
    return round(value, _DECIMALS) if isinstance(value, float) else value


def _source_name(source: str | None) -> str | None:
    if not source:
        return source
    if "://" in source:  # a URL or a feed item: the whole of it is its identity
        return source
    return PurePath(source).name


def canonical(export: Mapping[str, Any], *, ids: bool = True) -> dict[str, dict[str, Any]]:
    """A record (the dict of ``onrecord export --format json``) keyed by content.

    Each section maps a readable key to a dict of fields; lists whose order carries no meaning
    (aliases, donors, members) are sorted."""
    docs = export.get("documents", [])
    sha = {d["id"]: d["sha256"] for d in docs}

    def doc_key(doc_id: Any) -> str | None:
        if doc_id is None:
            return None
        return f"doc:{sha.get(doc_id, f'?id={doc_id}')[:16]}"

    out: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
    for d in docs:
        row = {
            "sha256": d["sha256"],
            "title": d.get("title"),
            "outlet": d.get("outlet"),
            "byline": d.get("byline"),
            "url": d.get("url"),
            "published": d.get("published"),
            "published_from": d.get("published_from"),
            "language": d.get("language"),
            "chars": d.get("chars"),
            "duplicate_of": doc_key(d.get("duplicate_of")),
            "sources": sorted(
                (
                    _source_name(s.get("source")),
                    s.get("outlet"),
                    s.get("url"),
                    s.get("published"),
                    s.get("published_from"),
                )
                for s in d.get("sources", [])
            ),
        }
        if "text" in d:
            row["text"] = d["text"]
        if ids:
            row["id"] = d["id"]
        _put(out["documents"], doc_key(d["id"]) or "", row)

    ent_key: dict[int, str] = {}
    for e in export.get("entities", []):
        key = f"{e['type']}:{e['name']}"
        if key in out["entities"]:  # two entities of one name: told apart by their aliases
            key += f" [{', '.join(sorted(e.get('aliases') or []))}]"
        ent_key[e["id"]] = key
        row = {
            "type": e["type"],
            "name": e["name"],
            "aliases": sorted(e.get("aliases") or []),
            "roles": e.get("roles"),
            "mentions": e.get("mentions"),
        }
        if ids:
            row["id"] = e["id"]
        _put(out["entities"], key, row)

    def span_key(doc_id: Any, start: Any, end: Any) -> str:
        return f"{doc_key(doc_id)}:{start}-{end}"

    quote_key: dict[int, str] = {}
    groups: dict[Any, list[str]] = {}
    for q in export.get("quotes", []):
        key = span_key(q["document_id"], q["start"], q["end"])
        if key in out["quotes"]:  # one span, two readings (e.g. a direct and an indirect kind)
            key += f":{q.get('kind')}"
        quote_key[q["id"]] = key
        sid = q.get("speaker_id")
        row = {
            "text": q.get("text"),
            "kind": q.get("kind"),
            "speaker": q.get("speaker"),
            "speaker_entity": ent_key.get(sid, f"?id={sid}") if sid is not None else None,
            "speaker_type": q.get("speaker_type"),
            "speaker_mention": q.get("speaker_mention"),
            "speaker_confidence": _num(q.get("speaker_confidence")),
            "speaker_evidence": q.get("speaker_evidence"),
            "speaker_evidence_document": doc_key(q.get("speaker_evidence_document")),
            "cue": q.get("cue"),
            "said_on": q.get("said_on"),
            "said_on_from": q.get("said_on_from"),
        }
        if ids:
            row["id"] = q["id"]
            row["group_id"] = q.get("group_id")
        _put(out["quotes"], key, row)
        if q.get("group_id") is not None:
            groups.setdefault(q["group_id"], []).append(key)
    _groups(out["quote_groups"], groups)

    pledge_groups: dict[Any, list[str]] = {}
    for p in export.get("pledges", []):
        key = span_key(p["document_id"], p["start"], p["end"])
        if key in out["pledges"]:
            key += f":{p.get('kind')}:{p.get('currency')}:{_num(p.get('amount'))}"
        row = {
            "text": p.get("text"),
            "donors": sorted(p.get("donors") or []),
            "recipient": p.get("recipient"),
            "amount": _num(p.get("amount")),
            "currency": p.get("currency"),
            "kind": p.get("kind"),
            "quantity": _num(p.get("quantity")),
            "unit": p.get("unit"),
            "qualifier": p.get("qualifier"),
            "program": p.get("program"),
            "purpose": p.get("purpose"),
            "period": p.get("period"),
            "status": p.get("status"),
            "said_on": p.get("said_on"),
            "speaker": p.get("speaker"),
            "announced_by": p.get("announced_by"),
        }
        if ids:
            row["id"] = p["id"]
            row["group_id"] = p.get("group_id")
        _put(out["pledges"], key, row)
        if p.get("group_id") is not None:
            pledge_groups.setdefault(p["group_id"], []).append(key)
    _groups(out["pledge_groups"], pledge_groups)

    for s in export.get("stories", []):
        members = sorted(doc_key(i) or "" for i in s.get("document_ids") or [])
        row = {
            "title": s.get("title"),
            "first_published": s.get("first_published"),
            "last_published": s.get("last_published"),
            "place": s.get("place"),
            "documents": members,
        }
        if ids:
            row["id"] = s["id"]
        # a story is its member documents (its first one names it; members are disjoint)
        _put(out["stories"], members[0] if members else f"story:{s['id']}", row)

    for i, c in enumerate(export.get("corrections", [])):
        row = {k: v for k, v in c.items() if k not in ("id", "created", "created_at")}
        _put(out["corrections"], f"#{i + 1}", row)
    return out


def _put(section: dict[str, Any], key: str, row: dict[str, Any]) -> None:
    n, base = 2, key
    while key in section:  # never drop a row: a second one under one key is numbered
        key, n = f"{base}#{n}", n + 1
    section[key] = row


def _groups(section: dict[str, Any], groups: Mapping[Any, list[str]]) -> None:
    # only groups that join something: a lone quote is its own group on every backend
    for members in groups.values():
        if len(members) > 1:
            members = sorted(members)
            section[members[0]] = {"members": members}


def compare(
    left: Mapping[str, Mapping[str, Any]], right: Mapping[str, Mapping[str, Any]]
) -> list[Difference]:
    """Every difference between two canonical dumps, section by section, in key order."""
    diffs: list[Difference] = []
    for section in SECTIONS:
        a, b = left.get(section, {}), right.get(section, {})
        for key in sorted(set(a) | set(b)):
            if key not in b:
                diffs.append(Difference(section, key, None, a[key], None))
            elif key not in a:
                diffs.append(Difference(section, key, None, None, b[key]))
            else:
                for field in sorted(set(a[key]) | set(b[key])):
                    va, vb = a[key].get(field), b[key].get(field)
                    if va != vb:
                        diffs.append(Difference(section, key, field, va, vb))
    return diffs


def summary(
    left: Mapping[str, Mapping[str, Any]],
    right: Mapping[str, Mapping[str, Any]],
    diffs: Iterable[Difference],
    *,
    first: int = 20,
) -> str:
    """Row counts per section on each side, then the first ``first`` differences."""
    diffs = list(diffs)
    lines = [
        f"{s}: {len(left.get(s, {}))} left, {len(right.get(s, {}))} right"
        + (f", {n} differ" if (n := sum(1 for d in diffs if d.section == s)) else "")
        for s in SECTIONS
    ]
    if not diffs:
        lines.append("same record")
    else:
        lines.append(f"{len(diffs)} difference{'s' if len(diffs) != 1 else ''}; first {first}:")
        lines.extend(f"  {d}" for d in diffs[:first])
    return "\n".join(lines)


def assert_same_record(
    left_export: Mapping[str, Any], right_export: Mapping[str, Any], *, ids: bool = True
) -> None:
    """AssertionError with a readable summary when two exports are not the same record."""
    a, b = canonical(left_export, ids=ids), canonical(right_export, ids=ids)
    diffs = compare(a, b)
    if diffs:
        raise AssertionError("not the same record:\n" + summary(a, b, diffs))


def export_of(db: str, *, with_text: bool = False) -> dict[str, Any]:
    """The export of the record at ``db`` (a path or a store URL), as `onrecord export` gives."""
    from onrecord import export
    from onrecord.store import open_store

    store = open_store(db, readonly=True)
    try:
        return export.collect(store, with_text=with_text)
    finally:
        store.close()


def _load(arg: str, with_text: bool) -> dict[str, Any]:
    if arg.endswith(".json"):  # an `onrecord export --format json` file
        with open(arg, encoding="utf-8") as f:
            return json.load(f)
    return export_of(arg, with_text=with_text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m onrecord.parity",
        description="Compare two records (database paths, store URLs or export .json files). "
        "Exit 0 when they are the same record, 1 when they differ, 2 when one cannot be read.",
    )
    parser.add_argument("left")
    parser.add_argument("right")
    parser.add_argument("--no-ids", action="store_true", help="ignore database ids")
    parser.add_argument("--text", action="store_true", help="compare document texts too")
    parser.add_argument("--first", type=int, default=20, help="differences shown (default 20)")
    args = parser.parse_args(argv)
    records = []
    for arg in (args.left, args.right):
        try:
            records.append(canonical(_load(arg, args.text), ids=not args.no_ids))
        except Exception as exc:  # any backend's connection error too, said once
            # a missing file, a bad URL, a server down, a .json that is not an export: say which
            print(f"cannot read the record {arg}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
    a, b = records
    diffs = compare(a, b)
    print(summary(a, b, diffs, first=args.first))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
