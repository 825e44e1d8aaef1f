"""Running the real `tf1lint` command in hostile conditions: without root's power to ignore file
permissions, with a file size limit (a full disk as the writer sees it), in its own session so
that signals can be sent to it and its workers."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

NOBODY = 65534


def command(*args: str, unprivileged: bool = False) -> list[str]:
    """`python -m tf1lint ARGS`; `unprivileged`: as root without the capabilities that bypass
    file permissions, so a folder of mode 700 owned by another user is closed to it, as to anyone."""
    base = [sys.executable, "-m", "tf1lint", *args]
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop the permission-bypassing capabilities")
        return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *base]
    return base


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run(*args: str, cwd: Path | str | None = None, unprivileged: bool = False, timeout: float = 120,
        preexec: Callable[[], None] | None = None, **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args, unprivileged=unprivileged), cwd=cwd or ROOT, capture_output=True,
                          env=environment(**extra_env), timeout=timeout, preexec_fn=preexec, check=False)


def give_to_nobody(path: Path, mode: int) -> None:
    """Owned by another user with `mode`, like a container's data folder inside a repository."""
    for folder, _, files in os.walk(path):
        os.chown(folder, NOBODY, NOBODY)
        for name in files:
            os.chown(os.path.join(folder, name), NOBODY, NOBODY)
    path.chmod(mode)


def file_size_limit(limit: int) -> Callable[[], None]:
    """A writer under RLIMIT_FSIZE gets EFBIG past `limit` bytes: what a full disk does to it."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error return, not death by signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def memory_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Running or sleeping; a zombie waiting to be reaped has already ended."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
