"""Readable names of audit actions. Each capability adds the actions its services write."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "accounts.login": _("Signed in"),
    "accounts.login.failed": _("Failed sign-in"),
    "accounts.login.locked": _("Sign-in locked"),
    "accounts.2fa.enable": _("Two-factor authentication turned on"),
    "accounts.2fa.reset": _("Two-factor authentication reset"),
    "accounts.account.create": _("Account created"),
    "accounts.account.update": _("Account details changed"),
    "accounts.account.deactivate": _("Account deactivated"),
    "accounts.account.reactivate": _("Account reactivated"),
    "accounts.password.change": _("Password changed"),
    "accounts.password.reset": _("Password reset by an administrator"),
    "accounts.membership.add": _("Role given"),
    "accounts.membership.end": _("Role ended"),
    "org.unit.create": _("Unit created"),
    "org.unit.update": _("Unit changed"),
    "org.unit.import": _("Units imported"),
    "vault.key.create": _("Personal key created"),
    "vault.key.replace": _("Personal key replaced"),
    "vault.recovery.create": _("Recovery key created"),
    "vault.recovery.retire": _("Recovery key retired"),
    "cases.petition.receive": _("Petition received"),
    "cases.petition.register": _("Petition registered, working copy written"),
    "cases.working_copy.update": _("Working copy changed"),
    "cases.original.read": _("Original and identity opened"),
    "cases.attachment.read": _("Original file opened"),
    "cases.attachment.release": _("File released to the working copy"),
    "cases.message.to_reporter": _("Message sent to the reporter"),
    "cases.message.from_reporter": _("Message from the reporter"),
    "cases.access.grant": _("Sealed copies granted to colleagues"),
    "cases.access.revoke": _("Sealed copies withdrawn"),
    "cases.petition.classify": _("Petition classified"),
    "cases.petition.forward": _("Petition forwarded to another unit with its sealed key"),
    "cases.matter.open": _("Matter opened"),
    "cases.matter.join": _("Duplicate petition joined a matter"),
    "cases.matter.route_up": _("Matter sent to the unit above (head accused or related)"),
    "cases.accused.link": _("Accused person linked to an account or unit"),
    "cases.accused.unlink": _("Accused person's link removed"),
    "cases.relation.record": _("Relation between two people recorded"),
    "cases.relation.remove": _("Relation between two people removed"),
    "cases.matter.accept": _("Matter accepted"),
    "cases.matter.refuse": _("Matter not accepted"),
    "cases.matter.extend": _("Resolution time limit extended"),
    "cases.matter.suspend": _("Matter suspended"),
    "cases.matter.resume": _("Matter resumed"),
    "cases.matter.conclude": _("Matter concluded"),
    "cases.matter.flag": _("Escalation flags changed"),
    "cases.matter.assign": _("Handler assigned"),
    "cases.assignment.declare_no_conflict": _("Handler declared no conflict of interest"),
    "cases.assignment.declare_conflict": _("Handler declared a conflict of interest"),
    "cases.assignment.end_conflict": _("Assignment ended: handler is accused or related to an accused person"),
    "cases.rule.change": _("Time limit changed (new version)"),
    "cases.notice_template.update": _("Notice text changed"),
    "retaliation.incident.record": _("Retaliation incident recorded"),
    "retaliation.incident.from_portal": _("Portal report of retaliation recorded as an incident"),
    "retaliation.perpetrator.add": _("Alleged perpetrator added"),
    "retaliation.incident.verify": _("Incident put under verification"),
    "retaliation.incident.conclude": _("Incident finding recorded"),
    "retaliation.sanction.record": _("Sanction for retaliation recorded"),
    "retaliation.head.record": _("Head held answerable recorded"),
    "retaliation.personnel_action.record": _("Personnel action saved"),
    "retaliation.personnel_action.import": _("Personnel actions imported"),
    "retaliation.alert.raise": _("Personnel alert raised"),
    "retaliation.false_report.record": _("False report recorded"),
    "retaliation.commendation.record": _("Commendation recorded"),
    "protection.case.open": _("Protection case opened"),
    "protection.case.grant": _("Protection granted"),
    "protection.case.refuse": _("Protection refused"),
    "protection.measure.add": _("Protection measure added"),
    "protection.measure.change": _("Protection measure changed"),
    "protection.measure.end": _("Protection measure ended"),
    "protection.request.record": _("Request of the protected person recorded"),
    "protection.request.decide": _("Request of the protected person decided"),
    "protection.checkin.schedule": _("Check-in planned"),
    "protection.checkin.record": _("Check-in recorded"),
    "protection.case.end": _("Protection ended"),
    "protection.person.read": _("Protected person's identity opened"),
    "protection.access.grant": _("Sealed copies of protection cases granted to custodians"),
    "protection.access.revoke": _("Sealed copies of protection cases withdrawn"),
    "workcal.day.set": _("Calendar day set"),
    "workcal.day.remove": _("Calendar day removed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def object_label(object_type: str) -> str:
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
