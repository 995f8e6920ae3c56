"""The `onrecord` command: a thin layer over ``Record`` (writes) and ``queries`` (reads)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from onrecord import __version__, export, queries
from onrecord.ingest import DEFAULT_MAX_BYTES
from onrecord.ingest.decode import IngestError
from onrecord.record import Record
from onrecord.store import open_store, resolve_db_path

console = Console(stderr=True)
# Piped output gets a wide table instead of rich's 80-column default.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class _LazyProgress:
    """A progress bar that appears only when the run lasts longer than a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and console.is_terminal
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, event: str, n: int) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.started < 1.0:
                return
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.completed} done"),
                TimeElapsedColumn(),
                console=console,
            )
            self.progress.start()
        if event not in self.tasks:
            label = {"source": "reading", "analyzed": "analysing"}.get(event, event)
            self.tasks[event] = self.progress.add_task(label, total=None)
        self.progress.advance(self.tasks[event], n)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="onrecord")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite database file (default: $ONRECORD_DB or ./onrecord.db).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Turn news coverage into a sourced record: who said what, who promised what, when."""
    ctx.obj = {"db": str(resolve_db_path(db))}


def _db(ctx: click.Context) -> str:
    return str(ctx.obj["db"])


def _read_store(ctx: click.Context):  # type: ignore[no-untyped-def]
    try:
        return open_store(_db(ctx), readonly=True)
    except FileNotFoundError:
        raise click.ClickException(
            f"no database at {_db(ctx)}: run `onrecord ingest PATH` first"
        ) from None


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--metadata",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV: path,published,outlet[,url,title,author]",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Skip inputs larger than this.",
)
@click.option(
    "--allow-private", is_flag=True, help="Allow fetching URLs on loopback/private addresses."
)
@click.option(
    "--timeout", type=float, default=20.0, show_default=True, help="Seconds per URL fetch."
)
@click.option(
    "--no-analyze", is_flag=True, help="Only store documents; run `onrecord analyze` later."
)
@click.option(
    "--workers", type=int, default=1, show_default=True, help="Processes for the NLP pass."
)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.pass_context
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    metadata: str | None,
    max_bytes: int,
    allow_private: bool,
    timeout: float,
    no_analyze: bool,
    workers: int,
    as_json: bool,
) -> None:
    """Read files, folders, feeds, WARCs and URLs into the record."""
    progress = _LazyProgress(enabled=not as_json)
    try:
        with Record(_db(ctx)) as record:
            report = record.ingest(
                sources,
                metadata=metadata,
                max_bytes=max_bytes,
                allow_private=allow_private,
                timeout=timeout,
                analyze=not no_analyze,
                workers=workers,
                progress=progress,
            )
    except IngestError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        progress.stop()
    if as_json:
        _emit_json(report.as_dict())
    else:
        for f in report.failures:
            console.print(f"[red]failed[/red] {f['source']}: {f['reason']}", highlight=False)
        for d in report.duplicates:
            console.print(
                f"[yellow]duplicate[/yellow] {d['source']} (same text as {d['same_as']})",
                highlight=False,
            )
        for n in report.notes:
            more = f" (and {int(n['count']) - 1} more inputs)" if int(n.get("count", 1)) > 1 else ""
            console.print(f"[dim]note[/dim] {n['source']}: {n['note']}{more}", highlight=False)
        linked = ", ".join(f"{v} {k}" for k, v in report.linked.items())
        click.echo(
            f"{report.new} new, {report.duplicate} duplicate, {report.failed} failed"
            + (f"; {report.analyzed} analysed" if report.analyzed else "")
            + (f"; {linked}" if linked else "")
        )
    if report.new == 0 and report.duplicate == 0 and report.failed:
        sys.exit(1)


@cli.command()
@click.option("--workers", type=int, default=1, show_default=True)
@click.pass_context
def analyze(ctx: click.Context, workers: int) -> None:
    """Run the NLP pass on documents not yet analysed, then link the corpus."""
    progress = _LazyProgress(enabled=True)
    try:
        with Record(_db(ctx)) as record:
            n = record.analyze(workers=workers, progress=progress)
            linked = record.link()
            record.index(progress=progress)
    finally:
        progress.stop()
    click.echo(f"{n} analysed; " + ", ".join(f"{v} {k}" for k, v in linked.items()))


@cli.command()
@click.pass_context
def link(ctx: click.Context) -> None:
    """Recompute corpus-level links: entities, duplicates, quote groups, stories."""
    with Record(_db(ctx)) as record:
        linked = record.link()
    click.echo(", ".join(f"{v} {k}" for k, v in linked.items()))


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    out.print(t)


@cli.command()
@click.option("--limit", type=int, default=None)
@click.option("--offset", type=int, default=0)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def docs(ctx: click.Context, limit: int | None, offset: int, as_json: bool) -> None:
    """List stored documents."""
    with _read_store(ctx) as store:
        rows = queries.documents(store, limit=limit, offset=offset)
    if as_json:
        _emit_json(rows)
        return
    _table(
        "documents",
        ["id", "published", "from", "outlet", "title", "chars", "dup of", "story"],
        [
            [
                r["id"],
                r["published"],
                r["published_from"],
                r["outlet"],
                r["title"],
                r["chars"],
                r["duplicate_of"],
                r["story_id"],
            ]
            for r in rows
        ],
    )


@cli.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "parquet"]),
    default="json",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="File (json/jsonl; csv/parquet with --table) or folder (csv/parquet: one file per table).",
)
@click.option(
    "--table",
    type=click.Choice(export.TABLES),
    default=None,
    help="csv/parquet: export just this table.",
)
@click.option("--text", "with_text", is_flag=True, help="Include each document's full text.")
@click.pass_context
def export_cmd(
    ctx: click.Context, fmt: str, output: str | None, table: str | None, with_text: bool
) -> None:
    """Export the record."""
    with _read_store(ctx) as store:
        if fmt in ("json", "jsonl"):
            text = (
                export.to_json(store, with_text=with_text)
                if fmt == "json"
                else export.to_jsonl(store, with_text=with_text)
            )
            if output:
                Path(output).write_text(
                    text if text.endswith("\n") else text + "\n", encoding="utf-8"
                )
                console.print(f"wrote {output}")
            else:
                click.echo(text.rstrip("\n"))
            return
        if table is None and output and Path(output).suffix.lower() in (".csv", ".parquet"):
            table = "documents"
        if table is not None:
            rows = export.collect(store, with_text=with_text)[table]
            if fmt == "csv" and not output:
                click.echo(export.table_to_csv(rows), nl=False)
                return
            if not output:
                raise click.UsageError("--format parquet needs -o FILE or -o FOLDER")
            if fmt == "csv":
                Path(output).write_text(export.table_to_csv(rows), encoding="utf-8")
            else:
                export.write_parquet(rows, Path(output))
            console.print(f"wrote {output}")
            return
        if not output:
            if fmt == "csv":
                click.echo(export.table_to_csv(export.collect(store)["documents"]), nl=False)
                return
            raise click.UsageError("--format parquet needs -o FILE or -o FOLDER")
        for path in export.write_tables(store, fmt, Path(output), with_text=with_text):
            console.print(f"wrote {path}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def summary(ctx: click.Context, as_json: bool) -> None:
    """Counts and highlights of the record."""
    with _read_store(ctx) as store:
        counts = store.counts()
        people = queries.entities(store, type="PERSON", limit=5)
        stories = queries.stories(store, limit=5)
        pledges = queries.pledges(store)
    if as_json:
        _emit_json({"counts": counts, "top_people": people, "latest_stories": stories})
        return
    click.echo(
        f"{_db(ctx)}: {counts['documents']} documents ({counts['sources']} sources), "
        f"{counts['quotes']} quotes, {counts['people']} people, {counts['pledges']} pledges, "
        f"{counts['stories']} stories, {counts['failures']} failed inputs"
    )
    for p in people:
        roles = "; ".join(
            " ".join(x for x in (r.get("qualifier"), r.get("org"), r.get("title")) if x)
            for r in p["roles"][:2]
        )
        click.echo(
            f"  person  {p['name']}"
            + (f" ({roles})" if roles else "")
            + f": {p['mentions']} mentions"
        )
    for s in stories:
        click.echo(
            f"  story   {s['first_published'] or 'undated'}  {s['title']} [{len(s['document_ids'])} docs]"
        )
    for p in pledges[:8]:
        amount = (
            f"{p['qualifier'] + ' ' if p['qualifier'] else ''}{p['amount']:,.0f} {p['currency']}"
            if p["amount"]
            else ""
        )
        click.echo(f"  pledge  {', '.join(p['donors']) or '?'}  {amount}  {p['said_on'] or ''}")


@cli.command(name="quotes")
@click.option("--speaker", default=None, help="Name or alias, e.g. 'Rutte'.")
@click.option("--since", default=None, help="YYYY-MM-DD")
@click.option("--until", default=None, help="YYYY-MM-DD")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]), default=None)
@click.option("--limit", type=int, default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def quotes_cmd(
    ctx: click.Context,
    speaker: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Who said what, with the source of each statement."""
    with _read_store(ctx) as store:
        rows = queries.quotes(
            store, speaker=speaker, since=since, until=until, kind=kind, limit=limit
        )
    if as_json:
        _emit_json(rows)
        return
    for q in rows:
        who = q["speaker"] or "(unattributed)"
        mention = (
            f" [{q['speaker_mention']}]"
            if q["speaker_mention"] and q["speaker_mention"] != q["speaker"]
            else ""
        )
        out.print(
            f"[bold]{q['said_on'] or 'undated'}[/bold] {who}{mention} ({q['kind']}, {q['cue'] or '-'})"
        )
        out.print(f"  “{q['text']}”")
        out.print(
            f"  [dim]— {q['outlet'] or 'unknown outlet'}, document {q['document_id']} chars {q['start']}–{q['end']}[/dim]"
        )
    console.print(f"{len(rows)} quotes")


