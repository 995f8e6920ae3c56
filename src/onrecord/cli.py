"""The `onrecord` command: a thin layer over ``Record``, whose read methods give the same dicts
as ``--json`` here.

Everything taken from articles (titles, outlets, quotes, names) is untrusted text: it is printed
through ``Text`` or ``escape`` and with emoji codes off, never as rich markup.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from onrecord import __version__, export, queries
from onrecord.cluster import ENV as CLUSTER_ENV
from onrecord.cluster import ClusterError, check_address
from onrecord.ingest import DEFAULT_MAX_BYTES
from onrecord.ingest.decode import IngestError
from onrecord.provenance import date_label
from onrecord.record import Record
from onrecord.store import UnsupportedStore, mask_password, normalize_url, open_store

console = Console(stderr=True, emoji=False, highlight=False, soft_wrap=True)
# Piped output gets a wide table instead of rich's 80-column default.
out = Console(
    highlight=False, emoji=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200
)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---- global options, accepted before or after the subcommand ----


def _settings(ctx: click.Context) -> dict[str, Any]:
    if ctx.obj is None:
        ctx.obj = {}
    return ctx.obj  # type: ignore[no-any-return]


def _set_logging(quiet: bool, verbose: bool) -> None:
    """Our own root handler, installed before any library import: ``import wordllama`` calls
    ``logging.basicConfig(level=INFO)``, which is a no-op once the root logger has a handler.
    Library INFO lines appear only with --verbose."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    console.quiet = quiet


def _db_path(db: str | None) -> str:
    """The SQLite file's path, or the PostgreSQL URL (checked, not yet connected)."""
    try:
        return normalize_url(db)
    except UnsupportedStore as exc:
        raise click.BadParameter(str(exc), param_hint="'--db'") from None


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        _settings(ctx)["db"] = _db_path(value)


def _set_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings = _settings(ctx)
        settings[str(param.name)] = True
        if param.name in ("quiet", "verbose"):
            _set_logging(bool(settings.get("quiet")), bool(settings.get("verbose")))


def _global_params() -> list[click.Parameter]:
    return [
        click.Option(
            ["--db"],
            type=click.Path(dir_okay=False),
            default=None,
            expose_value=False,
            callback=_set_db,
            help="The record: a SQLite file (or sqlite:///PATH) or postgresql://USER@HOST:PORT/DB "
            "(also accepted before the command).",
        ),
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_set_flag,
            help="Only results and errors: no progress, notes or hints.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            callback=_set_flag,
            help="Also list duplicates and library log lines.",
        ),
    ]


