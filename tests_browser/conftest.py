"""Browser tests: a real gunicorn server on a throw-away SQLite database, driven by Debian's Chromium.

Why not Django's LiveServerTestCase: the audit table has database triggers that forbid DELETE, so
the per-test flush it relies on fails. Instead one server runs for the whole session, the way
`make run` starts it (DEBUG off, whitenoise, gunicorn), with the demo data loaded. Each test gets
a fresh browser context (no shared cookies), so tests do not depend on one another's sessions.

Chromium comes from apt (/usr/bin/chromium); Playwright's own browser download is never used.
"""

from __future__ import annotations

import ast
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "test-results"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 30
SETUP_COMMAND_SECONDS = 180


def _demo_password() -> str:
    """DEMO_PASSWORD from demo/services.py, read without importing Django models into this process."""
    tree = ast.parse((BASE_DIR / "demo" / "services.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DEMO_PASSWORD" for t in node.targets):
            return ast.literal_eval(node.value)
    raise RuntimeError("DEMO_PASSWORD not found in demo/services.py")


DEMO_PASSWORD = _demo_password()


def _settings_variables() -> set[str]:
    """Every environment variable bapas/settings.py reads (envstr("X"), envbool("X"), ...)."""
    text = (BASE_DIR / "bapas" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'\benv[a-z]+\(\s*"([A-Z0-9_]+)"', text))
    return names | {f"{name}_FILE" for name in names}


def _server_env(var_dir: Path) -> dict[str, str]:
    """The server's environment: nothing inherited that the settings read, then the values we want.

    pytest-django has loaded bapas.test_settings in this process, which puts SECRET_KEY,
    STATIC_MANIFEST=0 etc. into os.environ; and CI may export DATABASE_URL for the unit tests.
    None of that must leak into the server, which runs on SQLite with production settings.
    """
    env = {k: v for k, v in os.environ.items() if k not in _settings_variables()}
    env.update(
        DJANGO_SETTINGS_MODULE="bapas.settings",
        VAR_DIR=str(var_dir),
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if os.environ.get("REGION_DATA_DIR"):
        env["REGION_DATA_DIR"] = os.environ["REGION_DATA_DIR"]
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    return _spawn([sys.executable, "manage.py", *args], env, log)


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            argv, cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )


def _finish(proc: subprocess.Popen, log: Path, what: str) -> None:
    try:
        code = proc.wait(timeout=SETUP_COMMAND_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = "timeout"
    if code != 0:
        pytest.fail(f"{what} failed ({code}):\n{_tail(log)}", pytrace=False)


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _gunicorn() -> list[str]:
    script = Path(sys.executable).parent / "gunicorn"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    """Base URL (no trailing slash) of a gunicorn server and a job worker over a fresh database with the demo loaded."""
    var_dir = Path(tempfile.mkdtemp(prefix="bapas-browser-"))
    env = _server_env(var_dir)
    log = var_dir / "server.log"
    started = time.monotonic()

    # collectstatic (the production storage needs its manifest) runs alongside the database setup.
    static = _manage(env, log, "collectstatic", "--noinput", "-v0")
    for args in (["migrate", "--noinput", "-v0"], ["load_regions"], ["load_demo"]):
        _finish(_manage(env, log, *args), log, f"manage.py {args[0]}")
    _finish(static, log, "manage.py collectstatic")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    gunicorn = [*_gunicorn(), "bapas.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"]
    server = _spawn(gunicorn, env, log)
    # The background worker, as `make run` starts it, so a batch import uploaded in a test is imported.
    worker = _manage(env, log, "db_worker", "--no-startup-delay")
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode}:\n{_tail(log)}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{url}/healthz did not answer 200 within {SERVER_START_SECONDS} s:\n{_tail(log)}", pytrace=False
                )
            time.sleep(0.2)
        print(f"\nbrowser-test server ready at {url} after {time.monotonic() - started:.1f} s (log: {log})")
        yield url
    finally:
        for process in (server, worker):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        # Keep the server's output for whoever reads a failure; the database goes.
        RESULTS_DIR.mkdir(exist_ok=True)
        shutil.copyfile(log, RESULTS_DIR / "browser-server.log")
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Chromium prints every Content-Security-Policy violation as a console error; the event says it too,
# in words a failure message can show (Playwright's init scripts are not subject to the page's policy).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


class BrowserErrors:
    """Console errors, uncaught exceptions and CSP violations of every page of a test's contexts.

    Each test fails on any of them (checked when the test ends), unless it expected one with `allow`
    (e.g. a test that opens a page answering 403 expects Chromium's "Failed to load resource" line).
    """

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", lambda message: self._console(message))
        context.on("weberror", lambda error: self.seen.append(f"uncaught: {error.error}"))
        return context

    def _console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.seen.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [line for line in self.seen if not any(p.search(line) for p in self.allowed)]


@pytest.fixture
def browser_errors() -> Iterator[BrowserErrors]:
    errors = BrowserErrors()
    yield errors
    unexpected = errors.unexpected()
    assert not unexpected, "the browser reported errors (console, uncaught, CSP):\n" + "\n".join(unexpected)


@pytest.fixture
def new_context(browser: Browser, live_url: str, browser_errors: BrowserErrors) -> Iterator:
    """Opens more browser contexts (another person, another device), watched like `context`; all closed at the end.

    `new_context(viewport=PHONE, is_mobile=True)`: keyword arguments go to `browser.new_context`.
    """
    opened: list[BrowserContext] = []

    def open_context(**options) -> BrowserContext:
        options.setdefault("locale", "id-ID")
        context = browser_errors.watch(browser.new_context(base_url=live_url, **options))
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def context(new_context) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    return RESULTS_DIR
