"""The demo campaign loads on the An Giang demo, shows each state, and loads once."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from baove import demo
from campaigns.demo import TITLE, load_demo
from campaigns.models import Campaign, CampaignStatus, RecipientStatus
from org.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_shows_a_submitted_a_draft_and_a_late_report(settings, tmp_path, client_for):
    settings.DATA_DIR = tmp_path
    demo.load()
    ctx = SimpleNamespace(
        units={unit.code: unit for unit in Unit.objects.all()},
        accounts={user.username: user for user in User.objects.all()},
        today=timezone.localdate(),
    )
    campaign = load_demo(ctx)
    assert load_demo(ctx) == campaign
    assert Campaign.objects.filter(title=TITLE).count() == 1
    assert campaign.status == CampaignStatus.RUNNING and campaign.template.code == "d27-plan-periodic"
    recipients = {r.unit.code: r for r in campaign.recipients.select_related("unit", "parent__unit")}
    assert recipients["KKT-AG"].status == RecipientStatus.SUBMITTED
    assert recipients["KKT-AG"].parent.unit.code == "UBND-AG"
    assert recipients["DU-X-CM"].status == RecipientStatus.DRAFT
    assert recipients["DU-P-LX"].is_late and recipients["DU-P-LX"].status == RecipientStatus.NOT_STARTED
    assert not recipients["UBND-AG"].is_late
    officer = client_for(ctx.accounts["baocao"], demo.DEMO_PASSWORD)
    response = officer.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert response.context["progress"].late == 1
    commune = recipients["DU-X-CM"]
    response = officer.get(reverse("campaigns:recipient_detail", args=[commune.pk]))
    assert response.status_code == 200 and response.context["values_form"] is not None
    head = client_for(ctx.accounts["truongban"], demo.DEMO_PASSWORD)
    response = head.get(reverse("campaigns:recipient_detail", args=[recipients["KKT-AG"].pk]))
    assert response.status_code == 200 and response.context["built"].frozen