@cli.command()
@click.option(
    "--type", "etype", default="PERSON", show_default=True, help="PERSON, ORG, GPE… or 'all'."
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def people(ctx: click.Context, etype: str, as_json: bool) -> None:
    """Canonical people (or other entities) with aliases and roles over time."""
    with _read_store(ctx) as store:
        rows = queries.entities(store, type=None if etype.lower() == "all" else etype.upper())
    if as_json:
        _emit_json(rows)
        return
    for e in rows:
        out.print(f"[bold]{e['name']}[/bold] ({e['type']}, {e['mentions']} mentions)")
        if e["aliases"]:
            out.print(f"  aliases: {', '.join(e['aliases'])}")
        for r in e["roles"]:
            org = f"{r['org']} " if r.get("org") else ""
            out.print(
                f"  role: {r['qualifier'] + ' ' if r.get('qualifier') else ''}{org}{r['title']}"
                f"  {r.get('first_seen') or '?'} … {r.get('last_seen') or '?'}"
            )


@cli.command(name="pledges")
@click.option("--donor", default=None)
@click.option("--recipient", default=None)
@click.option("--by", "by", type=click.Choice(["donor"]), default=None, help="Summarise per donor.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@click.pass_context
def pledges_cmd(
    ctx: click.Context,
    donor: str | None,
    recipient: str | None,
    by: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """The ledger of commitments: donors, amounts, sources."""
    from onrecord.ledger import by_donor

    with _read_store(ctx) as store:
        rows = queries.pledges(store, donor=donor, recipient=recipient)
    data: list[dict[str, Any]] = by_donor(rows) if by == "donor" else rows
    if as_json:
        _emit_json(data)
        return
    if as_csv:
        click.echo(export.table_to_csv(data), nl=False)
        return
    if by == "donor":
        _table("pledges by donor", ["donor", "pledges", "reports", "totals"],
               [[r["donor"], r["pledges"], r["reports"], "; ".join(f"{v:,.0f} {c}" for c, v in r["totals"].items())] for r in data])  # fmt: skip
        return
    _table(
        "pledges",
        ["id", "said on", "donors", "amount", "program", "purpose", "status", "group", "doc"],
        [
            [
                p["id"],
                p["said_on"],
                ", ".join(p["donors"]),
                (
                    f"{p['qualifier'] + ' ' if p['qualifier'] else ''}{p['amount']:,.0f} {p['currency'] or ''}"
                    if p["amount"]
                    else ""
                ),
                p["program"],
                p["purpose"],
                p["status"],
                p["group_id"],
                p["document_id"],
            ]
            for p in data
        ],
    )


@cli.command(name="stories")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stories_cmd(ctx: click.Context, as_json: bool) -> None:
    """Stories: documents about the same real-world event."""
    with _read_store(ctx) as store:
        rows = queries.stories(store)
    if as_json:
        _emit_json(rows)
        return
    _table("stories", ["id", "first", "last", "place", "docs", "title"],
           [[s["id"], s["first_published"], s["last_published"], s["place"], ",".join(map(str, s["document_ids"])), s["title"]] for s in rows])  # fmt: skip


@cli.command(name="index")
@click.pass_context
def index_cmd(ctx: click.Context) -> None:
    """Bring the search index up to date: embed new rows, save the vector index files."""
    from onrecord.search import update_index

    with Record(_db(ctx)) as record:
        counts = update_index(record.store)
    click.echo(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))


@cli.command(name="search")
@click.argument("query")
@click.option("--speaker", default=None, help="Only statements by this person (name or alias).")
@click.option("--since", default=None, help="YYYY[-MM[-DD]]: statements/articles from this date.")
@click.option("--until", default=None, help="YYYY[-MM[-DD]]: up to this date (inclusive).")
@click.option("--outlet", default=None, help="Only this outlet (substring, any source).")
@click.option("--kind", type=click.Choice(["quote", "document", "pledge"]), default=None)
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "lexical", "semantic"]),
    default="hybrid",
    show_default=True,
    help="Words and meaning fused, or one ranker alone.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search_cmd(
    ctx: click.Context,
    query: str,
    speaker: str | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    kind: str | None,
    limit: int,
    mode: str,
    as_json: bool,
) -> None:
    """Hybrid search (words + meaning) over quotes, pledges and articles, with citations."""
    from onrecord.search import QueryError, search

    with _read_store(ctx) as store:
        try:
            hits = search(
                store,
                query,
                speaker=speaker,
                since=since,
                until=until,
                outlet=outlet,
                kind=kind,
                limit=limit,
                mode=mode,
            )
        except QueryError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _emit_json([h.to_dict() for h in hits])
        return
    if not hits:
        click.echo("no results")
    for n, h in enumerate(hits, 1):
        who = f"{h.speaker}: " if h.speaker else ""
        out.print(
            f"[bold]{n}.[/bold] [dim]{h.kind}[/dim] {who}[italic]{_clip(h.text)}[/italic]",
            highlight=False,
            markup=True,
        )
        extra = f"; also in {len(h.copies)} more" if h.copies else ""
        out.print(f"   [dim]{_esc(h.citation())}{extra}[/dim]", highlight=False)


