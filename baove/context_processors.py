from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from cases.worklists import worklists_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    section: str


def navigation(request):
    """The staff menu: each later capability adds its entry here, guarded by ``permissions``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/staff/"):
        return {}
    items = [NavItem(_("Overview"), reverse("home"), "home")]
    unread = permissions.notifications_for(user).filter(read_at__isnull=True).count()
    items.append(NavItem(_("Notifications (%(count)d)") % {"count": unread}, reverse("cases:inbox"), "inbox"))
    if worklists_for(user):
        items.append(NavItem(_("My work"), reverse("cases:worklists"), "work"))
    if permissions.can_see_dashboard(user):
        items.append(NavItem(_("Dashboard"), reverse("dashboards:home"), "dashboard"))
    if permissions.can_see_petitions(user):
        items.append(NavItem(_("Petitions"), reverse("cases:petition_list"), "petitions"))
    if permissions.can_see_protection(user):
        items.append(NavItem(_("Protection cases"), reverse("protection:case_list"), "protection"))
    if permissions.can_see_retaliation(user):
        items.append(NavItem(_("Retaliation"), reverse("retaliation:incident_list"), "retaliation"))
    if permissions.can_see_alerts(user):
        items.append(NavItem(_("Personnel alerts"), reverse("retaliation:alert_list"), "alerts"))
    if permissions.can_record_personnel_actions(user):
        items.append(NavItem(_("Personnel actions"), reverse("retaliation:personnel"), "personnel"))
    if permissions.can_see_reception(user):
        items.append(NavItem(_("Citizen reception"), reverse("reception:session_list"), "reception"))
    if permissions.can_see_programme(user):
        items.append(NavItem(_("Plans and activities"), reverse("programme:plan_list"), "programme"))
    items.append(NavItem(_("Units"), reverse("org:unit_list"), "units"))
    if permissions.can_manage_accounts(user):
        items.append(NavItem(_("Accounts"), reverse("accounts:account_list"), "accounts"))
    items.append(NavItem(_("Working-day calendar"), reverse("workcal:calendar"), "calendar"))
    if permissions.can_manage_time_limits(user):
        items.append(NavItem(_("Time limits and notices"), reverse("cases:rule_list"), "rules"))
    if permissions.can_see_campaigns(user):
        items.append(NavItem(_("Reporting campaigns"), reverse("campaigns:campaign_list"), "campaigns"))
    if permissions.can_read_templates(user):
        items.append(NavItem(_("Report templates"), reverse("reporting:template_list"), "report_templates"))
    if permissions.can_use_history(user):
        items.append(NavItem(_("Historical data"), reverse("history:home"), "history"))
    if permissions.can_see_exports(user):
        items.append(NavItem(_("My exports"), reverse("exports:job_list"), "exports"))
    if permissions.can_read_audit(user):
        items.append(NavItem(_("Audit trail"), reverse("audit:event_list"), "audit"))
    return {"nav_items": items}
