"""Headless Chromium driven through Selenium: open a page of the running app, wait until
Streamlit has drawn it, read its text, click, go back, take a screenshot.

The browser is Debian's ``chromium`` with its ``chromedriver`` (packages ``chromium`` and
``chromium-driver``; ``./test.sh`` installs both when it runs as root). Selenium is given both
paths, so it never looks for, or downloads, a browser or a driver of its own.

The page's load event comes before Streamlit's websocket has delivered the page, so the test
asks the page itself when it is ready.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip

# The page is drawn when its title is there and Streamlit no longer shows "Running...".
READY = """
return (() => {
  const title = document.querySelector('h1');
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const skeleton = document.querySelector('[data-testid="stSkeleton"]');
  return !!title && !running && !skeleton;
})()
"""


OPTION = '[role="option"]'


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromedriver() -> str | None:
    return shutil.which("chromedriver")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if chromium() is None:
        return "no Chromium on this machine (./test.sh installs it with apt-get when root)"
    if chromedriver() is None:
        return "no chromedriver on this machine (Debian's chromium-driver; ./test.sh installs it)"
    return None


class Browser:
    """One headless Chromium with one tab, its own profile (cookies) and Selenium's driver."""

    def __init__(self, executable: str | None = None, width: int = 1600, height: int = 1000):
        options = webdriver.ChromeOptions()
        options.binary_location = executable or chromium() or ""
        # Return once the document is parsed: the test waits for Streamlit itself (READY).
        options.page_load_strategy = "eager"
        for flag in [*CHROMIUM_FLAGS, f"--window-size={width},{height}"]:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(
            options=options, service=Service(executable_path=chromedriver())
        )
        self.driver.set_page_load_timeout(60)

    def evaluate(self, script: str) -> object:
        return self.driver.execute_script(script)

    def wait_drawn(self, ready_text: str, timeout: float = 60, settle: float = 0.0) -> str:
        """Wait until the app has drawn the page (``ready_text`` shows and Streamlit is no longer
        running the script); return the page's text."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.evaluate(READY) and ready_text in self.text():
                    break
            except WebDriverException:  # the document was being replaced
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{self.driver.current_url} was not drawn within {timeout}s "
                    f"(waiting for {ready_text!r}):\n{self.text()}"
                )
            time.sleep(0.2)
        time.sleep(settle)  # charts and tables draw on a canvas a moment later
        return self.text()

    def open(self, url: str, ready_text: str, timeout: float = 60, settle: float = 0.0) -> str:
        """Load ``url`` and wait until the app has drawn it; return the page's text."""
        self.driver.get(url)
        return self.wait_drawn(ready_text, timeout, settle)

    def click_button(self, label: str, timeout: float = 20) -> None:
        """Click the button whose text is ``label`` (waiting up to ``timeout`` s for it)."""
        deadline = time.monotonic() + timeout
        while True:
            buttons = self.driver.find_elements(By.XPATH, f'//button[normalize-space()="{label}"]')
            try:
                if buttons:
                    buttons[0].click()
                    return
            except WebDriverException:  # not clickable yet (drawn, or being replaced)
                pass
            if time.monotonic() > deadline:
                found = [b.text for b in self.driver.find_elements(By.TAG_NAME, "button")]
                raise LookupError(
                    f"no button {label!r} on {self.driver.current_url} (buttons: {found}):\n"
                    f"{self.text()}"
                )
            time.sleep(0.2)

    def selectbox_options(self, label: str) -> list[str]:
        """Open the select box labelled ``label``, read its options, close it again."""
        box = self.driver.find_element(
            By.XPATH,
            f'//div[@data-testid="stSelectbox"][.//label[normalize-space()="{label}"]]',
        )
        box.find_element(By.CSS_SELECTOR, '[role="combobox"], input').click()
        deadline = time.monotonic() + 10
        options: list[str] = []
        while not options and time.monotonic() < deadline:
            options = [o.text for o in self.driver.find_elements(By.CSS_SELECTOR, OPTION)]
            time.sleep(0.1)
        self.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        return options

    def shows_exception(self) -> bool:
        """Streamlit drew an exception box (an uncaught error in the page)."""
        return self.count('[data-testid="stException"]') > 0

    def count(self, css: str) -> int:
        return len(self.driver.find_elements(By.CSS_SELECTOR, css))

    def navigation(self) -> str:
        """The names of the pages the sidebar offers."""
        return self.driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebarNav"]').text

    def text(self) -> str:
        try:
            return str(self.evaluate("return document.body ? document.body.innerText : ''"))
        except WebDriverException:
            return ""

    def screenshot(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(target))

    def close(self) -> None:
        self.driver.quit()
