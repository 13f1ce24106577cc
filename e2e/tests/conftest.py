"""Fixtures of the browser tests: a headless Chromium (with or without JavaScript) that is closed
after the test, and the numbered screenshots of the test. A failing test leaves a screenshot of
the page it failed on."""

import contextlib

import pytest

from conftest import chromium
from e2e.tests.browser import Shots


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def shots(request):
    return Shots(request.node.name)


def _driver(request, shots, *, javascript: bool):
    driver = chromium(javascript=javascript)
    driver.set_script_timeout(60)
    yield driver
    if getattr(request.node, "e2e_failed", False):
        with contextlib.suppress(Exception):  # the browser itself may be what failed
            shots(driver, "failed")
    driver.quit()


@pytest.fixture
def browser(request, shots):
    yield from _driver(request, shots, javascript=True)


@pytest.fixture
def browser_no_js(request, shots):
    """Chromium with JavaScript switched off, as the Tor Browser's "Safest" level."""
    yield from _driver(request, shots, javascript=False)
