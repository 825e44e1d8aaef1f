"""`tf1lint server`: a Language Server Protocol server over stdio, another front end on the engine.

The session keeps the settings of each project (its pyproject.toml plus the client's settings), the
catalogue loaded once per settings, and the latest results per open document. Analysis runs on
worker threads from a snapshot of the buffer, so typing in one file never waits for another, and a
result that a newer edit has superseded is dropped instead of published.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from tf1lint import __version__
from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.findings import Finding
from tf1lint.analysis.positions import UTF16, split_lines
from tf1lint.catalogue.model import TargetIndex
from tf1lint.files.file_selection import FileSelection
from tf1lint.lsp.features import (
    FIX_ALL_KIND,
    contains,
    diagnostic,
    engine_position,
    failure_diagnostic,
    fix_action,
    fix_all_action,
    hover_markdown,
    ignore_action,
)
from tf1lint.lsp.incremental_parse import IncrementalParser
from tf1lint.lsp.transport import AnsweringServer, BoundedInput, run_guarded
from tf1lint.run.config import ConfigError, Settings, find_pyproject, normalise_version, settings_from
from tf1lint.run.pipeline import Document, analyse
from tf1lint.run.runner import load_index

# Enough threads that one huge buffer leaves others to the rest; the GIL shares the cores anyway.
_ANALYSIS_THREADS = 4
_CONFIG_NAMES = ("pyproject.toml",)
# A pull request waits this long for the analysis already under way before doing its own.
_WAIT_FOR_WORKER_SECONDS = 30.0
_CATALOGUE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CellText:
    uri: str
    text: str
    is_code: bool = True


@dataclass(frozen=True)
class Snapshot:
    """What one analysis reads: a text document (one cell) or a notebook's cells, at a version."""

    owner: str  # the text document's or the notebook's URI
    version: int | None
    path: str
    cells: tuple[CellText, ...]
    notebook: bool = False


@dataclass
class UriResult:
    lines: list[str]
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)


@dataclass
class Analysis:
    owner: str
    version: int | None
    per_uri: dict[str, UriResult]
    encoding: str
    with_fixes: bool = False  # diagnostics need no fixes; code actions ask for them when needed
    # The diagnostics per URI as JSON-ready dicts, built on the worker thread: turning hundreds of
    # lsprotocol objects into JSON on the event loop took longer than finding them.
    payloads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class DiagnosticCache:
    """JSON-ready diagnostics of one document, by finding and the text of the lines it spans.

    Typing in one place leaves every other finding as it was, so its diagnostic is neither rebuilt
    nor serialised again; only the entries used by the latest analysis are kept."""

    def __init__(self, unstructure: Callable[[Any], Any]) -> None:
        self._unstructure = unstructure
        self._by_uri: dict[str, dict[tuple, dict[str, Any]]] = {}

    def payload(self, uri: str, result: UriResult, encoding: str) -> list[dict[str, Any]]:
        if result.failures:
            self._by_uri.pop(uri, None)
            return [self._unstructure(item) for item in diagnostics_of(result, encoding)]
        previous = self._by_uri.get(uri, {})
        current: dict[tuple, dict[str, Any]] = {}
        payload = []
        lines = result.lines
        for finding in result.findings:
            # Everything the diagnostic is made of: its span and the text there, the code (kind and
            # severity), the message (which names the entry and the TF2 way).
            key = (finding.line, finding.column, finding.end_line, finding.end_column, encoding,
                   _line(lines, finding.line), _line(lines, finding.end_line),
                   finding.code, finding.entry.kind, finding.message)
            item = previous.get(key) or current.get(key)
            if item is None:
                item = self._unstructure(diagnostic(finding, lines, encoding))
            current[key] = item
            payload.append(item)
        self._by_uri[uri] = current
        return payload

    def forget(self, uri: str) -> None:
        self._by_uri.pop(uri, None)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


@dataclass
class _LoadedIndex:
    index: TargetIndex
    stamp: tuple  # what the files it came from looked like when loaded
    options_generation: int
    excluded: FileSelection | None = None  # the project's exclude patterns, if it has any


