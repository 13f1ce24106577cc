"""The unit tree and the staff of the synthetic country."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from accounts.models import Membership, Role, Scope, User
from org.models import AdministrativeLevel, Unit, UnitKind, child_path
from synth import names
from synth.common import DISTRICTS_END, FIRST_DAY, ROOT_CODE, SYNTH_PASSWORD, next_id, person_name, seal_user_keys
from synth.store import save
from vault.models import UserKey

# The unit tree


@dataclass
class Province:
    number: int
    name: str
    root: Unit
    inspection: Unit
    committee: Unit
    departments: list = field(default_factory=list)
    divisions: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    communes: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # role -> [User]


def plan_sizes(total: int) -> dict:
    """How ``total`` units split into levels: about 2/3 communes, as in the country of 2025."""
    if total < 20:
        raise ValueError("a synthetic country needs at least 20 units")
    provinces = min(len(names.PROVINCES), max(2, total // 50))
    rest = total - 1 - 3 * provinces
    communes = round(total * 0.66)
    districts = round(total * 0.06)
    departments = round(total * 0.12)
    divisions = max(0, rest - communes - districts - departments)
    return {
        "provinces": provinces,
        "communes": communes,
        "districts": districts,
        "departments": departments,
        "divisions": divisions,
    }


def _spread(rng: random.Random, count: int, weights: list[float]) -> list[int]:
    """``count`` items over len(weights) bins: one each first (when there are enough), then by weight."""
    bins = [0] * len(weights)
    start = 0
    if count >= len(weights):
        bins = [1] * len(weights)
        start = len(weights)
    for index in rng.choices(range(len(weights)), weights=weights, k=count - start):
        bins[index] += 1
    return bins


def _place_names(rng: random.Random, count: int) -> list[str]:
    seen, out = set(), []
    while len(out) < count:
        name = f"{rng.choice(names.PLACE_SYLLABLES)} {rng.choice(names.PLACE_SYLLABLES)}"
        first, second = name.split()
        if first == second or name in seen:
            if len(seen) > 2000:  # more places than pairs of syllables: number them
                name = f"{name} {len(out) + 1}"
            else:
                continue
        seen.add(name)
        out.append(name)
    return out


def build_units(rng: random.Random, total: int) -> tuple[Unit, list[Province]]:
    sizes = plan_sizes(total)
    levels = {level.code: level for level in AdministrativeLevel.objects.all()}
    next_pk = next_id(Unit)
    rows: list[Unit] = []

    def add(code, name, kind, level, parent, **extra) -> Unit:
        nonlocal next_pk
        unit = Unit(pk=next_pk, code=code, name=name, kind=kind, level=levels[level], parent=parent, **extra)
        unit.path = child_path(parent.path if parent else None, unit.pk)
        unit.depth = 0 if parent is None else parent.depth + 1
        next_pk += 1
        rows.append(unit)
        return unit

    root = add(
        ROOT_CODE,
        "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, lãng phí, tiêu cực",
        UnitKind.OTHER,
        "central",
        None,
    )
    count = sizes["provinces"]
    weights = [rng.uniform(0.5, 1.6) for _ in range(count)]
    spread = {part: _spread(rng, sizes[part], weights) for part in ("communes", "districts", "departments")}
    provinces = []
    for index in range(count):
        place, city = names.PROVINCES[index]
        p = index + 1
        committee_name = f"Thành ủy {place}" if city else f"Tỉnh ủy {place}"
        top = add(f"SX-{p:02d}", committee_name, UnitKind.PARTY_COMMITTEE, "province", root, headcount=120)
        province = Province(
            number=p,
            name=place,
            root=top,
            inspection=add(
                f"SX-{p:02d}-UBKT",
                f"Ủy ban Kiểm tra {committee_name}",
                UnitKind.INSPECTION_COMMISSION,
                "province",
                top,
                headcount=25,
            ),
            committee=add(
                f"SX-{p:02d}-UBND",
                f"Ủy ban nhân dân {'thành phố' if city else 'tỉnh'} {place}",
                UnitKind.PEOPLES_COMMITTEE,
                "province",
                top,
                headcount=90,
            ),
        )
        for d in range(spread["departments"][index]):
            base = names.DEPARTMENTS[d % len(names.DEPARTMENTS)]
            name = base if d < len(names.DEPARTMENTS) else f"{base} (cơ sở {d // len(names.DEPARTMENTS) + 1})"
            province.departments.append(
                add(
                    f"SX-{p:02d}-S{d + 1:03d}",
                    name,
                    UnitKind.DEPARTMENT,
                    "province",
                    province.committee,
                    headcount=rng.randint(40, 220),
                )
            )
        for d, place_name in enumerate(_place_names(rng, spread["districts"][index])):
            province.districts.append(
                add(
                    f"SX-{p:02d}-H{d + 1:03d}",
                    f"Huyện ủy {place_name}",
                    UnitKind.PARTY_COMMITTEE,
                    "district",
                    top,
                    valid_to=DISTRICTS_END,
                    headcount=rng.randint(30, 80),
                )
            )
        for c, place_name in enumerate(_place_names(rng, spread["communes"][index])):
            ward = rng.random() < 0.15
            province.communes.append(
                add(
                    f"SX-{p:02d}-X{c + 1:04d}",
                    f"Đảng ủy {'phường' if ward else 'xã'} {place_name}",
                    UnitKind.PARTY_COMMITTEE,
                    "commune",
                    top,
                    headcount=rng.randint(15, 60),
                )
            )
        provinces.append(province)
    # Divisions go under the departments, by the departments' size.
    departments = [(province, unit) for province in provinces for unit in province.departments]
    if departments:
        per = _spread(rng, sizes["divisions"], [unit.headcount for _, unit in departments])
        for (province, department), n in zip(departments, per, strict=True):
            for d in range(n):
                base = names.DIVISIONS[d % len(names.DIVISIONS)]
                name = base if d < len(names.DIVISIONS) else f"{base} {d // len(names.DIVISIONS) + 1}"
                province.divisions.append(
                    add(
                        f"{department.code}-P{d + 1:02d}",
                        name,
                        UnitKind.DEPARTMENT,
                        "division",
                        department,
                        headcount=rng.randint(5, 25),
                    )
                )
    save(Unit, rows)
    return root, provinces


# Staff


@dataclass
class Staff:
    users: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    keys: dict = field(default_factory=dict)  # user pk -> UserKey
    intake: dict = field(default_factory=dict)  # unit pk -> User (its own intake officer)
    central: list = field(default_factory=list)  # reporting officers of the whole country


def build_staff(rng: random.Random, root: Unit, provinces: list[Province], sealer) -> Staff:
    staff = Staff()
    password = make_password(SYNTH_PASSWORD)
    next_pk = next_id(User)
    start = FIRST_DAY - datetime.timedelta(days=30)

    def person(username, unit, role, scope=Scope.UNIT, position="") -> User:
        nonlocal next_pk
        user = User(
            pk=next_pk,
            username=username,
            full_name=person_name(rng),
            position=position,
            password=password,
            email=f"{username}@synth.baove.invalid",
        )
        next_pk += 1
        staff.users.append(user)
        staff.memberships.append(Membership(user=user, unit=unit, role=role, scope=scope, valid_from=start))
        return user

    central = {"reporting": [person("sx-tw-baocao", root, Role.REPORTING, Scope.SUBTREE, "Chuyên viên")]}
    for province in provinces:
        p = f"sx{province.number:02d}"
        s = province.staff
        s["custodian"] = [person(f"{p}-giuthongtin", province.root, Role.CUSTODIAN, Scope.SUBTREE)]
        s["head"] = [person(f"{p}-bithu", province.root, Role.HEAD, Scope.UNIT, "Bí thư")]
        s["deputy"] = [person(f"{p}-phobithu", province.root, Role.DEPUTY_HEAD, Scope.SUBTREE, "Phó Bí thư")]
        # Handlers: about one for every eight communes, at least three.
        handlers = max(3, len(province.communes) // 8)
        s["handler"] = [
            person(f"{p}-xuly{n}", province.root, Role.HANDLER, Scope.SUBTREE) for n in range(1, handlers + 1)
        ]
        s["reporting"] = [person(f"{p}-baocao", province.root, Role.REPORTING, Scope.SUBTREE)]
        s["oversight"] = [person(f"{p}-kiemtra", province.inspection, Role.OVERSIGHT, Scope.SUBTREE)]
        s["personnel"] = [person(f"{p}-tochuc", province.root, Role.PERSONNEL, Scope.SUBTREE)]
        for unit in [province.root, province.committee, *province.departments, *province.districts, *province.communes]:
            officer = person(f"{p}-tiepnhan-{unit.code.lower()}", unit, Role.INTAKE, Scope.UNIT, "Cán bộ tiếp nhận")
            staff.intake[unit.pk] = officer
        # The province's intake office also sees every petition of the province.
        s["intake"] = [staff.intake[province.root.pk]]
    staff.central = central["reporting"]
    save(User, staff.users)
    save(Membership, staff.memberships)
    # Each account's key pair sealed by the vault's own code, under the synthetic cost parameters.
    sealed = sealer.submit([user.pk for user in staff.users], fn=seal_user_keys).get()
    rows = [{"user_id": user_id, "public_key": public, **values} for user_id, public, values in sealed]
    save(UserKey, rows)
    staff.keys = {key.user_id: key for key in UserKey.objects.filter(user__in=[u.pk for u in staff.users])}
    return staff
