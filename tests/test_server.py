"""`tf1lint server` driven end to end as an editor drives it: a real server subprocess over stdio,
a pytest-lsp client, real files in a temporary project."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from conftest import ROOT, _env
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tf1lint.lsp.features import FIX_ALL_KIND, RULES_PAGE

pytestmark = pytest.mark.asyncio(loop_scope="function")

# A line with non-ASCII text before the finding: é (2 UTF-8 bytes), 数据 (3 each), 😀 (4 bytes,
# 2 UTF-16 units). tf.log starts at byte 33, UTF-16 unit 26, code point 25.
TF1_SOURCE = (
    "import tensorflow as tf\n"
    'label = "café 数据 😀"; y = tf.log(2.0)\n'
    "z = tf.contrib.layers.flatten(y)\n"
)
LOG_LINE = 1
LOG_START_UTF16, LOG_START_UTF32 = 26, 25
TIMEOUT = 120  # seconds: generous, the machine is shared


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "tf1lint", "server"],
                                              server_env=_env()))
async def client(lsp_client: LanguageClient):
    yield
    server = lsp_client._server  # pylint: disable=protected-access  # the subprocess, for its exit status
    if server is not None and server.returncode is None:  # not already shut down by the test
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


async def _start(client: LanguageClient, root: Path, options: dict | None = None,
                 capabilities: types.ClientCapabilities | None = None) -> types.InitializeResult:
    params = types.InitializeParams(
        capabilities=capabilities or types.ClientCapabilities(),
        root_uri=_uri(root),
        initialization_options=options,
    )
    return await asyncio.wait_for(client.initialize_session(params), TIMEOUT)


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Wait until diagnostics for `uri` have arrived (callers forget old ones before an edit).

    Several notifications can arrive in one read, so the condition is re-checked after each
    notification and at least every half second rather than trusting one wake-up per message."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while uri not in client.diagnostics:
        if loop.time() > deadline:
            raise TimeoutError(f"no diagnostics for {uri} within {TIMEOUT} s")
        try:
            await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 0.5)
        except asyncio.TimeoutError:
            pass
    return list(client.diagnostics[uri])


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = _uri(path)
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="python", version=version, text=text)))
    return uri


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way a client does: from the last to the first."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[:position.line])
        line = lines[position.line]
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(character) > 0xFFFF else 1
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def test_diagnostics_have_exact_utf16_ranges_and_links(client: LanguageClient, tmp_path: Path) -> None:
    result = await _start(client, tmp_path)
    assert result.capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    uri = _open(client, tmp_path / "model.py", TF1_SOURCE)
    diagnostics = await _diagnostics(client, uri)
    by_code = {(d.range.start.line, d.code): d for d in diagnostics}
    assert sorted(by_code) == [(1, "E5301"), (2, "E5303")]
    log = by_code[(LOG_LINE, "E5301")]
    assert log.range == types.Range(start=types.Position(LOG_LINE, LOG_START_UTF16),
                                    end=types.Position(LOG_LINE, LOG_START_UTF16 + len("tf.log")))
    # the underlined text is exactly the API name, counted in UTF-16 by an independent codec
    line = TF1_SOURCE.splitlines()[LOG_LINE]
    prefix = line[:line.index("tf.log")]
    assert len(prefix.encode("utf-16-le")) // 2 == LOG_START_UTF16
    assert log.severity == types.DiagnosticSeverity.Error
    assert log.source == "tf1lint"
    assert log.message == "tf.log is renamed in TF2; use tf.math.log [renamed:log]"
    assert log.code_description is not None and log.code_description.href == f"{RULES_PAGE}#renamed"
    assert not log.tags
    contrib = by_code[(2, "E5303")]
    assert (contrib.range.start.character, contrib.range.end.character) == (4, len("z = tf.contrib.layers.flatten"))
    assert contrib.code_description.href.endswith("/docs/rules.md#removed")
    rules_doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "\n## renamed\n" in rules_doc and "\n## removed\n" in rules_doc  # the anchors the links use


async def test_utf32_when_the_client_asks_for_it(client: LanguageClient, tmp_path: Path) -> None:
    capabilities = types.ClientCapabilities(general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf32]))
    result = await _start(client, tmp_path, capabilities=capabilities)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
    uri = _open(client, tmp_path / "model.py", TF1_SOURCE)
    log = next(d for d in await _diagnostics(client, uri) if d.code == "E5301")
    assert (log.range.start.character, log.range.end.character) == (LOG_START_UTF32, LOG_START_UTF32 + 6)


async def test_changes_are_analysed_from_the_unsaved_buffer(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    path = tmp_path / "model.py"
    path.write_text("print('nothing on disk')\n", encoding="utf-8")
    uri = _open(client, path, TF1_SOURCE)
    assert len(await _diagnostics(client, uri)) == 2
    # an incremental edit: tf.log -> tf.math.log leaves only the contrib finding
    client.diagnostics.pop(uri)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(LOG_LINE, LOG_START_UTF16),
                              end=types.Position(LOG_LINE, LOG_START_UTF16 + len("tf.log"))),
            text="tf.math.log")]))
    after = await _diagnostics(client, uri)
    assert [(d.range.start.line, d.code) for d in after] == [(2, "E5303")]
    # a buffer that does not parse: one diagnostic saying so, nothing stale kept
    _change(client, uri, 3, TF1_SOURCE + "def broken(:\n")
    broken = await _diagnostics(client, uri)
    assert len(broken) == 1
    assert broken[0].range.start.line == 3
    assert "cannot check" in broken[0].message and "syntax error" in broken[0].message
    assert broken[0].severity == types.DiagnosticSeverity.Error


async def test_ignore_action_once_applied_leaves_the_line_clean(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    uri = _open(client, tmp_path / "model.py", TF1_SOURCE)
    log = next(d for d in await _diagnostics(client, uri) if d.code == "E5301")
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=log.range,
        context=types.CodeActionContext(diagnostics=[log]))), TIMEOUT)
    ignore = next(action for action in actions if "ignore" in action.title)
    assert ignore.kind == types.CodeActionKind.QuickFix
    fixed = _apply(TF1_SOURCE, ignore.edit.changes[uri])
    assert fixed.splitlines()[LOG_LINE] == 'label = "café 数据 😀"; y = tf.log(2.0)  # tf1lint: ignore[renamed:log]'
    _change(client, uri, 2, fixed)
    after = await _diagnostics(client, uri)
    assert [(d.range.start.line, d.code) for d in after] == [(2, "E5303")]


async def test_hover_shows_the_catalogue_entry(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    uri = _open(client, tmp_path / "model.py", TF1_SOURCE)
    await _diagnostics(client, uri)
    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(LOG_LINE, LOG_START_UTF16 + 3))),
        TIMEOUT)
    assert hover is not None and hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    for expected in ("E5301", "tf1-renamed-api", "**The TF2 way:** tf.math.log", "**Kind:** renamed",
                     "**Severity:** error", "TensorFlow 2.0", "`renamed:log`", f"({RULES_PAGE}#renamed)"):
        assert expected in text, (expected, text)
    nothing = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(LOG_LINE, 2))), TIMEOUT)
    assert nothing is None


async def test_client_settings_pick_target_and_mark_deprecated(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path, options={"tf1lint": {"target": "2.15", "reportCompatV1": False}})
    uri = _open(client, tmp_path / "model.py", "import tensorflow as tf\nest = tf.estimator.Estimator\n")
    estimator = (await _diagnostics(client, uri))[0]
    assert estimator.severity == types.DiagnosticSeverity.Warning
    assert list(estimator.tags) == [types.DiagnosticTag.Deprecated]
    assert estimator.code_description.href.endswith("#deprecated")
    # the same code at the default target (2.21) is an error: settings change, diagnostics follow
    client.diagnostics.pop(uri)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"tf1lint": {}}))
    removed = await _diagnostics(client, uri)
    assert removed[0].severity == types.DiagnosticSeverity.Error and not removed[0].tags


async def test_notebook_cells_get_their_own_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    notebook_uri = _uri(tmp_path / "train.ipynb")
    cells = [("cell1", "import tensorflow as tf\n%matplotlib inline", types.NotebookCellKind.Code),
             ("cell2", "# Notes about tf.log", types.NotebookCellKind.Markup),
             ("cell3", "x = 1\ny = tf.log(2.0)", types.NotebookCellKind.Code)]
    cell_uri = {name: f"vscode-notebook-cell:{tmp_path / 'train.ipynb'}#{name}" for name, _, _ in cells}
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(uri=notebook_uri, notebook_type="jupyter-notebook", version=1,
                                                 cells=[types.NotebookCell(kind=kind, document=cell_uri[name])
                                                        for name, _, kind in cells]),
        cell_text_documents=[types.TextDocumentItem(uri=cell_uri[name], language_id="python" if kind == 2 else "markdown",
                                                    version=1, text=text) for name, text, kind in cells]))
    third = await _diagnostics(client, cell_uri["cell3"])
    assert [(d.range.start.line, d.range.start.character, d.code) for d in third] == [(1, 4, "E5301")]
    assert await _diagnostics(client, cell_uri["cell1"]) == []
    # edit cell 3 inside the notebook: its diagnostics follow
    client.diagnostics.pop(cell_uri["cell3"])
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=notebook_uri, version=2),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[
            types.NotebookDocumentCellContentChanges(
                document=types.VersionedTextDocumentIdentifier(uri=cell_uri["cell3"], version=2),
                changes=[types.TextDocumentContentChangeWholeDocument(text="y = tf.math.log(2.0)\nz = tf.log(y)")])]))))
    third = await _diagnostics(client, cell_uri["cell3"])
    assert [(d.range.start.line, d.code) for d in third] == [(1, "E5301")]
    # its quick fix edits that cell, in the cell's own lines
    actions = await _actions(client, cell_uri["cell3"], third[0])
    rename = next(a for a in actions if a.title == "tf1lint: use tf.math.log")
    (edit,) = rename.edit.changes[cell_uri["cell3"]]
    assert (edit.range.start.line, edit.range.start.character, edit.range.end.character) == (1, 4, 10)


async def test_pull_diagnostics_for_clients_that_ask(client: LanguageClient, tmp_path: Path) -> None:
    capabilities = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
        diagnostic=types.DiagnosticClientCapabilities()))
    result = await _start(client, tmp_path, capabilities=capabilities)
    assert result.capabilities.diagnostic_provider is not None
    uri = _open(client, tmp_path / "model.py", TF1_SOURCE)
    report = await asyncio.wait_for(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri))), TIMEOUT)
    assert [(d.range.start.line, d.range.start.character, d.code) for d in report.items] == [
        (1, LOG_START_UTF16, "E5301"), (2, 4, "E5303")]
    assert uri not in client.diagnostics  # pulled, so not pushed a second time
    # Pulled right after each change, while the server is still analysing it: the answer is that
    # version's, with the statements after an inserted line at their new places.
    text = TF1_SOURCE
    for version, (line, inserted) in enumerate([(1, "\n"), (0, "# c\n"), (4, "w = tf.log(1.0)\n")], start=2):
        _insert(client, uri, version, line, inserted)
        lines = text.splitlines(keepends=True)
        text = "".join(lines[:line]) + inserted + "".join(lines[line:])
        report = await asyncio.wait_for(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri))), TIMEOUT)
        starts = sorted((d.range.start.line, d.code) for d in report.items)
        expected = sorted((number, "E5301") for number, row in enumerate(text.splitlines()) if "tf.log(" in row)
        expected += [(next(n for n, row in enumerate(text.splitlines()) if "tf.contrib" in row), "E5303")]
        assert starts == sorted(expected), (version, text)


async def test_broken_configuration_is_shown_once_and_bundled_catalogue_keeps_working(
        client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tf1lint]\ncatalogue = "ours.yaml"\n', encoding="utf-8")
    (tmp_path / "ours.yaml").write_text("catalogue: 1\nentries: [this is not an entry]\n", encoding="utf-8")
    await _start(client, tmp_path)
    first = _open(client, tmp_path / "a.py", TF1_SOURCE)
    second = _open(client, tmp_path / "b.py", TF1_SOURCE)
    assert len(await _diagnostics(client, first)) == 2
    assert len(await _diagnostics(client, second)) == 2
    errors = [message for message in client.messages if message.type == types.MessageType.Error]
    assert len(errors) == 1, errors
    assert "ours.yaml" in errors[0].message and "bundled catalogue" in errors[0].message
    # fixing the catalogue file is picked up without restarting the server
    (tmp_path / "ours.yaml").write_text(
        "catalogue: 1\nentries:\n  - id: ours:old\n    api: tf.log\n    kind: removed\n    note: ours\n",
        encoding="utf-8")
    client.diagnostics.pop(first)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=_uri(tmp_path / "ours.yaml"), type=types.FileChangeType.Changed)]))
    diagnostics = await _diagnostics(client, first)
    assert "[ours:old]" in next(d for d in diagnostics if d.range.start.line == LOG_LINE).message


async def test_shutdown_and_exit_are_clean(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    uri = _open(client, tmp_path / "model.py", TF1_SOURCE)
    await _diagnostics(client, uri)
    await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    assert client._server.returncode == 0  # pylint: disable=protected-access  # the subprocess itself
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]


FIXABLE_SOURCE = (
    "import tensorflow as tf\n"
    'label = "café 数据 😀"; y = tf.log(2.0)\n'
    "z = tf.reduce_sum(y, keep_dims=True)\n"
    "w = tf.placeholder(tf.float32)\n"
)


async def _actions(client: LanguageClient, uri: str, diagnostic: types.Diagnostic | None = None,
                   only: list[str] | None = None) -> list[types.CodeAction]:
    whole = types.Range(start=types.Position(0, 0), end=types.Position(4, 0))
    return await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range if diagnostic else whole,
        context=types.CodeActionContext(diagnostics=[diagnostic] if diagnostic else [], only=only))), TIMEOUT)


# Findings carry fixes once the fixes work (issue 9) is merged; strict, so this marker fails then
# and must go.
async def test_quick_fixes_and_fix_all_leave_a_clean_buffer(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    uri = _open(client, tmp_path / "model.py", FIXABLE_SOURCE)
    diagnostics = {d.code: d for d in await _diagnostics(client, uri)}
    assert sorted(diagnostics) == ["E5301", "E5302", "E5304"]
    rename = next(a for a in await _actions(client, uri, diagnostics["E5301"]) if a.title == "tf1lint: use tf.math.log")
    assert rename.is_preferred
    assert _apply(FIXABLE_SOURCE, rename.edit.changes[uri]).splitlines()[1].endswith("y = tf.math.log(2.0)")
    placeholder = await _actions(client, uri, diagnostics["E5302"])
    assert any(a.title.endswith("(unsafe)") and not a.is_preferred for a in placeholder), placeholder
    (fix_all,) = await _actions(client, uri, only=[FIX_ALL_KIND])
    fixed = _apply(FIXABLE_SOURCE, fix_all.edit.changes[uri])
    assert "tf.math.log(2.0)" in fixed and "keepdims=True" in fixed and "tf.placeholder(" in fixed  # safe ones only
    _change(client, uri, 2, fixed)
    assert [d.code for d in await _diagnostics(client, uri)] == ["E5302"]


async def test_an_exception_in_one_document_is_logged_and_the_server_goes_on(
        client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    # A lone surrogate is valid in an LSP buffer (JSON "\ud800") but cannot be encoded as UTF-8.
    broken = _open(client, tmp_path / "odd.py", "import tensorflow as tf\nx = tf.log('\ud800')\n")
    assert await _diagnostics(client, broken) == []
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert any("odd.py" in message and "no diagnostics" in message for message in errors), errors
    fine = _open(client, tmp_path / "model.py", TF1_SOURCE)
    assert len(await _diagnostics(client, fine)) == 2


@pytest.mark.slow
async def test_a_huge_document_does_not_hold_up_the_others(client: LanguageClient, tmp_path: Path) -> None:
    await _start(client, tmp_path)
    huge_text = "import tensorflow as tf\n" + "".join(f"value_{n} = {n} + 1\n" for n in range(200_000))
    huge = _open(client, tmp_path / "generated.py", huge_text + "y = tf.log(2.0)\n")
    small = _open(client, tmp_path / "model.py", TF1_SOURCE)
    assert len(await _diagnostics(client, small)) == 2
    assert huge not in client.diagnostics  # still being analysed: the small file did not wait for it
    assert [d.range.start.line for d in await _diagnostics(client, huge)] == [200_001]


def _insert(client: LanguageClient, uri: str, version: int, line: int, text: str) -> None:
    client.diagnostics.pop(uri, None)
    at = types.Position(line, 0)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)]))


async def test_typing_that_moves_statements_gives_the_findings_of_the_whole_text(
        client: LanguageClient, tmp_path: Path) -> None:
    """The server re-parses only the statements an edit touched: the statements after an inserted
    line keep their trees at new lines, and every version must still get exactly what checking the
    whole text gives, with quick fixes at the moved places."""
    from tf1lint.analysis.engine import ParseFailure, check_source  # pylint: disable=import-outside-toplevel
    from tf1lint.run.config import Settings  # pylint: disable=import-outside-toplevel
    from tf1lint.run.runner import load_index  # pylint: disable=import-outside-toplevel

    _, index, _ = load_index(Settings())
    await _start(client, tmp_path)
    text = FIXABLE_SOURCE + "def f(x):\n    return tf.log(x)\n\n\nw = tf.to_float(1)\n"
    uri = _open(client, tmp_path / "model.py", text)
    await _diagnostics(client, uri)
    typed = [(1, "\n\n"), (0, "# a comment\n"), (6, "q = tf.log(\n"), (7, "    3.0)\n"), (3, "def g():\n    pass\n")]
    for version, (line, inserted) in enumerate(typed, start=2):
        _insert(client, uri, version, line, inserted)
        lines = text.splitlines(keepends=True)
        text = "".join(lines[:line]) + inserted + "".join(lines[line:])
        diagnostics = await _diagnostics(client, uri)
        outcome = check_source(text, "model.py", index)
        if isinstance(outcome, ParseFailure):  # half-typed: `q = tf.log(` before its `3.0)`
            assert [(d.range.start.line + 1, "cannot check" in d.message) for d in diagnostics] == [(outcome.line, True)]
            continue
        got = [(d.range.start.line + 1, d.range.start.character, d.code) for d in diagnostics]
        lines = text.splitlines()
        expected = [(f.line, len(lines[f.line - 1].encode()[:f.column].decode().encode("utf-16-le")) // 2, f.code)
                    for f in outcome]
        assert sorted(got) == sorted(expected), (version, text)
    log = next(d for d in client.diagnostics[uri] if d.code == "E5301" and d.range.start.line > 8)
    rename = next(a for a in await _actions(client, uri, log) if a.title == "tf1lint: use tf.math.log")
    assert _apply(text, rename.edit.changes[uri]).splitlines()[log.range.start.line].endswith("tf.math.log(x)")


async def test_the_projects_excludes_hold_in_the_editor(client: LanguageClient, tmp_path: Path) -> None:
    """[tool.tf1lint] exclude: a vendored file opened in the editor gets no diagnostics, as
    `tf1lint check --force-exclude` (pre-commit) would not check it; other files still do."""
    (tmp_path / "pyproject.toml").write_text('[tool.tf1lint]\nexclude = ["vendor"]\n', encoding="utf-8")
    (tmp_path / "vendor").mkdir()
    await _start(client, tmp_path)
    vendored = _open(client, tmp_path / "vendor" / "lib.py", TF1_SOURCE)
    assert await _diagnostics(client, vendored) == []
    ours = _open(client, tmp_path / "model.py", TF1_SOURCE)
    assert await _diagnostics(client, ours)