def _clip(text: str, n: int = 300) -> str:
    from rich.markup import escape

    text = " ".join(text.split())
    return escape(text if len(text) <= n else text[: n - 1] + "…")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@cli.command(name="timeline")
@click.option("--speaker", required=True, help="Person (name or alias).")
@click.option("--topic", default=None, help="Only statements on this topic; shifts are flagged.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def timeline_cmd(ctx: click.Context, speaker: str, topic: str | None, as_json: bool) -> None:
    """A person's statements in date order, copies folded, stance shifts flagged."""
    from onrecord.timeline import timeline

    with _read_store(ctx) as store:
        tl = timeline(store, speaker, topic)
    if as_json:
        _emit_json(tl.to_dict())
        return
    if not tl.entries:
        click.echo(f"no statements by {speaker}" + (f" on {topic}" if topic else ""))
        return
    for e in tl.entries:
        if e.shift:
            out.print(
                f"[bold red]  ⟲ SHIFT[/bold red] {e.shift['from_stance']} ({e.shift['from_date']})"
                f" → {e.shift['to_stance']} ({e.shift['to_date']})",
                highlight=False,
            )
        stance = f" [dim]\\[{e.stance.label}][/dim]" if topic else ""
        out.print(
            f"[bold]{e.said_on or 'undated'}[/bold]{stance} [italic]{_clip(e.text)}[/italic]",
            highlight=False,
        )
        copies = f"; +{len(e.copies)} more" if e.copies else ""
        out.print(f"    [dim]{_esc(e.citation())}{copies}[/dim]", highlight=False)
    if topic:
        click.echo(f"{len(tl.entries)} statements, {len(tl.shifts)} shift(s)")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--query-timeout",
    type=float,
    default=5.0,
    show_default=True,
    help="Seconds before a page's database work is interrupted.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, query_timeout: float) -> None:
    """Browse the record in a web browser (read-only), with a JSON API."""
    import socket

    import uvicorn

    from onrecord.search import resolve_person, vector_index
    from onrecord.web.app import create_app

    with _read_store(ctx) as store:
        # load the vector index and the name index now, not on the first search
        vector_index(store)
        resolve_person(store, "")
    app = create_app(_db(ctx), query_timeout=query_timeout)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(
            f"[yellow]warning[/yellow]: listening on {host}: anyone who can reach this machine "
            "can read the record",
            highlight=False,
        )
    # bind first, so that port 0 (any free port) prints the real URL
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    real_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"onrecord: serving {_db(ctx)} (read-only) at http://{shown}:{real_port}/", err=False
    )
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])


