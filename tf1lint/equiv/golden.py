"""The recording on disk: `recording.json` (what ran, in order) and `arrays.npz` (every value), never pickle.

Written by the child on Python 3.7 + TF 1.14 (record) and on TF 2 (replay); read by the parent.
Standard library and numpy only.
"""

from __future__ import annotations

import hashlib
import json
import os

FORMAT = "tf1lint-equiv/1"
RECORDING_FILE = "recording.json"
ARRAYS_FILE = "arrays.npz"


class RecordingError(Exception):
    """A folder that is not a readable recording; the message names the file and the problem."""


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def write_recording(folder: str, document: dict, arrays: dict) -> None:
    """Write both files; each goes to a temporary name first so a crash never leaves half a recording."""
    import numpy as np  # pylint: disable=import-outside-toplevel

    os.makedirs(folder, exist_ok=True)
    arrays_path = os.path.join(folder, ARRAYS_FILE)
    with open(arrays_path + ".part", "wb") as handle:
        np.savez_compressed(handle, **arrays)
    os.replace(arrays_path + ".part", arrays_path)
    document = dict(document, format=FORMAT)
    recording_path = os.path.join(folder, RECORDING_FILE)
    with open(recording_path + ".part", "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=True)
        handle.write("\n")
    os.replace(recording_path + ".part", recording_path)


def read_recording(folder: str) -> tuple:
    """(document, arrays) of a recording folder; arrays is a dict of numpy arrays loaded without pickle."""
    import numpy as np  # pylint: disable=import-outside-toplevel

    recording_path = os.path.join(folder, RECORDING_FILE)
    arrays_path = os.path.join(folder, ARRAYS_FILE)
    if not os.path.isdir(folder):
        raise RecordingError("%s: no such recording folder" % folder)
    for path in (recording_path, arrays_path):
        if not os.path.isfile(path):
            raise RecordingError("%s: missing; record the program first (tf1lint equiv record)" % path)
    try:
        with open(recording_path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        raise RecordingError("%s: not a readable recording: %s" % (recording_path, error)) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RecordingError("%s: not a %s recording" % (recording_path, FORMAT))
    try:
        with np.load(arrays_path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError) as error:
        raise RecordingError("%s: not a readable array archive: %s" % (arrays_path, error)) from error
    return document, arrays