def _file_stamp(path: str | Path | None) -> tuple | None:
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), status.st_mtime_ns, status.st_size)


class ClientOptionError(ValueError):
    """A setting the client sent is not usable; the message is one line for the user."""


def parse_client_options(raw: Any) -> dict[str, Any]:
    """initializationOptions / didChangeConfiguration settings, with or without a "tf1lint" wrapper."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ClientOptionError("tf1lint settings must be an object")
    if isinstance(raw.get("tf1lint"), dict):
        raw = raw["tf1lint"]
    options: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_").replace("reportCompatV1", "report_compat_v1")
        if name == "target":
            if value is not None and not isinstance(value, str):
                raise ClientOptionError(f"tf1lint setting target must be a version string like \"2.15\", not {value!r}")
            options["target"] = value
        elif name in ("catalogue", "catalogues"):
            files = [value] if isinstance(value, str) else value
            if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
                raise ClientOptionError("tf1lint setting catalogue must be a path or a list of paths")
            options["catalogues"] = files
        elif name == "report_compat_v1":
            if not isinstance(value, bool):
                raise ClientOptionError("tf1lint setting reportCompatV1 must be true or false")
            options["report_compat_v1"] = value
        else:
            raise ClientOptionError(f"unknown tf1lint setting {key!r} (expected target, catalogue, reportCompatV1)")
    return options


class Session:
    """The server's state; handlers are short functions that ask it for results."""

    def __init__(self, server: LanguageServer) -> None:
        self.server = server
        self.root: Path | None = None
        self.options: dict[str, Any] = {}
        self.options_generation = 0
        self.pull_only = False  # the client pulls diagnostics itself, so pushing would double them
        self.loop: asyncio.AbstractEventLoop | None = None
        self._pool = ThreadPoolExecutor(max_workers=_ANALYSIS_THREADS, thread_name_prefix="tf1lint-analysis")
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._pending: dict[str, Snapshot] = {}
        self._running: set[str] = set()
        self._indexes: dict[str | None, _LoadedIndex] = {}
        self._shown: set[str] = set()
        self.results: dict[str, Analysis] = {}
        # pygls's own lsprotocol converter, so the JSON is exactly what pygls would have sent.
        converter = server.protocol._converter  # pylint: disable=protected-access
        self.diagnostic_cache = DiagnosticCache(converter.unstructure)
        self._published: dict[str, list[str]] = {}  # owner -> the URIs it last sent diagnostics for
        # Per open text document: typing re-parses only the statements it touched. Only the one
        # worker analysing that document at a time uses it (see schedule).
        self._parsers: dict[str, IncrementalParser] = {}
        # Pull requests waiting for the analysis a change already started (owner -> futures).
        self._waiters: dict[str, list[asyncio.Future]] = {}
        self.open_owners: set[str] = set()  # URIs of open documents and notebooks, as the client spells them
        self.closed = False

    # -- settings and catalogue -------------------------------------------------------------

    def set_options(self, raw: Any) -> None:
        try:
            self.options = parse_client_options(raw)
        except ClientOptionError as error:
            self.report_problem(str(error))
            self.options = {}
        self.options_generation += 1

    def index_for(self, path: str) -> TargetIndex:
        return self.project_for(path).index

    def project_for(self, path: str) -> _LoadedIndex:
        """The index for a document: its project's pyproject.toml plus the client's settings,
        reloaded when either, or a catalogue file they name, has changed since it was loaded."""
        folder = Path(path).parent if path and os.path.isabs(path) else (self.root or Path.cwd())
        pyproject = find_pyproject(folder)
        key = str(pyproject) if pyproject else None
        with self._index_lock:
            loaded = self._indexes.get(key)
            if (loaded is not None and loaded.options_generation == self.options_generation
                    and loaded.stamp == self._stamp(pyproject, loaded.stamp)):
                return loaded
            settings = self._settings(pyproject)
            index = self._load(settings)
            stamp = (_file_stamp(pyproject), tuple(_file_stamp(name) for name in settings.catalogues))
            excluded = None
            if settings.exclude or settings.extend_exclude:
                excluded = FileSelection(Path(settings.project_root or folder), settings.exclude,
                                         settings.extend_exclude, respect_gitignore=False, force_exclude=True)
            loaded = _LoadedIndex(index, stamp, self.options_generation, excluded)
            self._indexes[key] = loaded
            return loaded

    @staticmethod
    def _stamp(pyproject: Path | None, previous: tuple) -> tuple:
        catalogues = tuple(_file_stamp(entry[0]) for entry in previous[1])
        return (_file_stamp(pyproject), catalogues)

    def _settings(self, pyproject: Path | None) -> Settings:
        try:
            settings = settings_from(pyproject)
        except ConfigError as error:
            self.report_problem(f"{error}; using the defaults")
            settings = Settings()
        if self.options.get("target") is not None:
            settings.target = normalise_version(self.options["target"])
        base = self.root or (pyproject.parent if pyproject else Path.cwd())
        extra = [str(base / name) for name in self.options.get("catalogues", [])]
        settings.catalogues = [*settings.catalogues, *extra]
        if "report_compat_v1" in self.options:
            settings.report_compat_v1 = self.options["report_compat_v1"]
        return settings

    def _load(self, settings: Settings) -> TargetIndex:
        _, index, problems = load_index(settings)
        if index is not None:
            return index
        self.report_problem("; ".join(problems) + "; using the bundled catalogue")
        for fallback in (Settings(settings.target, [], settings.report_compat_v1),
                         Settings(None, [], settings.report_compat_v1)):
            _, index, _ = load_index(fallback)
            if index is not None:
                return index
        raise RuntimeError("the bundled catalogue does not load")  # a broken installation, not a user error

    def report_problem(self, message: str) -> None:
        """A configuration problem, shown to the user once (not on every keystroke)."""
        if message in self._shown:
            return
        self._shown.add(message)
        self._on_loop(self.server.window_show_message,
                      types.ShowMessageParams(type=types.MessageType.Error, message=f"tf1lint: {message}"))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self._on_loop(self.server.window_log_message, types.LogMessageParams(type=kind, message=message))

    def _on_loop(self, send: Callable[[Any], None], params: Any) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            send(params)
        else:
            loop.call_soon_threadsafe(send, params)

    def forget_indexes(self) -> None:
        with self._index_lock:
            self._indexes.clear()
        self._shown.clear()

    # -- snapshots --------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return str(self.server.workspace.position_encoding or UTF16)

    def snapshot(self, uri: str) -> Snapshot | None:
        """A snapshot of the document or notebook that `uri` (a document, cell or notebook) is in."""
        workspace = self.server.workspace
        notebook = workspace.get_notebook_document(notebook_uri=uri) or workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:
            cells = []
            for cell in notebook.cells:
                document = workspace.text_documents.get(unquote(cell.document))
                text = document.source if document is not None else ""
                cells.append(CellText(cell.document, text, cell.kind == types.NotebookCellKind.Code))
            return Snapshot(notebook.uri, notebook.version, _path_of(notebook.uri), tuple(cells), notebook=True)
        document = workspace.text_documents.get(unquote(uri))
        if document is None:
            return None
        return Snapshot(uri, document.version, _path_of(uri), (CellText(uri, document.source),))

    def owner_of(self, uri: str) -> str:
        notebook = self.server.workspace.get_notebook_document(cell_uri=uri)
        return notebook.uri if notebook is not None else uri

    def current_version(self, owner: str) -> int | None:
        workspace = self.server.workspace
        notebook = workspace.get_notebook_document(notebook_uri=owner)
        if notebook is not None:
            return notebook.version
        document = workspace.text_documents.get(unquote(owner))
        return document.version if document is not None else None

    def is_open(self, owner: str) -> bool:
        return owner in self.open_owners

    # -- analysis ---------------------------------------------------------------------------

    def analyse(self, snapshot: Snapshot, *, fixes: bool = False, parser: IncrementalParser | None = None) -> Analysis:
        """The findings of one snapshot (with their fixes if asked); an unexpected error is logged
        and gives no diagnostics."""
        encoding = self.encoding
        empty = {cell.uri: UriResult(split_lines(cell.text)) for cell in snapshot.cells}
        try:
            project = self.project_for(snapshot.path)
            if _excluded(project, snapshot.path):
                per_uri = empty
            else:
                per_uri = (_analyse_notebook(snapshot, project.index, fixes) if snapshot.notebook
                           else _analyse_text(snapshot, project.index, fixes, parser))
        except Exception:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # one document must not stop the server
            self.log(f"tf1lint: analysing {snapshot.owner} failed; no diagnostics for it:\n{traceback.format_exc()}")
            per_uri = empty
            if parser is not None:
                self._parsers.pop(snapshot.owner, None)  # start the next version afresh
        return Analysis(snapshot.owner, snapshot.version, per_uri, encoding, with_fixes=fixes)

    def fixed_texts(self, uri: str) -> dict[str, tuple[str, str]]:
        """Each changed cell of the document holding `uri`: its text, and its text after every safe fix."""
        snapshot = self.snapshot(uri)
        if snapshot is None:
            return {}
        project = self.project_for(snapshot.path)
        if _excluded(project, snapshot.path):
            return {}
        try:
            return fixed_texts(snapshot, project.index)
        except Exception:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # one document must not stop the server
            self.log(f"tf1lint: fixing {snapshot.owner} failed; no fix-all for it:\n{traceback.format_exc()}")
            return {}

    def schedule(self, uri: str) -> None:
        """Analyse the document containing `uri` soon, from its current text; a snapshot not yet
        started when a newer one arrives is replaced by it (nobody wants the older diagnostics)."""
        snapshot = self.snapshot(uri)
        if snapshot is None or self.closed:
            return
        with self._lock:
            self._pending[snapshot.owner] = snapshot
            if snapshot.owner in self._running:
                return
            self._running.add(snapshot.owner)
        self._pool.submit(self._work, snapshot.owner)

    def schedule_all(self) -> None:
        """Settings or catalogue changed: every open document again (pull clients are told to ask)."""
        for owner in sorted(self.open_owners):
            self.schedule(owner)
        workspace = self.server.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace is not None else None
        if self.pull_only and diagnostics is not None and diagnostics.refresh_support:
            self.server.workspace_diagnostic_refresh(None)

    def _work(self, owner: str) -> None:
        while True:
            with self._lock:
                snapshot = self._pending.pop(owner, None)
                if snapshot is None or self.closed:
                    self._running.discard(owner)
                    return
            parser = None if snapshot.notebook else self._parsers.setdefault(owner, IncrementalParser())
            analysis = self.analyse(snapshot, parser=parser)
            if not self.pull_only:
                try:
                    analysis.payloads = {uri: self.diagnostic_cache.payload(uri, result, analysis.encoding)
                                         for uri, result in analysis.per_uri.items()}
                except Exception:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # one document must not stop the server
                    self.log(f"tf1lint: diagnostics for {owner} failed:\n{traceback.format_exc()}")
                    analysis.payloads = {uri: [] for uri in analysis.per_uri}
            self._on_loop(self.publish, analysis)

    async def analysis_now(self, uri: str, *, fixes: bool = False) -> Analysis | None:
        """The current results for the document containing `uri` (with fixes if asked), computed
        if not yet known."""
        owner = self.owner_of(uri)
        known = self.results.get(owner)
        if (known is not None and known.version == self.current_version(owner) and known.encoding == self.encoding
                and (known.with_fixes or not fixes)):
            return known
        if not fixes and self._in_flight(owner):
            # The worker is analysing this document (incrementally): wait for it rather than parse
            # the whole text a second time beside it.
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.setdefault(owner, []).append(waiter)
            try:
                waited = await asyncio.wait_for(waiter, _WAIT_FOR_WORKER_SECONDS)
            except asyncio.TimeoutError:
                waited = None
            if waited is not None and waited.version == self.current_version(owner) and waited.encoding == self.encoding:
                return waited
        snapshot = self.snapshot(uri)
        if snapshot is None:
            return None
        loop = asyncio.get_running_loop()
        analysis = await loop.run_in_executor(self._pool, functools.partial(self.analyse, snapshot, fixes=fixes))
        if analysis.version == self.current_version(owner):
            self.results[owner] = analysis
        return analysis

    def _in_flight(self, owner: str) -> bool:
        with self._lock:
            return owner in self._running or owner in self._pending

    def _wake(self, owner: str, analysis: Analysis | None) -> None:
        for waiter in self._waiters.pop(owner, []):
            if not waiter.done():
                waiter.set_result(analysis)

    def publish(self, analysis: Analysis) -> None:
        """Send one analysis, unless its document was closed or changed since its snapshot."""
        owner = analysis.owner
        if not self.is_open(owner):
            self._wake(owner, None)
            return
        if analysis.version != self.current_version(owner):
            return  # a newer snapshot is pending; its analysis wakes the waiters
        self._wake(owner, analysis)
        self.results[owner] = analysis
        if self.pull_only:
            return
        previous = self._published.get(owner, [])
        for uri, result in analysis.per_uri.items():
            payload = analysis.payloads.get(uri)
            if payload is None:
                payload = self.diagnostic_cache.payload(uri, result, analysis.encoding)
            params: dict[str, Any] = {"uri": uri, "diagnostics": payload}
            if owner == uri and analysis.version is not None:
                params["version"] = analysis.version
            # Already JSON-ready: sent as a plain JSON-RPC message, since pygls would otherwise walk
            # every dict again through cattrs (ten times the cost of json.dumps on a large file).
            self.server.protocol._send_data(  # pylint: disable=protected-access  # pygls 2.x's framing and writer
                {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params})
        for uri in previous:
            if uri not in analysis.per_uri:  # a cell that left the notebook
                self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self._published[owner] = list(analysis.per_uri)

    def open(self, owner: str) -> None:
        self.open_owners.add(owner)
        self.schedule(owner)

    def close(self, owner: str) -> None:
        self.open_owners.discard(owner)
        self.results.pop(owner, None)
        self._parsers.pop(owner, None)
        self._wake(owner, None)
        with self._lock:
            self._pending.pop(owner, None)
        if not self.pull_only:
            for uri in self._published.pop(owner, [owner]):
                self.diagnostic_cache.forget(uri)
                self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def shutdown(self) -> None:
        self.closed = True
        with self._lock:
            self._pending.clear()
        for owner in list(self._waiters):
            self._wake(owner, None)
        self._pool.shutdown(wait=False, cancel_futures=True)


