"""The HTML inventory looked at in a real headless browser (Debian's chromium)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_tf1lint

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# Skipped only on a developer's machine without chromium; CI installs it, so there it must run.
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)")
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    assert CHROMIUM is not None, "CI must have chromium (.ci/run installs it)"
    page = tmp_path / "inventory.html"
    assert run_tf1lint("inventory", "--format", "html", "-o", str(page), str(EXAMPLES)).returncode == 0
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    # What a person sees: the title, the totals, both charts and the API table with a TF2 way.
    assert "TF1 → TF2 migration inventory" in dom
    assert dom.count("<svg") == 2 and "Findings by kind" in dom and "Findings by module" in dom
    assert "tf.placeholder" in dom and "tf.keras.layers.Flatten" in dom
    shot = tmp_path / "inventory.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}2", "--window-size=1280,1400",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert (width, height) == (1280, 1400) and shot.stat().st_size > 50_000  # a drawn page, not a blank one
