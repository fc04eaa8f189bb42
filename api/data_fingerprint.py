"""Which data an API serves: the fingerprint of its data files, and the check the task runner
makes before reusing an API that already answers on its port.

``serving.py`` reports ``data_dir``, ``data_files`` and ``fingerprint`` on ``GET /``, computed
with the functions below from the bytes it loaded. The task runner (``scripts/ieta``) loads this
file and calls :func:`check_reuse`, which computes the fingerprint of the same files in the data
folder with the same functions: reuse the API when it matches. Either way it gives one sentence
for the task to show (what the API serves, or what differs and what to do). By hand:

    api/.venv/bin/python api/data_fingerprint.py --url URL --system SIS --data-dir DIR

exits 0 (reuse) or 1 and prints that sentence. Standard library only: the runner runs on the
system Python, and the check takes a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

PORT_SETTINGS = "SIS_API_PORT, LMS_API_PORT and STATE_API_PORT"


def content_digest(content: bytes) -> str:
    """The sha256 of one file's bytes (hex)."""
    return hashlib.sha256(content).hexdigest()


def fingerprint(digests: Mapping[str, str]) -> str:
    """One sha256 over every served file's name and content digest, in name order: it changes
    when any file's content changes, and not when the same files sit in another folder."""
    combined = hashlib.sha256()
    for name in sorted(digests):
        combined.update(f"{name}\0{digests[name]}\n".encode())
    return combined.hexdigest()


def folder_fingerprint(folder: Path, files: Iterable[str]) -> str | None:
    """The fingerprint of ``files`` in ``folder``; None when one of them cannot be read."""
    try:
        return fingerprint({name: content_digest((folder / name).read_bytes()) for name in files})
    except OSError:
        return None


def check_reuse(url: str, system: str, data_dir: Path, token: str | None) -> tuple[bool, str]:
    """Whether the API answering at ``url`` is the ``system`` API serving the files of
    ``data_dir``; with a sentence for the log (reuse) or the error (do not)."""
    port = urlsplit(url).port
    stop_or_move = (
        f"To go on, stop the program listening on port {port} (Ctrl+C in the ./dev.sh that "
        f"started it), or run this script on other ports: set {PORT_SETTINGS}."
    )
    request = urllib.request.Request(url.rstrip("/") + "/")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            health = json.load(response)
        served_system, served_dir = health["system"], health["data_dir"]
        files, served = health["data_files"], health["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return False, (
            f"Port {port} answers, but not as an IETA {system} API that reports which data it "
            f"serves ({url}/ gave {type(exc).__name__}: {exc}). {stop_or_move}"
        )
    if served_system != system:
        return False, f"Port {port} serves the {served_system} API, not {system}. {stop_or_move}"
    if served is None:
        return False, (
            f"The {system} API on port {port} serves {served_dir}, but cannot read all of its "
            f"data files ({', '.join(files)}: its endpoints answer 503 naming the file). "
            f"{stop_or_move}"
        )
    asked_dir = data_dir.resolve()
    expected = folder_fingerprint(asked_dir, files)
    if expected is None:
        return False, (
            f"IETA_DATA_DIR={asked_dir} lacks one of the {system} API's data files "
            f"({', '.join(files)}): generate the data there (api/scripts/generate_data.py "
            "--out DIR) or point IETA_DATA_DIR at the folder holding them."
        )
    if served != expected:
        return False, (
            f"The {system} API already answering on port {port} serves {served_dir}, but this "
            f"script was asked to serve IETA_DATA_DIR={asked_dir}, and their files differ "
            f"(fingerprint {served[:12]} against {expected[:12]}). Reusing that API would run "
            f"on the wrong data. {stop_or_move}"
        )
    same = "" if Path(served_dir) == asked_dir else f" (the same files as in {asked_dir})"
    return True, f"serves {served_dir}{same}, fingerprint {served[:12]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Exit 0 when the API at URL serves the files of DATA_DIR (reuse it), else "
        "1. Prints one line either way: what the API serves, or what differs and what to do."
    )
    parser.add_argument("--url", required=True, help="the running API, e.g. http://127.0.0.1:8001")
    parser.add_argument("--system", required=True, help="SIS, LMS or State")
    parser.add_argument("--data-dir", required=True, type=Path, help="the folder asked for")
    args = parser.parse_args(argv)
    reusable, message = check_reuse(
        args.url, args.system, args.data_dir, os.environ.get("API_TOKEN")
    )
    print(message)
    return 0 if reusable else 1


if __name__ == "__main__":
    sys.exit(main())
