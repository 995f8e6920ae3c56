"""Only ``store/`` speaks SQL (issue #12): a second backend must need no edits elsewhere.

Scans every module under src/onrecord outside store/ for SQL keywords inside string
literals, for DB-API calls (``.execute(``, ``.conn``) and for ``import sqlite3``."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "onrecord"
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", " FROM ", "CREATE ")
CODE_PATTERNS = (
    re.compile(r"\.execute\("),
    re.compile(r"\.conn\b"),
    re.compile(r"^\s*import sqlite3\b|^\s*from sqlite3 import", re.M),
)


def _outside_store() -> list[Path]:
    store = SRC / "store"
    return sorted(p for p in SRC.rglob("*.py") if store not in p.parents)


def _string_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal, f-string parts included; docstrings skipped
    (prose may say "select" or "from")."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            out.append((node.lineno, node.value))
    return out


def _code_without_strings(source: str) -> str:
    """The source with comments and string literals dropped, so the code patterns only
    match code (tokens joined as written: ``s.conn.execute(`` stays one run)."""
    out: list[str] = []
    prev = None
    skip = {tokenize.STRING, tokenize.COMMENT}
    skip |= {
        getattr(tokenize, n)
        for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
        if hasattr(tokenize, n)
    }
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip:
            prev = None
            continue
        if prev in (tokenize.NAME, tokenize.NUMBER) and tok.type in (
            tokenize.NAME,
            tokenize.NUMBER,
        ):
            out.append(" ")
        out.append(tok.string)
        prev = tok.type
    return "".join(out)


def test_the_scan_sees_modules() -> None:
    files = _outside_store()
    assert len(files) > 50 and SRC / "queries.py" in files and SRC / "link" / "run.py" in files


def test_no_sql_strings_outside_store() -> None:
    hits = []
    for path in _outside_store():
        for line, text in _string_literals(path.read_text(encoding="utf-8")):
            for word in SQL_WORDS:
                if word in text:
                    hits.append(
                        f"{path.relative_to(SRC)}:{line}: {word.strip()!r} in {text[:60]!r}"
                    )
    assert not hits, "SQL outside store/:\n" + "\n".join(hits)


def test_no_connection_use_outside_store() -> None:
    hits = []
    for path in _outside_store():
        code = _code_without_strings(path.read_text(encoding="utf-8"))
        for pattern in CODE_PATTERNS:
            for m in pattern.finditer(code):
                hits.append(f"{path.relative_to(SRC)}: {m.group(0).strip()!r}")
    assert not hits, "database access outside store/:\n" + "\n".join(hits)


def test_the_scan_catches_sql_and_connections() -> None:
    """The checks above must be able to fail: they flag a planted violation."""
    source = (
        'import sqlite3\nQ = "SELECT id FROM quotes"\ndef f(s):\n    return s.conn.execute(Q)\n'
    )
    assert any("SELECT " in t for _, t in _string_literals(source))
    code = _code_without_strings(source)
    assert all(p.search(code) for p in CODE_PATTERNS)
