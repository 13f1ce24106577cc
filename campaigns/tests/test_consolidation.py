"""What a parent's report adds up: the subtree computed once, the children's changes by hand with
their notes, its own change, the children's manual figures, and what is missing."""

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.consolidation import build
from campaigns.models import RecipientStatus
from reporting.models import Field

from .conftest import recipient_of

pytestmark = pytest.mark.django_db

BOUND = "protection.requested.total"


def key_of(template, **lookup) -> str:
    return f"f{Field.objects.filter(section__template=template, kind='figure', **lookup).order_by('pk').first().pk}"


def test_the_parent_adds_its_own_change_to_its_childrens(campaign, tree, staff, template):
    bound = key_of(template, figure_key=BOUND)
    commune_b, province = recipient_of(campaign, tree.commune_b), recipient_of(campaign, tree.province)
    services.report_save(actor=staff.commune_b, recipient=commune_b, values={bound: {"value": 4, "note": "Hồ sơ giấy"}})
    services.report_submit(actor=staff.commune_b, recipient=commune_b)

    services.report_save(actor=staff.province, recipient=province, values={bound: {"value": 5}})
    with pytest.raises(ValidationError) as refused:
        services.report_submit(actor=staff.province, recipient=province)
    assert "ghi chú" in " ".join(refused.value.messages) or "note" in " ".join(refused.value.messages)
    province.refresh_from_db()
    assert province.status == RecipientStatus.DRAFT

    services.report_save(
        actor=staff.province, recipient=province, values={bound: {"value": 5, "note": "Một trường hợp ở cấp tỉnh"}}
    )
    submission = services.report_submit(actor=staff.province, recipient=province)
    line = build(recipient_of(campaign, tree.province)).lines[bound]
    assert (line.computed, line.value) == (0, 5)
    field = next(f for s in _walk(submission) for f in s.fields if f"f{f.id}" == bound)
    assert field.value == 5 and field.computed == 0
    assert field.note == "Đảng ủy xã Mỹ Hiệp: +4 (Hồ sơ giấy); Tỉnh ủy Đồng Tháp: +1 (Một trường hợp ở cấp tỉnh)"
    assert submission.missing_children == [recipient_of(campaign, tree.commune_a).pk]


def test_a_value_equal_to_the_suggestion_is_not_a_change_by_hand(campaign, tree, staff, template):
    bound = key_of(template, figure_key=BOUND)
    commune_a = recipient_of(campaign, tree.commune_a)
    services.report_save(actor=staff.commune_a, recipient=commune_a, values={bound: {"value": 0}})
    commune_a.refresh_from_db()
    assert bound not in commune_a.values
    services.report_submit(actor=staff.commune_a, recipient=commune_a)


def test_manual_figures_are_suggested_as_the_sum_of_the_childrens(campaign, tree, staff, template):
    manual = key_of(template, figure_key="")
    for person, unit, value in ((staff.commune_a, tree.commune_a, 2), (staff.commune_b, tree.commune_b, 3)):
        recipient = recipient_of(campaign, unit)
        services.report_save(actor=person, recipient=recipient, values={manual: {"value": value}})
        services.report_submit(actor=person, recipient=recipient)
    line = build(recipient_of(campaign, tree.province)).lines[manual]
    assert line.suggested == 5 and line.value == 5 and not line.changed_by_hand
    assert line.children_values == [("Đảng ủy xã An Bình", 2), ("Đảng ủy xã Mỹ Hiệp", 3)]


def test_negative_or_unknown_values_are_refused(campaign, tree, staff, template):
    commune_a = recipient_of(campaign, tree.commune_a)
    with pytest.raises(ValidationError):
        services.report_save(actor=staff.commune_a, recipient=commune_a, values={key_of(template): {"value": -1}})
    with pytest.raises(ValidationError):
        services.report_save(actor=staff.commune_a, recipient=commune_a, values={"f999999": {"value": 1}})


def _walk(submission):
    from campaigns.snapshot import report_from_json
    from reporting.engine import walk

    return list(walk(report_from_json(submission.document).sections))