class _Command(click.Command):
    """Every subcommand also takes --db, --quiet and --verbose (``onrecord quotes --db X``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = {n for p in self.params for n in p.opts}
        self.params.extend(p for p in _global_params() if not names & set(p.opts))


class _Group(click.Group):
    """Subcommands and nested groups (``people merge``, ``eval quotes``) take the global options
    as well."""

    command_class = _Command
    group_class = type  # a nested group is a _Group too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = {n for p in self.params for n in p.opts}
        self.params.extend(p for p in _global_params() if not names & set(p.opts))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="onrecord")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="The record: a SQLite file (or sqlite:///PATH) or postgresql://USER@HOST:PORT/DB "
    "(default: $ONRECORD_DB or ./onrecord.db).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Machine-readable output (commands that list or report).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only results and errors.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List duplicates and skipped files; show library log lines.",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, as_json: bool, quiet: bool, verbose: bool) -> None:
    """Turn news coverage into a sourced record: who said what, who promised what, when."""
    ctx.obj = {"db": _db_path(db), "json": as_json, "quiet": quiet, "verbose": verbose}
    _set_logging(quiet, verbose)


def _db(ctx: click.Context) -> str:
    return str(ctx.obj["db"])


def _shown(ctx: click.Context) -> str:
    """The database as messages name it (a URL's password masked)."""
    return mask_password(_db(ctx))


def _json(ctx: click.Context, as_json: bool) -> bool:
    return as_json or bool(ctx.obj.get("json"))


def _read_store(ctx: click.Context):  # type: ignore[no-untyped-def]
    try:
        return open_store(_db(ctx), readonly=True)
    except FileNotFoundError:
        raise click.ClickException(
            f"no database at {_shown(ctx)}: run `onrecord ingest PATH` first"
        ) from None


def _read_record(ctx: click.Context, *, needs_analysis: bool = True) -> Record:
    """A read-only Record; when documents were stored with --no-analyze, say so first."""
    record = Record(store=_read_store(ctx))
    if needs_analysis and not ctx.obj.get("quiet"):
        pending = queries.unanalysed(record.store)
        if pending:
            console.print(
                f"note: {pending} document{'s' if pending != 1 else ''} not analysed yet "
                "(ingested with --no-analyze): quotes, people, pledges, stories and search "
                "need `onrecord analyze`"
            )
    return record


def _person_error(exc: queries.UnknownPerson) -> NoReturn:
    click.echo(str(exc), err=True)
    sys.exit(1)


class _DateBound(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD; anything else is a usage error (exit 2)."""

    name = "date"

    def __init__(self, *, end: bool) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return queries.parse_date_bound(str(value), end=self.end)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


SINCE = _DateBound(end=False)
UNTIL = _DateBound(end=True)


def _check_range(since: str | None, until: str | None) -> None:
    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}")


# ---- progress ----

PHASES = {
    "source": "reading",
    "analyzed": "analysing",
    "linking": "linking",
    "indexing": "indexing",
    "embedded": "indexing",
}
PLAIN_EVERY_S = 10.0


class _RateColumn(ProgressColumn):
    """Items per second over the whole phase (our own clock: a phase may end before the bar
    appears, and rich's speed needs recent samples)."""

    def render(self, task: Task) -> Text:
        rate = task.fields.get("rate")
        return Text(f"{rate:,.1f}/s" if rate else "", style="progress.data.speed")


class _PhaseElapsedColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        secs = int(task.fields.get("secs") or 0)
        return Text(
            f"{secs // 3600}:{secs // 60 % 60:02d}:{secs % 60:02d}", style="progress.elapsed"
        )


class _PhaseProgress:
    """Named phases (reading, analysing, linking, indexing) with count, total when known, rate
    and ETA. On a terminal: a bar, shown once the run lasts over a second. Otherwise: a line per
    phase and a count every PLAIN_EVERY_S seconds, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and not console.quiet
        self.terminal = console.is_terminal
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.tasks: dict[str, Any] = {}
        self.done: dict[str, int] = {}
        self.totals: dict[str, int | None] = {}
        self.phase_started: dict[str, float] = {}
        self.ended: dict[str, float] = {}
        self.current: str | None = None
        self.last_line = 0.0

    def __call__(self, event: str, n: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        phase = PHASES.get(event, event)
        if phase not in self.done:
            self._finish_plain(self.current)
            self._finish_bar(self.current)
            self.done[phase] = 0
            self.totals[phase] = None
            self.phase_started[phase] = time.monotonic()
            self.current = phase
            if not self.terminal:
                console.print(f"{phase}…")
                self.last_line = time.monotonic()
        if total is not None and event != "embedded":
            self.totals[phase] = total
        if event == "linking":
            self.done[phase] = n
        else:
            self.done[phase] += n
        total_now = self.totals[phase]
        if total_now is not None and self.done[phase] > total_now:
            self.totals[phase] = None  # a feed or JSONL file held many articles: total unknown
        if self.terminal:
            self._bar(phase)
        elif time.monotonic() - self.last_line >= PLAIN_EVERY_S:
            console.print(f"  {phase}: {self._count(phase)}")
            self.last_line = time.monotonic()

    def _count(self, phase: str) -> str:
        total = self.totals.get(phase)
        done = self.done[phase]
        secs = max(time.monotonic() - self.phase_started[phase], 1e-6)
        rate = f" ({done / secs:,.1f}/s)" if done and phase != "linking" else ""
        return (f"{done}/{total}" if total is not None else f"{done}") + rate

    def _finish_plain(self, phase: str | None) -> None:
        if phase is None or self.terminal:
            return
        secs = time.monotonic() - self.phase_started[phase]
        console.print(f"  {phase}: {self._count(phase)} done in {secs:.1f}s")

    def _bar(self, phase: str) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < 1.0:
                return
            self.progress = Progress(
                TextColumn("{task.description:<9}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                _PhaseElapsedColumn(),
                console=console,
            )
            self.progress.start()
        now = time.monotonic()
        for name in self.done:
            ended = self.ended.get(name)
            secs = (ended or now) - self.phase_started[name]
            done = self.done[name]
            rate = done / secs if done and secs > 0 and name != "linking" else None
            if name not in self.tasks:
                self.tasks[name] = self.progress.add_task(name, total=self.totals[name])
            self.progress.update(
                self.tasks[name], completed=done, total=self.totals[name], rate=rate, secs=secs
            )
            if ended is not None:
                self.progress.stop_task(self.tasks[name])

    def _finish_bar(self, phase: str | None) -> None:
        if phase is None or phase in self.ended:
            return
        self.ended[phase] = time.monotonic()
        self.totals[phase] = self.done[phase]  # ended: whatever was done was all there was
        if self.progress is not None:
            self._bar(phase)

    def stop(self) -> None:
        self._finish_bar(self.current)
        if self.progress is not None:
            self.progress.stop()
        elif self.enabled:
            self._finish_plain(self.current)
        self.current = None


CLUSTER_OPTION = click.option(
    "--cluster",
    envvar=CLUSTER_ENV,
    metavar="tcp://HOST:PORT",
    help=f"Run the NLP pass on this Dask scheduler's workers instead of local processes "
    f"(--workers is then unused). Default: ${CLUSTER_ENV}.",
)


def _cluster(address: str | None) -> str | None:
    """The checked scheduler address; an empty value (ONRECORD_CLUSTER="") means local."""
    if not address or not address.strip():
        return None
    try:
        return check_address(address)
    except ClusterError as exc:
        raise click.BadParameter(str(exc), param_hint="'--cluster'") from None


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
@CLUSTER_OPTION
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symbolic links that lead out of a folder being ingested.",
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
    cluster: str | None,
    follow_symlinks: bool,
    as_json: bool,
) -> None:
    """Read files, folders, feeds, WARCs and URLs into the record."""
    as_json = _json(ctx, as_json)
    cluster = _cluster(cluster)
    progress = _PhaseProgress(enabled=not as_json)
    try:
        with Record(_db(ctx)) as record:
            report = record.ingest(
                sources,
                metadata=metadata,
                max_bytes=max_bytes,
                allow_private=allow_private,
                timeout=timeout,
                follow_symlinks=follow_symlinks,
                analyze=not no_analyze,
                workers=workers,
                cluster=cluster,
                progress=progress,
            )
    except IngestError as exc:
        raise click.ClickException(str(exc)) from None
    except ClusterError as exc:
        raise click.ClickException(
            f"{exc}\nThe documents read are stored; analyse them with "
            "`onrecord analyze --cluster ...` (or without --cluster) once this is fixed."
        ) from None
    finally:
        progress.stop()
    if as_json:
        _emit_json(report.as_dict())
    else:
        # a failed input is always reported (which file, why), even with --quiet
        for f in report.failures:
            click.echo(f"failed {f['source']}: {f['reason']}", err=True)
        if ctx.obj.get("verbose"):
            for d in report.duplicates:
                console.print(
                    f"[yellow]duplicate[/yellow] {escape(d['source'])} "
                    f"(same text as {escape(d['same_as'])})"
                )
        elif report.duplicates:
            # a re-ingest of 300 files is one line, not 300
            n = len(report.duplicates)
            console.print(
                f"[yellow]{n} duplicate input{'s' if n != 1 else ''}[/yellow] already in the "
                "record (--verbose lists them)"
            )
        for n in report.notes:
            more = f" (and {int(n['count']) - 1} more inputs)" if int(n.get("count", 1)) > 1 else ""
            console.print(
                f"[dim]note[/dim] {escape(n['source'])}: {escape(n['note'])}{more}",
                highlight=False,
            )
        if ctx.obj.get("verbose"):
            for s in report.skipped:
                console.print(
                    f"[dim]skipped[/dim] {escape(s['source'])}: {escape(s['reason'])}",
                    highlight=False,
                )
        by_ext = ", ".join(f"{n} {ext}" for ext, n in report.skipped_by_extension().items())
        linked = ", ".join(f"{v} {k}" for k, v in report.linked.items())
        click.echo(
            f"{report.new} new, {report.duplicate} duplicate, {report.failed} failed"
            + (f"; {len(report.skipped)} skipped ({by_ext})" if report.skipped else "")
            + (f"; {report.analyzed} analysed" if report.analyzed else "")
            + (f"; {linked}" if linked else "")
        )
    if report.new == 0 and report.duplicate == 0 and report.failed:
        sys.exit(1)


@cli.command()
@click.option("--workers", type=int, default=1, show_default=True)
@CLUSTER_OPTION
@click.pass_context
def analyze(ctx: click.Context, workers: int, cluster: str | None) -> None:
    """Run the NLP pass on documents not yet analysed, then link the corpus."""
    cluster = _cluster(cluster)
    progress = _PhaseProgress(enabled=True)
    try:
        with Record(_db(ctx)) as record:
            try:
                n = record.analyze(workers=workers, cluster=cluster, progress=progress)
            except ClusterError as exc:
                raise click.ClickException(str(exc)) from None
            linked = record.link(progress=progress)
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
        # Text, not str: a title holding "[/red]" is text, not markup
        t.add_row(*[Text("" if v is None else str(v)) for v in r])
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
    if _json(ctx, as_json):
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
    if fmt == "csv" and not output and table is None:
        raise click.UsageError(
            "--format csv writes one file per table: give -o FOLDER "
            "(or --table NAME to print one table)"
        )
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
            raise click.UsageError("--format parquet needs -o FILE or -o FOLDER")
        for path in export.write_tables(store, fmt, Path(output), with_text=with_text):
            console.print(f"wrote {path}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def summary(ctx: click.Context, as_json: bool) -> None:
    """Counts and highlights of the record."""
    with _read_record(ctx) as record:
        store = record.store
        counts = store.counts()
        people = queries.entities(store, type="PERSON", limit=5)
        stories = queries.stories(store, limit=5)
        pledges = queries.commitment_groups(store, limit=8)  # each commitment once
    if _json(ctx, as_json):
        _emit_json({"counts": counts, "top_people": people, "latest_stories": stories})
        return
    click.echo(
        f"{_shown(ctx)}: {counts['documents']} documents ({counts['sources']} sources), "
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
    for p in pledges:
        reports = f"  [{p['reports']} reports]" if p["reports"] > 1 else ""
        click.echo(
            f"  pledge  {', '.join(p['donors']) or '(no donor named)'}  {_pledge_amount(p)}  "
            f"{p['said_on'] or ''}{reports}"
        )


@cli.command(name="quotes")
@click.option("--speaker", default=None, help="Name or alias, e.g. 'Rutte'.")
@click.option("--since", type=SINCE, default=None, help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", type=UNTIL, default=None, help="YYYY, YYYY-MM or YYYY-MM-DD (inclusive).")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]), default=None)
@click.option("--outlet", default=None, help="Only this outlet (substring, any source).")
@click.option("--limit", type=int, default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def quotes_cmd(
    ctx: click.Context,
    speaker: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    outlet: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Who said what, with the source of each statement."""
    _check_range(since, until)
    with _read_record(ctx) as record:
        try:
            rows = record.quotes(
                speaker=speaker, since=since, until=until, kind=kind, outlet=outlet, limit=limit
            )
        except queries.UnknownPerson as exc:
            _person_error(exc)
    if _json(ctx, as_json):
        _emit_json(rows)
        return
    for q in rows:
        who = q["speaker"] or "(unattributed)"
        mention = (
            f" [{q['speaker_mention']}]"
            if q["speaker_mention"] and q["speaker_mention"] != q["speaker"]
            else ""
        )
        when = date_label("said", q["said_on"], q["said_on_from"], q.get("published_from"))
        out.print(
            f"[bold]{escape(when)}[/bold] {escape(who + mention)} "
            f"({escape(q['kind'] or '-')}, {escape(q['cue'] or '-')})"
        )
        out.print(Text(f"  “{q['text']}”"))
        source = (
            f"— {q['outlet'] or 'unknown outlet'}, document {q['document_id']} "
            f"chars {q['start']}–{q['end']}"
        )
        out.print(Text(f"  {source}", style="dim"))
    console.print(f"{len(rows)} quotes")


@cli.group(invoke_without_command=True)
@click.option(
    "--type", "etype", default="PERSON", show_default=True, help="PERSON, ORG, GPE… or 'all'."
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def people(ctx: click.Context, etype: str, as_json: bool) -> None:
    """Canonical people (or other entities) with aliases and roles over time.

    Subcommands correct who is who; corrections are kept in the record, replayed at every
    link (also after re-analysis) and exported."""
    if ctx.invoked_subcommand is not None:
        return
    with _read_record(ctx) as record:
        rows = record.people(type=None if etype.lower() == "all" else etype)
    if _json(ctx, as_json):
        _emit_json(rows)
        return
    for e in rows:
        out.print(f"[bold]{escape(e['name'])}[/bold] ({e['type']}, {e['mentions']} mentions)")
        if e["aliases"]:
            out.print(Text(f"  aliases: {', '.join(e['aliases'])}"))
        for r in e["roles"]:
            org = f"{r['org']} " if r.get("org") else ""
            out.print(
                Text(
                    f"  role: {r['qualifier'] + ' ' if r.get('qualifier') else ''}{org}{r['title']}"
                    f"  {r.get('first_seen') or '?'} … {r.get('last_seen') or '?'}"
                )
            )


def _person_named(store: Any, name: str, db: str) -> dict[str, Any]:
    """The stored person a correction names: by canonical name, else by an alias."""
    want = " ".join(name.lower().split())
    rows = queries.entities(store, type="PERSON")
    for pool in (
        [e for e in rows if " ".join(e["name"].lower().split()) == want],
        [e for e in rows if want in {" ".join(a.lower().split()) for a in e["aliases"]}],
    ):
        if pool:
            return max(pool, key=lambda e: e["mentions"])
    raise click.ClickException(
        f"no person named {name!r} in {db}: see `onrecord people` for the names"
    )


def _correct(ctx: click.Context, action: str, name: str, other: str | None = None) -> None:
    """Check the names, store the correction, relink so that it shows at once."""
    if not name.strip() or (other is not None and not other.strip()):
        raise click.ClickException("a name cannot be empty")
    with _read_store(ctx) as store:
        try:
            first = _person_named(store, name, _shown(ctx))
        except click.ClickException:
            if action != "not-person":
                raise
            # not a person now (already filtered, or not yet ingested): keep it out later too
            console.print(f"note: no person named {name!r} now; recorded for later links")
            first = {"id": None}
        second = _person_named(store, other, _shown(ctx)) if action == "merge" and other else None
    if second is not None and second["id"] == first["id"]:
        raise click.ClickException(f"{name!r} and {other!r} are already one person")
    with Record(_db(ctx)) as record:
        record.store.add_correction(action, name.strip(), other.strip() if other else None)
        linked = record.link()
    click.echo(f"{action} {name!r}{f' {other!r}' if other else ''}: recorded; relinked, "
               f"{linked['entities']} entities")  # fmt: skip


@people.command(name="merge")
@click.argument("name")
@click.argument("other")
@click.pass_context
def people_merge(ctx: click.Context, name: str, other: str) -> None:
    """NAME and OTHER are one person (OTHER joins NAME)."""
    _correct(ctx, "merge", name, other)


@people.command(name="split")
@click.argument("name")
@click.pass_context
def people_split(ctx: click.Context, name: str) -> None:
    """Undo the joining of NAME: each name it was written under becomes its own person."""
    _correct(ctx, "split", name)


@people.command(name="rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def people_rename(ctx: click.Context, old: str, new: str) -> None:
    """Call the person OLD by NEW (OLD stays an alias)."""
    _correct(ctx, "rename", old, new)


@people.command(name="not-person")
@click.argument("name")
@click.pass_context
def people_not_person(ctx: click.Context, name: str) -> None:
    """NAME is not a person (a place, a platform, a show): it leaves the people."""
    _correct(ctx, "not-person", name)


@people.command(name="corrections")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def people_corrections(ctx: click.Context, as_json: bool) -> None:
    """The corrections stored in the record, in the order they are applied."""
    with _read_store(ctx) as store:
        rows = store.corrections()
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        out.print(f"{r['id']}  {r['action']}  {r['name']}{'  ' + r['other'] if r['other'] else ''}"
                  f"  [dim]{r['created_at']}[/dim]")  # fmt: skip


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
    with _read_record(ctx) as record:
        data = record.pledges(donor=donor, recipient=recipient, by=by)
    if _json(ctx, as_json):
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
        [
            "id",
            "said on",
            "donors",
            "announced by",
            "recipient",
            "amount",
            "program",
            "purpose",
            "status",
            "group",
            "doc",
        ],
        [
            [
                p["id"],
                p["said_on"],
                ", ".join(p["donors"]),
                p.get("announced_by"),
                p["recipient"],
                _pledge_amount(p),
                p["program"],
                p["purpose"],
                p["status"],
                p["group_id"],
                p["document_id"],
            ]
            for p in data
        ],
    )


def _pledge_amount(p: dict[str, Any]) -> str:
    """Money, or a quantity of what is given ('500 troops'), or that the text states none."""
    qualifier = f"{p['qualifier']} " if p.get("qualifier") else ""
    if p["amount"]:
        return f"{qualifier}{p['amount']:,.0f} {p['currency'] or ''}".strip()
    if p.get("quantity"):
        return f"{qualifier}{p['quantity']:,.0f} {p.get('unit') or ''}".strip()
    return "no amount stated"


@cli.command(name="stories")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stories_cmd(ctx: click.Context, as_json: bool) -> None:
    """Stories: documents about the same real-world event."""
    with _read_record(ctx) as record:
        rows = record.stories()
    if _json(ctx, as_json):
        _emit_json(rows)
        return
    _table("stories", ["id", "first", "last", "place", "docs", "title"],
           [[s["id"], s["first_published"], s["last_published"], s["place"], ",".join(map(str, s["document_ids"])), s["title"]] for s in rows])  # fmt: skip


@cli.command(name="index")
@click.pass_context
def index_cmd(ctx: click.Context) -> None:
    """Bring the search index up to date: embed new rows, save the vector index files."""
    progress = _PhaseProgress(enabled=True)
    try:
        with Record(_db(ctx)) as record:
            counts = record.index(progress=progress)
    finally:
        progress.stop()
    click.echo(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))


@cli.command(name="search")
@click.argument("query")
@click.option("--speaker", default=None, help="Only statements by this person (name or alias).")
@click.option(
    "--since", type=SINCE, default=None, help="YYYY[-MM[-DD]]: statements/articles from this date."
)
@click.option(
    "--until", type=UNTIL, default=None, help="YYYY[-MM[-DD]]: up to this date (inclusive)."
)
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
    from onrecord.search import QueryError

    _check_range(since, until)
    with _read_record(ctx) as record:
        try:
            hits = record.search(
                query,
                speaker=speaker,
                since=since,
                until=until,
                outlet=outlet,
                kind=kind,
                limit=limit,
                mode=mode,
            )
        except queries.UnknownPerson as exc:
            _person_error(exc)
        except QueryError as exc:
            raise click.ClickException(str(exc)) from None
    if _json(ctx, as_json):
        _emit_json(hits)
        return
    if not hits:
        click.echo("no results")
    for n, h in enumerate(hits, 1):
        who = f"{escape(h['speaker'])}: " if h["speaker"] else ""
        out.print(
            f"[bold]{n}.[/bold] [dim]{h['kind']}[/dim] {who}[italic]{_clip(h['text'])}[/italic]"
        )
        extra = f"; also in {len(h['copies'])} more" if h["copies"] else ""
        out.print(f"   [dim]{escape(h['citation'])}{extra}[/dim]")


def _clip(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return escape(text if len(text) <= n else text[: n - 1] + "…")


@cli.command(name="timeline")
@click.option("--speaker", required=True, help="Person (name or alias).")
@click.option("--topic", default=None, help="Only statements on this topic; shifts are flagged.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def timeline_cmd(ctx: click.Context, speaker: str, topic: str | None, as_json: bool) -> None:
    """A person's statements in date order, copies folded, stance shifts flagged."""
    with _read_record(ctx) as record:
        try:
            tl = record.timeline(speaker, topic)
        except queries.UnknownPerson as exc:
            _person_error(exc)
    if _json(ctx, as_json):
        _emit_json(tl)
        return
    if not tl["entries"]:
        click.echo(f"no statements by {speaker}" + (f" on {topic}" if topic else ""))
        return
    for e in tl["entries"]:
        if e["shift"]:
            sh = e["shift"]
            out.print(
                "[bold red]  ⟲ SHIFT[/bold red] "
                + escape(
                    f"{sh['from_stance']} ({sh['from_date']}) → {sh['to_stance']} ({sh['to_date']})"
                )
            )
        stance = f" [dim]{escape('[' + str(e['stance']['label']) + ']')}[/dim]" if topic else ""
        out.print(
            f"[bold]{escape(e['said_on'] or 'undated')}[/bold]{stance} "
            f"[italic]{_clip(e['text'])}[/italic]"
        )
        copies = f"; +{len(e['copies'])} more" if e["copies"] else ""
        out.print(f"    [dim]{escape(e['citation'])}{copies}[/dim]")
    if topic:
        click.echo(f"{len(tl['entries'])} statements, {len(tl['shifts'])} shift(s)")


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
        f"onrecord: serving {_shown(ctx)} (read-only) at http://{shown}:{real_port}/", err=False
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

    scorers = (
        "dates",
        "entities",
        "extraction",
        "pledges",
        "quotes",
        "speakers",
        "stories",
        "timex",
    )

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
    try:
        cli(prog_name="onrecord")
    except ConnectionError as exc:  # a database server that cannot be reached: say so, exit 1
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