def _excluded(project: _LoadedIndex, path: str) -> bool:
    """A document the project's `exclude` patterns leave out gets no diagnostics, as
    `tf1lint check --force-exclude` (what pre-commit runs) would not check it."""
    if project.excluded is None or not path or not os.path.isabs(path):
        return False
    return project.excluded.excluded(path, False)


def _path_of(uri: str) -> str:
    return to_fs_path(uri) or uri


def _analyse_text(snapshot: Snapshot, index: TargetIndex, fixes: bool,
                  parser: IncrementalParser | None) -> dict[str, UriResult]:
    cell = snapshot.cells[0]
    result = UriResult(split_lines(cell.text))
    outcome = analyse(Document(snapshot.path, cell.text), index, fixes=fixes,
                      parse=parser.parse if parser is not None else None)
    result.findings, result.failures = outcome.findings, outcome.failures
    return {cell.uri: result}


def _analyse_notebook(snapshot: Snapshot, index: TargetIndex, fixes: bool) -> dict[str, UriResult]:
    """The cells as one notebook document, through the same pipeline as `tf1lint check`."""
    from tf1lint.analysis.notebooks import Cell  # pylint: disable=import-outside-toplevel  # notebooks only

    cells = tuple(Cell(cell.text, cell.is_code) for cell in snapshot.cells)
    outcome = analyse(Document(snapshot.path, cells=cells), index, fixes=fixes)
    per_uri = {cell.uri: UriResult(split_lines(cell.text)) for cell in snapshot.cells}
    uris = [cell.uri for cell in snapshot.cells]
    for finding in outcome.findings:
        if finding.cell is not None and 0 < finding.cell <= len(uris):
            per_uri[uris[finding.cell - 1]].findings.append(finding)
    for failure in outcome.failures:
        cell_number = failure.cell or 1
        if 0 < cell_number <= len(uris):
            per_uri[uris[cell_number - 1]].failures.append(failure)
    return per_uri