@cli.command(name="failures")
@click.option(
    "--kind",
    type=click.Choice(["ingest", "analysis", "note"]),
    default=None,
    help="Only inputs that failed to ingest, documents that failed analysis, or notes on "
    "documents analysed in part.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def failures_cmd(ctx: click.Context, kind: str | None, as_json: bool) -> None:
    """Inputs and documents that failed, and analyses done only in part, with the reasons."""
    with _read_store(ctx) as store:
        rows = store.failures(kind)
    if as_json:
        _emit_json(rows)
        return
    if not rows:
        click.echo("no failures recorded")
        return
    _table(
        f"{len(rows)} failures and notes",
        ["kind", "source", "document", "reason", "seen"],
        [[r["kind"], r["source"], r["document_id"], r["reason"], r["seen_at"]] for r in rows],
    )


@cli.command()
def model() -> None:
    """Which spaCy model is used, and whether it is Explosion's en_core_web_sm 3.8.0."""
    from onrecord.nlp.model_check import describe
    from onrecord.nlp.pipeline import load_nlp

    click.echo(describe(load_nlp()))


class _LazyEvalGroup(click.Group):
    """Scorers import their corpora readers, sklearn and spaCy: load one only when it is run,
    so that every other command (and `onrecord serve`) starts fast."""

    scorers = ("entities", "extraction", "pledges", "quotes", "stories", "timex")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.scorers})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.scorers:
            import importlib

            return importlib.import_module(f"onrecord.eval.{cmd_name}").command
        return super().get_command(ctx, cmd_name)


@cli.group(name="eval", cls=_LazyEvalGroup)
def eval_group() -> None:
    """Measure accuracy against annotated corpora."""


def main() -> None:
    cli(prog_name="onrecord")


if __name__ == "__main__":
    main()
