"""Headless Chromium driven through the DevTools protocol: open a page of the running app, wait
until Streamlit has drawn it, read its text, take a screenshot.

``chromium --screenshot`` alone shoots at the load event, before Streamlit's websocket has
delivered the page, and ``--virtual-time-budget`` does not wait for websockets; so the test asks
the page itself when it is ready.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# The page is drawn when its title is there and Streamlit no longer shows "Running...".
READY = """
(() => {
  const title = document.querySelector('h1');
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const skeleton = document.querySelector('[data-testid="stSkeleton"]');
  return !!title && !running && !skeleton;
})()
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One headless Chromium with one tab."""

    def __init__(self, executable: str, width: int = 1600, height: int = 1000) -> None:
        self.profile = tempfile.mkdtemp(prefix="ieta_chromium_")
        port = free_port()
        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
             f"--remote-debugging-port={port}", f"--window-size={width},{height}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.ids = itertools.count(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    page = next(t for t in json.load(r) if t["type"] == "page")
                break
            except (OSError, StopIteration):
                if time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("Chromium did not open its DevTools port") from None
                time.sleep(0.2)
        self.connection = contextlib.ExitStack()
        self.socket = self.connection.enter_context(
            connect(page["webSocketDebuggerUrl"], max_size=None)
        )
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip

    def send(self, method: str, **params: object) -> dict:
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.socket.recv(timeout=60))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def evaluate(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def open(self, url: str, ready_text: str, timeout: float = 60, settle: float = 0.0) -> str:
        """Load ``url``, wait until the app has drawn it (``ready_text`` shows and Streamlit is
        no longer running the script), return the page's text."""
        self.send("Page.navigate", url=url)
        time.sleep(0.3)  # let the old document go
        deadline = time.monotonic() + timeout
        while not (self.evaluate(READY) and ready_text in self.text()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} was not drawn within {timeout}s:\n{self.text()}")
            time.sleep(0.2)
        time.sleep(settle)  # charts and tables draw on a canvas a moment later
        return self.text()

    def shows_exception(self) -> bool:
        """Streamlit drew an exception box (an uncaught error in the page)."""
        return bool(self.evaluate("!!document.querySelector('[data-testid=\"stException\"]')"))

    def text(self) -> str:
        return str(self.evaluate("document.body ? document.body.innerText : ''"))

    def screenshot(self, target: Path) -> None:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        target.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        if hasattr(self, "connection"):
            self.connection.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
