"""The catalogue snapshot: a second load gives the very catalogue and index a fresh load gives, with
entries decoded only when looked up; an edited catalogue or a snapshot someone else wrote is not used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tf1lint.run.catalogue_snapshot import _SnapshotCatalogue  # pylint: disable=protected-access
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

TEAM = ('catalogue: 1\nentries:\n  - {id: "team:make_session", api: team.make_session, kind: compat-only, '
        'replacement: run eagerly, note: Our wrapper.}\n')
TABLES = ("exact", "modules", "keywords", "positional", "meaning", "naming", "methods")


@pytest.fixture(autouse=True)
def own_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("TF1LINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("TF1LINT_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)


def _snapshot_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "user-cache" / "tf1lint").glob("*.index.json"))


@pytest.mark.parametrize("settings", [Settings(), Settings(target="2.15", report_compat_v1=False)])
def test_a_snapshot_is_the_catalogue_and_index_a_fresh_load_gives(tmp_path: Path, settings: Settings) -> None:
    fresh_catalogue, fresh, problems = load_index(settings)
    assert not problems and fresh is not None and fresh_catalogue is not None
    assert not isinstance(fresh_catalogue, _SnapshotCatalogue) and len(_snapshot_files(tmp_path)) == 1
    catalogue, index, problems = load_index(settings)
    assert isinstance(catalogue, _SnapshotCatalogue) and index is not None and not problems
    assert index.target == fresh.target and index.deepest == fresh.deepest
    assert index.root_modules == fresh.root_modules
    for table in TABLES:
        assert dict(getattr(index, table).items()) == getattr(fresh, table), table
    assert catalogue.entries == fresh_catalogue.entries
    assert catalogue.newest_known == fresh_catalogue.newest_known
    assert index.lookup_name("tf.Session") == fresh.lookup_name("tf.Session")


def test_entries_are_decoded_only_when_looked_up(tmp_path: Path) -> None:
    load_index(Settings())
    _, index, _ = load_index(Settings())
    assert index is not None
    rows = index.exact._decode.__self__  # pylint: disable=protected-access  # the snapshot's rows
    assert sum(entry is not None for entry in rows._decoded) == 0  # pylint: disable=protected-access
    assert index.lookup_name("tf.placeholder") is not None
    assert sum(entry is not None for entry in rows._decoded) == 1  # pylint: disable=protected-access


def test_a_snapshot_without_a_valid_signature_is_ignored(tmp_path: Path) -> None:
    load_index(Settings())
    snapshot = _snapshot_files(tmp_path)[0]
    # Point tf.Session's row at something harmless, without the user's secret to sign it.
    data = snapshot.read_bytes().replace(b'"tf.Session":', b'"tf.Sessionx":', 1)
    snapshot.write_bytes(data)
    catalogue, index, _ = load_index(Settings())
    assert not isinstance(catalogue, _SnapshotCatalogue)
    assert index is not None and index.lookup_name("tf.Session") is not None


def test_an_edited_catalogue_with_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(TEAM)
    settings = Settings(catalogues=[str(team)])
    _, index, _ = load_index(settings)
    assert index is not None and index.lookup_name("team.make_session") is not None
    before = os.stat(team)
    team.write_text(TEAM.replace("team.make_session", "team.make_sessioX"))
    os.utime(team, ns=(before.st_atime_ns, before.st_mtime_ns))
    _, index, _ = load_index(settings)
    assert index is not None
    assert index.lookup_name("team.make_session") is None and index.lookup_name("team.make_sessioX") is not None
