"""The demo province that `make run` loads: a realistic An Giang tree, one account per role.

Everything goes through the services, so the demo also has a true audit trail. Loading is
idempotent: a second run finds the root unit and stops.
"""

import base64
import datetime
import random
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.models import Role, Scope, User
from cases import handling
from cases import services as case_services
from cases.models import Channel, Competence, Complexity, Condition, Kind, Subject
from org.models import AdministrativeLevel, Unit, UnitKind
from org.services import unit_create
from protection import services as protection_services
from protection.models import Origin, ProtectionKind, Relationship
from retaliation import services as retaliation_services
from vault.services import recovery_key_create

ROOT_CODE = "TU-AG"
# A demo credential, printed by `make run`; demo data is refused outside BAOVE_DEMO.
DEMO_PASSWORD = "baove-demo-2026"  # noqa: S105

DISTRICT_END = datetime.date(2025, 6, 30)
COMMUNE_START = datetime.date(2025, 7, 1)

# code, name, kind, level, parent code, valid_from, valid_to
UNITS = [
    (ROOT_CODE, "Tỉnh ủy An Giang", UnitKind.PARTY_COMMITTEE, "province", None, None, None),
    ("BNC-AG", "Ban Nội chính Tỉnh ủy", UnitKind.DEPARTMENT, "province", ROOT_CODE, None, None),
    ("UBKT-AG", "Ủy ban Kiểm tra Tỉnh ủy", UnitKind.INSPECTION_COMMISSION, "province", ROOT_CODE, None, None),
    ("HDND-AG", "Hội đồng nhân dân tỉnh An Giang", UnitKind.PEOPLES_COUNCIL, "province", ROOT_CODE, None, None),
    ("MTTQ-AG", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", UnitKind.FATHERLAND_FRONT, "province", ROOT_CODE, None, None),
    ("LDLD-AG", "Liên đoàn Lao động tỉnh", UnitKind.TRADE_UNION, "province", ROOT_CODE, None, None),
    ("UBND-AG", "Ủy ban nhân dân tỉnh An Giang", UnitKind.PEOPLES_COMMITTEE, "province", ROOT_CODE, None, None),
    ("TTR-AG", "Thanh tra tỉnh", UnitKind.INSPECTORATE, "province", "UBND-AG", None, None),
    ("CA-AG", "Công an tỉnh An Giang", UnitKind.POLICE, "province", "UBND-AG", None, None),
    ("STC-AG", "Sở Tài chính", UnitKind.DEPARTMENT, "province", "UBND-AG", None, None),
    ("SNV-AG", "Sở Nội vụ", UnitKind.DEPARTMENT, "province", "UBND-AG", None, None),
    ("KKT-AG", "Ban Quản lý Khu kinh tế tỉnh An Giang", UnitKind.DEPARTMENT, "province", "UBND-AG", None, None),
    ("KKT-AG-VP", "Văn phòng Ban Quản lý Khu kinh tế", UnitKind.OTHER, "division", "KKT-AG", None, None),
    ("KKT-AG-DN", "Phòng Quản lý doanh nghiệp và lao động", UnitKind.OTHER, "division", "KKT-AG", None, None),
    ("KKT-AG-QH", "Phòng Quản lý quy hoạch và xây dựng", UnitKind.OTHER, "division", "KKT-AG", None, None),
    ("HU-CM", "Huyện ủy Chợ Mới", UnitKind.PARTY_COMMITTEE, "district", ROOT_CODE, None, DISTRICT_END),
    ("UBND-H-CM", "Ủy ban nhân dân huyện Chợ Mới", UnitKind.PEOPLES_COMMITTEE, "district", "HU-CM", None, DISTRICT_END),
    ("DU-X-KA", "Đảng ủy xã Kiến An", UnitKind.PARTY_COMMITTEE, "commune", "HU-CM", None, DISTRICT_END),
    ("DU-X-CM", "Đảng ủy xã Chợ Mới", UnitKind.PARTY_COMMITTEE, "commune", ROOT_CODE, COMMUNE_START, None),
    ("UBND-X-CM", "Ủy ban nhân dân xã Chợ Mới", UnitKind.PEOPLES_COMMITTEE, "commune", "DU-X-CM", COMMUNE_START, None),
    ("DU-P-LX", "Đảng ủy phường Long Xuyên", UnitKind.PARTY_COMMITTEE, "commune", ROOT_CODE, COMMUNE_START, None),
    (
        "UBND-P-LX",
        "Ủy ban nhân dân phường Long Xuyên",
        UnitKind.PEOPLES_COMMITTEE,
        "commune",
        "DU-P-LX",
        COMMUNE_START,
        None,
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    unit_code: str
    role: str
    scope: str = Scope.UNIT


ACCOUNTS = [
    DemoAccount("quantri", "Nguyễn Minh Quân", "Chuyên viên Văn phòng Tỉnh ủy", ROOT_CODE, Role.ADMIN, Scope.SUBTREE),
    DemoAccount("tiepnhan", "Trần Thị Ngọc Hân", "Chuyên viên Văn phòng Ban", "KKT-AG", Role.INTAKE),
    DemoAccount("xuly", "Lê Văn Phúc", "Chuyên viên Phòng Quản lý doanh nghiệp", "KKT-AG", Role.HANDLER),
    DemoAccount("truongban", "Phạm Thanh Tùng", "Trưởng Ban Quản lý Khu kinh tế", "KKT-AG", Role.HEAD),
    DemoAccount("baomat", "Võ Thị Kim Loan", "Chánh Văn phòng Ban", "KKT-AG", Role.CUSTODIAN),
    DemoAccount(
        "baocao", "Huỳnh Quốc Bảo", "Chuyên viên Ban Nội chính Tỉnh ủy", ROOT_CODE, Role.REPORTING, Scope.SUBTREE
    ),
    DemoAccount(
        "giamsat", "Đặng Thị Thu Sương", "Ủy viên Ủy ban Kiểm tra Tỉnh ủy", ROOT_CODE, Role.OVERSIGHT, Scope.SUBTREE
    ),
    DemoAccount("tochuc", "Bùi Văn Tâm", "Phụ trách tổ chức cán bộ", "KKT-AG", Role.PERSONNEL),
]


def is_loaded() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()


@transaction.atomic
def load() -> bool:
    """Load the demo province; returns False if it was already there."""
    if is_loaded():
        return False
    levels = {level.code: level for level in AdministrativeLevel.objects.all()}
    created: dict[str, Unit] = {}
    for code, name, kind, level, parent, valid_from, valid_to in UNITS:
        created[code] = unit_create(
            actor=None,
            code=code,
            name=name,
            kind=kind,
            level=levels[level],
            parent=created[parent] if parent else None,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    for account in ACCOUNTS:
        user = account_services.account_create(
            actor=None,
            username=account.username,
            full_name=account.full_name,
            position=account.position,
            email=f"{account.username}@demo.baove.invalid",
            password=DEMO_PASSWORD,
            unit=created[account.unit_code],
            role=account.role,
            scope=account.scope,
            is_superuser=account.username == "quantri",
        )
        if account.role in (Role.HEAD, Role.CUSTODIAN, Role.ADMIN):
            # Roles that must use 2FA get a device at once, so the demo shows the second step.
            TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)
    _load_recovery_key()
    _load_petitions(created)
    return True


# The capabilities added after the base demo, each with an idempotent ``load_demo(ctx)``, in order:
# campaigns and history read what reception and programme put there.
EXTRA_DEMOS = ("reception.demo", "programme.demo", "campaigns.demo", "history.demo")


@dataclass(frozen=True)
class DemoContext:
    units: dict
    accounts: dict
    today: datetime.date


@transaction.atomic
def load_extras() -> None:
    """Load (or complete) each capability's demo records; safe to run on every start."""
    if not is_loaded():
        return
    ctx = DemoContext(
        units={unit.code: unit for unit in Unit.objects.all()},
        accounts={user.username: user for user in User.objects.filter(username__in=[a.username for a in ACCOUNTS])},
        today=timezone.localdate(),
    )
    for module in EXTRA_DEMOS:
        import_module(module).load_demo(ctx)


def _load_recovery_key() -> None:
    key, private = recovery_key_create(actor=None, label="Demo: két sắt Văn phòng Tỉnh ủy")
    path = settings.DATA_DIR / "secrets" / "demo-recovery.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"baove-recovery-key-v1 {key.fingerprint}\n{base64.b64encode(private).decode()}\n")
    path.chmod(0o600)


# Demo identities are made up at load time from common name parts, so that no identity, even an
# invented one, is written in the repository.
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
_MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Hữu", "Thanh"]
_GIVEN = ["Mai Anh", "Hoàng", "Phương", "Khánh", "Thảo", "Dũng", "Trang", "Quang"]


def _identity(rng: random.Random) -> dict:
    name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    return {
        "full_name": name,
        "id_number": f"0891{rng.randrange(10**8):08d}",
        "date_of_birth": f"{rng.randint(1970, 1999)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "phone": f"09{rng.randrange(10**8):08d}",
        "email": "",
        "address": f"Phường Long Xuyên, tỉnh An Giang (tổ {rng.randint(1, 40)})",
        "workplace": "Ban Quản lý Khu kinh tế tỉnh An Giang",
    }


# channel, kind, subject, unit, content, days ago, named, registered
PETITIONS = [
    (
        Channel.PORTAL,
        Kind.DENUNCIATION,
        Subject.CORRUPTION,
        "KKT-AG",
        "Trưởng phòng Quản lý quy hoạch và xây dựng yêu cầu doanh nghiệp nộp thêm tiền ngoài quy định để "
        "đẩy nhanh thẩm định thiết kế nhà xưởng tại Khu công nghiệp Bình Hòa. Tôi là {name}, có giữ tin nhắn.",
        12,
        True,
        True,
    ),
    (
        Channel.PORTAL,
        Kind.FEEDBACK,
        Subject.WASTE,
        "KKT-AG",
        "Nhà điều hành cửa khẩu Vĩnh Xương xây xong từ năm 2022 nhưng bỏ trống, xuống cấp, gây lãng phí.",
        30,
        False,
        True,
    ),
    (
        Channel.HOTLINE,
        Kind.FEEDBACK,
        Subject.NEGATIVITY,
        "KKT-AG",
        "Người gọi phản ánh cán bộ một cửa gây khó khăn, hẹn nhiều lần khi doanh nghiệp nộp hồ sơ cấp phép.",
        5,
        False,
        False,
    ),
    (
        Channel.FORWARDED,
        Kind.DENUNCIATION,
        Subject.CORRUPTION,
        "KKT-AG",
        "Thanh tra tỉnh chuyển đơn tố cáo việc nghiệm thu khống khối lượng san lấp mặt bằng cụm công nghiệp.",
        3,
        True,
        False,
    ),
    (
        Channel.POST,
        Kind.COMPLAINT,
        Subject.OTHER,
        "KKT-AG",
        "Khiếu nại quyết định xử phạt vi phạm hành chính về môi trường đối với cơ sở sản xuất của gia đình.",
        8,
        True,
        False,
    ),
]


def _load_petitions(units: dict[str, Unit]) -> None:
    rng = random.Random(2026)  # noqa: S311 (demo data, not a secret)
    intake = User.objects.get(username="tiepnhan")
    receipts, handled, protected = [], [], []
    for channel, kind, subject, unit_code, content, days_ago, named, registered in PETITIONS:
        identity = _identity(rng) if named else None
        submission = case_services.Submission(
            channel=channel,
            kind=kind,
            subject=subject,
            unit=units[unit_code],
            content=content.format(name=identity["full_name"] if identity else ""),
            accused=[
                {
                    "name": "Trưởng phòng Quản lý quy hoạch",
                    "position": "Trưởng phòng",
                    "unit": "Ban Quản lý Khu kinh tế",
                }
            ]
            if kind == Kind.DENUNCIATION
            else [],
            identity=identity,
            received_at=timezone.now() - datetime.timedelta(days=days_ago),
            forwarded_from="Thanh tra tỉnh An Giang" if channel == Channel.FORWARDED else "",
            forwarded_reference="125/TTr-NV" if channel == Channel.FORWARDED else "",
            protection_requested=named and kind == Kind.DENUNCIATION,
        )
        result = case_services.petition_submit(
            submission=submission, actor=None if channel == Channel.PORTAL else intake
        )
        if result.receipt:
            receipts.append(result.receipt.text)
        if registered:
            working = case_services.suggest_working_copy({"content": submission.content, "identity": identity})
            case_services.petition_register(petition=result.petition, actor=intake, working_content=working)
            handled.append(result.petition)
            if identity and submission.protection_requested:
                protected.append((result.petition, identity))
    _handle_demo_matters(handled, intake)
    for petition, identity in protected:
        _load_protection(petition, identity)
    path = settings.DATA_DIR / "secrets" / "demo-receipts.txt"
    path.write_text("\n".join(receipts) + "\n")
    path.chmod(0o600)


def _handle_demo_matters(petitions: list, intake: User) -> None:
    """The first registered petition becomes an accepted matter with a handler; the second, an
    anonymous report, is checked within the unit's powers."""
    head, handler = User.objects.get(username="truongban"), User.objects.get(username="xuly")
    for petition in petitions:
        handling.petition_classify(
            petition=petition,
            actor=intake,
            kind=petition.kind,
            subject=petition.subject,
            condition=Condition.PROCESSABLE,
            competence=Competence.OURS,
        )
    accepted = petitions[0]
    accepted.refresh_from_db()
    matter = handling.matter_accept(matter=accepted.matter, actor=head, complexity=Complexity.COMPLEX)
    assignment = handling.matter_assign(matter=matter, actor=head, handler=handler)
    handling.assignment_declare(assignment=assignment, actor=handler, conflict=False)


def _load_protection(petition, identity: dict) -> None:
    """The named reporter asked for protection of their job: granted by the head, with a measure,
    and a transfer entered later by personnel raises the early warning."""
    custodian, head = User.objects.get(username="baomat"), User.objects.get(username="truongban")
    case = protection_services.protection_open(
        unit=petition.unit,
        origin=Origin.PORTAL,
        relationship=Relationship.SELF,
        kinds=[ProtectionKind.JOB],
        person={
            "full_name": identity["full_name"],
            "id_number": identity["id_number"],
            "date_of_birth": identity["date_of_birth"],
            "phone": identity["phone"],
            "address": identity["address"],
        },
        reasons="Lo ngại bị điều chuyển công tác sau khi tố cáo trưởng phòng.",
        summary="Người tố cáo là viên chức của Ban, lo ngại bị điều chuyển sau khi tố cáo.",
        petition=petition,
        actor=custodian,
    )
    protection_services.protection_decide(
        case=case,
        actor=head,
        grant=True,
        reasons="Có căn cứ cho thấy nguy cơ bị trù dập về vị trí công tác.",
        measures=[
            {
                "kind": ProtectionKind.JOB,
                "body": "Ban Quản lý Khu kinh tế tỉnh An Giang",
                "description": "Không điều chuyển, luân chuyển người được bảo vệ trong thời gian giải quyết tố cáo.",
            }
        ],
    )
    retaliation_services.personnel_action_record(
        actor=User.objects.get(username="tochuc"),
        id_number=identity["id_number"],
        action="transfer",
        effective_date=timezone.localdate() + datetime.timedelta(days=14),
        unit=petition.unit,
        note="Dự kiến điều động sang Văn phòng Ban",
    )


def demo_receipts() -> list[str]:
    path = settings.DATA_DIR / "secrets" / "demo-receipts.txt"
    return path.read_text().split("\n")[:-1] if path.exists() else []


def demo_users() -> list[tuple[DemoAccount, User]]:
    users = {user.username: user for user in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
    return [(account, users[account.username]) for account in ACCOUNTS if account.username in users]
