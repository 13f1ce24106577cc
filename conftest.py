"""The shared test base: a small province, named people with their roles, signed-in clients.

Everything is created through the services, so that audit rows and invariants exist as in production.
"""

import base64
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.models import Role, Scope
from baove.lib import crypto
from org.models import AdministrativeLevel, UnitKind
from org.services import unit_create
from vault import session as vault_session
from vault.services import user_key_unlock

PASSWORD = "mật-khẩu-thử-nghiệm-2026"  # noqa: S105 (test accounts only)


@pytest.fixture
def levels():
    return SimpleNamespace(**{level.code: level for level in AdministrativeLevel.objects.all()})


@pytest.fixture
def units(levels):
    """Tỉnh ủy (root) → UBKT, UBND tỉnh → Sở Tài chính, Đảng ủy xã Tân Phú; and another province."""
    make = unit_create
    province = make(
        actor=None,
        code="TU-HB",
        name="Tỉnh ủy Hòa Bình",
        kind=UnitKind.PARTY_COMMITTEE,
        level=levels.province,
        parent=None,
    )
    inspection = make(
        actor=None,
        code="UBKT-HB",
        name="Ủy ban Kiểm tra Tỉnh ủy",
        kind=UnitKind.INSPECTION_COMMISSION,
        level=levels.province,
        parent=province,
    )
    committee = make(
        actor=None,
        code="UBND-HB",
        name="Ủy ban nhân dân tỉnh",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=levels.province,
        parent=province,
    )
    finance = make(
        actor=None,
        code="STC-HB",
        name="Sở Tài chính",
        kind=UnitKind.DEPARTMENT,
        level=levels.province,
        parent=committee,
    )
    commune = make(
        actor=None,
        code="XA-TP",
        name="Đảng ủy xã Tân Phú",
        kind=UnitKind.PARTY_COMMITTEE,
        level=levels.commune,
        parent=province,
    )
    other = make(
        actor=None,
        code="TU-LC",
        name="Tỉnh ủy Lai Châu",
        kind=UnitKind.PARTY_COMMITTEE,
        level=levels.province,
        parent=None,
    )
    return SimpleNamespace(
        province=province, inspection=inspection, committee=committee, finance=finance, commune=commune, other=other
    )


def _person(username, full_name, unit, role, scope=Scope.UNIT, superuser=False):
    return account_services.account_create(
        actor=None,
        username=username,
        full_name=full_name,
        password=PASSWORD,
        unit=unit,
        role=role,
        scope=scope,
        is_superuser=superuser,
    )


@pytest.fixture
def people(units):
    """One person per role in the province, and an outsider who administers another province.

    ``admin`` is also the installation's superuser (calendar, whole audit trail); ``outsider`` and
    ``commune_admin`` administer their own subtree only.
    """
    return SimpleNamespace(
        admin=_person("quantri", "Nguyễn Văn Quản", units.province, Role.ADMIN, Scope.SUBTREE, superuser=True),
        intake=_person("tiepnhan", "Trần Thị Nhận", units.committee, Role.INTAKE),
        handler=_person("xuly", "Lê Văn Xử", units.committee, Role.HANDLER),
        head=_person("thutruong", "Phạm Văn Trưởng", units.committee, Role.HEAD),
        custodian=_person("baomat", "Hoàng Thị Mật", units.committee, Role.CUSTODIAN),
        reporting=_person("baocao", "Vũ Văn Báo", units.province, Role.REPORTING, Scope.SUBTREE),
        oversight=_person("giamsat", "Đặng Thị Sát", units.inspection, Role.OVERSIGHT),
        personnel=_person("tochuc", "Bùi Văn Tổ", units.committee, Role.PERSONNEL),
        commune_admin=_person("quantrixa", "Đỗ Văn Xã", units.commune, Role.ADMIN),
        outsider=_person("ngoai", "Ngô Văn Ngoài", units.other, Role.ADMIN, Scope.SUBTREE),
    )


def signed_in(user, password: str = PASSWORD) -> Client:
    """A client signed in as ``user`` with a verified second factor and an unlocked vault key,
    as after a real sign-in."""
    client = Client()
    client.force_login(user)
    private = user_key_unlock(user=user, password=password)
    mask = os.urandom(len(private))
    client.cookies[vault_session.COOKIE_NAME] = base64.b64encode(mask).decode()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[vault_session.SESSION_KEY] = base64.b64encode(crypto.xor(private, mask)).decode()
    session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in


SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def chromium(*, javascript: bool = True):
    """A headless Debian Chromium driven by its ChromeDriver, logging every network request."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=vi-VN",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (from Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def screenshot(driver, name: str) -> Path:
    """Save a full-page screenshot under screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight") or 1000
    driver.set_window_size(1280, min(max(int(height), 600), 4000))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