def fixed_texts(snapshot: Snapshot, index: TargetIndex) -> dict[str, tuple[str, str]]:
    """Each changed cell's text before and after every safe fix, by the very fix loop of `check
    --fix` (passes until nothing changes; a result that does not parse is dropped)."""
    # Only when the editor asks for the fix-all: the server starts without the fix code.
    from tf1lint.run.apply_fixes import fix_notebook, fix_source  # pylint: disable=import-outside-toplevel

    if not snapshot.notebook:
        cell = snapshot.cells[0]
        result = fix_source(cell.text.encode("utf-8", "surrogateescape"), snapshot.path, index)
        if result.failure or not result.changed:
            return {}
        return {cell.uri: (cell.text, result.fixed.decode("utf-8", "surrogateescape"))}
    document = {"cells": [{"cell_type": "code" if cell.is_code else "markdown", "metadata": {}, "source": cell.text}
                          for cell in snapshot.cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    result = fix_notebook(json.dumps(document, indent=1).encode("utf-8"), snapshot.path, index)
    if result.failure or not result.changed:
        return {}
    fixed_cells = json.loads(result.fixed)["cells"]
    return {cell.uri: (cell.text, fixed["source"]) for cell, fixed in zip(snapshot.cells, fixed_cells)
            if fixed["source"] != cell.text}


def diagnostics_of(result: UriResult, encoding: str) -> list[types.Diagnostic]:
    if result.failures:
        return [failure_diagnostic(failure, result.lines, encoding) for failure in result.failures]
    return [diagnostic(finding, result.lines, encoding) for finding in result.findings]


# -- the server and its handlers --------------------------------------------------------------

def _is_configuration_file(uri: str) -> bool:
    name = uri.rsplit("/", 1)[-1]
    return name in _CONFIG_NAMES or name.endswith(_CATALOGUE_SUFFIXES)


def build_server() -> LanguageServer:
    server = AnsweringServer(
        "tf1lint", __version__,
        text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        notebook_document_sync=types.NotebookDocumentSyncOptions(notebook_selector=[
            types.NotebookDocumentFilterWithCells(
                notebook="*", cells=[types.NotebookCellLanguage(language="python")]),
        ]),
    )
    session = Session(server)
    server.tf1lint_session = session  # type: ignore[attr-defined]  # for tests and benchmarks

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        session.loop = asyncio.get_running_loop()
        root_uri = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        if root_uri:
            session.root = Path(_path_of(root_uri))
        session.set_options(params.initialization_options)
        capabilities = params.capabilities.text_document
        session.pull_only = capabilities is not None and capabilities.diagnostic is not None

    @server.feature(types.INITIALIZED)
    async def initialized(_params: types.InitializedParams) -> None:
        workspace = server.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is None or not watched.dynamic_registration:
            return  # configuration changes are still noticed on save and at the next analysis
        watchers = [types.FileSystemWatcher(glob_pattern=pattern)
                    for pattern in ("**/pyproject.toml", "**/*.yaml", "**/*.yml")]
        await server.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
            id="tf1lint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        session.open(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        session.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if _is_configuration_file(params.text_document.uri):
            session.forget_indexes()
            session.schedule_all()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        session.close(params.text_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(params: types.DidOpenNotebookDocumentParams) -> None:
        session.open(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(params: types.DidChangeNotebookDocumentParams) -> None:
        session.schedule(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(params: types.DidCloseNotebookDocumentParams) -> None:
        session.close(params.notebook_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        if params.settings is None:
            return
        session.set_options(params.settings)
        session.schedule_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        if any(_is_configuration_file(change.uri) for change in params.changes):
            session.forget_indexes()
            session.schedule_all()

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
        identifier="tf1lint", inter_file_dependencies=False, workspace_diagnostics=False))
    async def pull_diagnostics(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        analysis = await session.analysis_now(params.text_document.uri)
        result = analysis.per_uri.get(params.text_document.uri) if analysis is not None else None
        items = diagnostics_of(result, analysis.encoding) if result is not None and analysis is not None else []
        return types.RelatedFullDocumentDiagnosticReport(items=items)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        analysis = await session.analysis_now(uri)
        result = analysis.per_uri.get(uri) if analysis is not None else None
        if result is None or analysis is None:
            return None
        line, column = engine_position(result.lines, params.position, analysis.encoding)
        hits = [finding for finding in result.findings if contains(finding, line, column)]
        if not hits:
            return None
        text = "\n\n---\n\n".join(hover_markdown(finding) for finding in hits)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False))
    async def code_actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        analysis = await session.analysis_now(uri, fixes=True)
        result = analysis.per_uri.get(uri) if analysis is not None else None
        if result is None or analysis is None:
            return []
        if analysis.version != session.current_version(analysis.owner):
            return []  # the text changed while it was analysed: its edits would land on other text
        version = analysis.version if analysis.owner == uri else None
        actions = _code_actions(params, uri, result, analysis.encoding)
        wanted = params.context.only
        if wanted is None or any(FIX_ALL_KIND.startswith(kind) for kind in wanted if kind != "quickfix"):
            loop = asyncio.get_running_loop()
            changed = await loop.run_in_executor(None, session.fixed_texts, uri)
            if uri in changed:
                original, fixed = changed[uri]
                fix_all = fix_all_action(uri, original, fixed, analysis.encoding)
                if fix_all is not None:
                    actions.append(fix_all)
        if analysis.version != session.current_version(analysis.owner):
            return []  # changed again while the fix-all was made
        return [_versioned(action, version) for action in actions]

    @server.feature(types.SHUTDOWN)
    def shutdown(_params: None) -> None:
        session.shutdown()

    return server


def _versioned(action: types.CodeAction, version: int | None) -> types.CodeAction:
    """The action's edits also as versioned document changes (which clients prefer), so a client
    whose document has moved on since refuses them instead of applying them to other text."""
    if action.edit is not None and action.edit.changes:
        document = types.OptionalVersionedTextDocumentIdentifier
        action.edit.document_changes = [
            types.TextDocumentEdit(text_document=document(uri=uri, version=version),
                                   edits=list(edits))
            for uri, edits in action.edit.changes.items()]
    return action


def _code_actions(params: types.CodeActionParams, uri: str, result: UriResult, encoding: str) -> list[types.CodeAction]:
    wanted = params.context.only
    actions: list[types.CodeAction] = []
    if wanted is None or any(kind in (types.CodeActionKind.QuickFix, "quickfix") for kind in wanted):
        start = engine_position(result.lines, params.range.start, encoding)
        end = engine_position(result.lines, params.range.end, encoding)
        quick_fixes: list[types.CodeAction] = []
        ignores: list[types.CodeAction] = []
        for finding in result.findings:
            if (finding.end_line, finding.end_column) < start or (finding.line, finding.column) > end:
                continue
            shown = [diagnostic(finding, result.lines, encoding)]
            fix = fix_action(finding, uri, result.lines, encoding, shown)  # notebook fixes come in cell lines
            if fix is not None:
                quick_fixes.append(fix)
            ignore = ignore_action(finding, uri, result.lines, encoding, shown)
            if ignore is not None and all(action.title != ignore.title for action in ignores):
                ignores.append(ignore)
        # Safe fixes first, then unsafe ones, then the suppressions.
        quick_fixes.sort(key=lambda action: not action.is_preferred)
        actions += quick_fixes + ignores
    return actions


def serve() -> int:
    """Run over stdio until the client says exit or closes stdin; logs go to stderr, never into the protocol."""
    return run_guarded(_serve_stdio)


def _serve_stdio() -> int:
    logging.basicConfig(level=logging.WARNING, format="tf1lint server: %(message)s")
    server = build_server()
    server.start_io(stdin=BoundedInput(sys.stdin.buffer))  # type: ignore[arg-type]
    # LSP: exit after a shutdown request is a success, exit without one (or a lost client) is not.
    status = 0 if server.tf1lint_session.closed else 1  # type: ignore[attr-defined]
    # The client is gone: end now, not when an analysis still running on a thread finishes
    # (Python would wait for it at exit). pygls has closed stdout; nothing is left to flush.
    logging.shutdown()
    sys.stderr.flush()
    os._exit(status)
