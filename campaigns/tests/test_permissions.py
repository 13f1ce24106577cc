"""Who sees and does what: outsiders get 404, those who read but may not act get 403."""

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import RecipientStatus

from .conftest import make_campaign, recipient_of

pytestmark = pytest.mark.django_db


def detail(campaign):
    return reverse("campaigns:campaign_detail", args=[campaign.pk])


def page(recipient, name="recipient_detail"):
    return reverse(f"campaigns:{name}", args=[recipient.pk])


def test_an_outsider_gets_404_everywhere(campaign, tree, staff, client_for):
    client = client_for(staff.outsider)
    province = recipient_of(campaign, tree.province)
    assert client.get(detail(campaign)).status_code == 404
    assert client.get(page(province)).status_code == 404
    assert client.post(page(province, "recipient_submit")).status_code == 404
    assert client.post(page(province, "recipient_accept")).status_code == 404
    assert client.post(page(province, "recipient_export"), {"kind": "docx"}).status_code == 404
    assert client.get(reverse("campaigns:campaign_status_xlsx", args=[campaign.pk])).status_code == 404
    assert campaign.title not in client.get(reverse("campaigns:campaign_list")).content.decode()


def test_a_commune_sees_its_report_but_not_its_neighbours(campaign, tree, staff, client_for):
    client = client_for(staff.commune_a)
    assert client.get(page(recipient_of(campaign, tree.commune_a))).status_code == 200
    assert client.get(page(recipient_of(campaign, tree.commune_b))).status_code == 404
    assert client.get(page(recipient_of(campaign, tree.province))).status_code == 404
    response = client.get(detail(campaign))
    assert response.status_code == 200
    assert [r.unit for r in response.context["recipients"]] == [tree.commune_a]


def test_the_province_reads_its_communes_reports(campaign, tree, staff, client_for):
    client = client_for(staff.province)
    for unit in (tree.province, tree.commune_a, tree.commune_b):
        assert client.get(page(recipient_of(campaign, unit))).status_code == 200


def test_recipients_do_not_see_a_draft_campaign(staff, tree, template, client_for):
    draft = make_campaign(staff, tree, template, start=False)
    assert client_for(staff.commune_a).get(detail(draft)).status_code == 404
    assert client_for(staff.central).get(detail(draft)).status_code == 200


def test_a_reader_without_the_reporting_role_may_not_write(campaign, tree, staff, client_for):
    client = client_for(staff.commune_a_handler)
    commune_a = recipient_of(campaign, tree.commune_a)
    assert client.get(page(commune_a)).status_code == 200
    assert client.post(page(commune_a), {"action": "save"}).status_code == 403
    assert client.post(page(commune_a, "recipient_submit")).status_code == 403
    commune_a.refresh_from_db()
    assert commune_a.status == RecipientStatus.NOT_STARTED


def test_only_the_unit_above_accepts_or_returns(campaign, tree, staff, client_for):
    commune_a = recipient_of(campaign, tree.commune_a)
    services.report_submit(actor=staff.commune_a, recipient=commune_a)
    own = client_for(staff.commune_a)
    assert own.post(page(commune_a, "recipient_accept")).status_code == 403
    assert own.post(page(commune_a, "recipient_return"), {"return-comment": "x"}).status_code == 403
    # The issuer's officer reads the commune's report but its reviewer is the province.
    central = client_for(staff.central)
    assert central.get(page(commune_a)).status_code == 200
    assert central.post(page(commune_a, "recipient_accept")).status_code == 403
    assert client_for(staff.province).post(page(commune_a, "recipient_accept")).status_code == 302
    commune_a.refresh_from_db()
    assert commune_a.status == RecipientStatus.ACCEPTED


def test_a_head_submits_but_does_not_write(campaign, tree, staff, client_for):
    province = recipient_of(campaign, tree.province)
    client = client_for(staff.province_head)
    response = client.get(page(province))
    assert response.context["can_submit"] and not response.context["can_edit"]
    assert client.post(page(province), {"action": "save"}).status_code == 403
    assert client.post(page(province, "recipient_submit")).status_code == 302
    province.refresh_from_db()
    assert province.status == RecipientStatus.SUBMITTED


def test_only_the_issuers_officers_manage_the_campaign(campaign, tree, staff, client_for):
    client = client_for(staff.province)
    assert client.get(detail(campaign)).status_code == 200
    assert client.post(reverse("campaigns:campaign_close", args=[campaign.pk])).status_code == 403
    assert client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).status_code == 403
    assert client_for(staff.commune_a_handler).get(reverse("campaigns:campaign_create")).status_code == 403


def test_a_submitted_report_cannot_be_changed(campaign, tree, staff, client_for):
    commune_a = recipient_of(campaign, tree.commune_a)
    services.report_submit(actor=staff.commune_a, recipient=commune_a)
    response = client_for(staff.commune_a).get(page(commune_a))
    assert response.context["values_form"] is None
    with pytest.raises(services.ValidationError):
        services.report_save(actor=staff.commune_a, recipient=commune_a, values={})
