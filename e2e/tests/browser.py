"""What the browser tests do with a page: wait for the next one, sign in on the staff side with a
real second factor, send a report and follow it up on the portal, save numbered screenshots, and
check a page with axe-core.

Nothing here talks to the server behind the browser's back: every step is a page a person would
see, filled and sent as they would.
"""

import base64
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from conftest import PASSWORD, SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Violations of these impacts fail a page; "moderate" and "minor" are reported by axe but tolerated.
BLOCKING_IMPACTS = ("serious", "critical")
WAIT_SECONDS = 30
# Long pages (a whole report form) are cut there: a taller picture costs seconds and shows no more.
MAX_SHOT_HEIGHT = 5000


# Pages


def _replaced(element):
    """True once ``element``'s document is gone. ChromeDriver says so either as a stale element or,
    when it asks while the new document arrives, as "Node ... does not belong to the document"."""

    def check(_driver) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return check


def wait_for_page(driver, old_html) -> None:
    """Wait until the document ``old_html`` belonged to is replaced and the new one has loaded."""
    WebDriverWait(driver, WAIT_SECONDS).until(_replaced(old_html))
    # Between two documents the script may find none: ask again.
    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def click_and_wait(driver, element) -> None:
    """Click a link or a submit button and wait for the page it leads to."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait_for_page(driver, old)


def submit_form(driver, css: str) -> None:
    """Press the submit button of the form matched by ``css``."""
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"{css} button[type=submit]"))


def path_of(driver) -> str:
    return urlsplit(driver.current_url).path


def page_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def fill(driver, name: str, value: str) -> None:
    """Type ``value`` into the field ``name`` (cleared first), or choose it in a select."""
    field = driver.find_element(By.NAME, name)
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def choose(driver, name: str, value: str | None = None) -> None:
    """Tick the radio button or checkbox ``name`` (the one with ``value`` in a group)."""
    css = f"input[name='{name}']" + (f"[value='{value}']" if value is not None else "")
    box = driver.find_element(By.CSS_SELECTOR, css)
    if not box.is_selected():
        box.click()


# Screenshots


class Shots:
    """Numbered full-page screenshots of one test, in ``screenshots/e2e/<test>/<nn>-<step>.png``."""

    def __init__(self, test_name: str):
        self.folder = SCREENSHOTS / "e2e" / test_name
        shutil.rmtree(self.folder, ignore_errors=True)  # no stale step from an earlier run
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, driver, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        # The whole page, beyond the window, without resizing the window (which would reflow it).
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], MAX_SHOT_HEIGHT), "scale": 1}
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


# Staff side


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, waiting for the next one if this one was used."""
    device.refresh_from_db()
    while int((time.time() - device.t0) // device.step) <= device.last_t:
        time.sleep(0.5)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(driver, base_url: str, user, shots: Shots | None = None) -> None:
    """Sign ``user`` in through the login page and the two-factor page, as a person would.

    Every account gets an authenticator (a confirmed TOTP device) first, so every sign-in goes
    through both pages; the password also unlocks the person's vault key, as in production.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    login = f"{base_url}{reverse('accounts:login')}"
    # The staff cookies live under /staff/: forget the previous person's from a page there.
    driver.get(login)
    driver.delete_all_cookies()
    driver.get(login)
    fill(driver, "username", user.username)
    fill(driver, "password", PASSWORD)
    if shots:
        shots(driver, f"sign-in-{user.username}")
    submit_form(driver, "main form")
    assert path_of(driver) == reverse("accounts:otp_verify"), page_text(driver)
    fill(driver, "token", current_code(device))
    submit_form(driver, "main form")
    assert path_of(driver) == reverse("home"), page_text(driver)


# Portal


def portal_submit(
    driver,
    base_url: str,
    *,
    unit,
    content: str,
    identity: dict | None = None,
    protection: bool = False,
    shots: Shots | None = None,
) -> str:
    """Send a report through /portal/report/ and return the receipt read off the page."""
    driver.get(f"{base_url}{reverse('portal:home')}")
    if shots:
        shots(driver, "portal-home")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"main a[href='{reverse('portal:submit')}']"))
    choose(driver, "kind", "denunciation")
    choose(driver, "subject", "corruption")
    fill(driver, "unit", unit.code)
    fill(driver, "content", content)
    fill(driver, "accused_0_name", "Trần Văn Bị")
    fill(driver, "accused_0_position", "Trưởng phòng")
    if identity:
        choose(driver, "reporter", "named")
        for name, value in identity.items():
            fill(driver, name, value)
    else:
        choose(driver, "reporter", "anonymous")
    if protection:
        choose(driver, "protection_requested")
    if shots:
        shots(driver, "portal-form")
    submit_form(driver, "form.report-form")
    receipt = driver.find_element(By.CLASS_NAME, "receipt-digits").text
    assert len(receipt.replace(" ", "")) == 28, receipt
    if shots:
        shots(driver, "portal-receipt")
    return receipt


def portal_follow_up(driver, base_url: str, receipt: str, shots: Shots | None = None) -> None:
    """Open the report with its receipt on /portal/follow-up/; the browser is left on the report page."""
    driver.get(f"{base_url}{reverse('portal:follow_up')}")
    fill(driver, "receipt", receipt)
    if shots:
        shots(driver, "portal-follow-up")
    submit_form(driver, "main form")
    assert path_of(driver) == reverse("portal:report"), page_text(driver)


# Accessibility


def axe_violations(driver) -> list[dict]:
    """Run axe-core (from node_modules, injected into the page: nothing comes from another site) on
    the current page; return its serious and critical violations, each with a few of the nodes."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` at the project root.")
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]}).then(
          (results) => done({
            passes: results.passes.length,
            violations: results.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                                       summary: n.failureSummary})),
            })),
          }),
          (error) => done({error: String(error)}),
        );
        """
    )
    if "error" in result:
        raise AssertionError(f"axe-core failed on {driver.current_url}: {result['error']}")
    assert result["passes"], f"axe-core checked nothing on {driver.current_url}"
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING_IMPACTS]
