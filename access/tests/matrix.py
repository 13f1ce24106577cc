"""The access matrix: for every URL of the staff side, the status each role gets.

Columns, in this order (``ROLES``)::

    ano itk hdl hed cus rep ovs per adm cad out

ano: not signed in; itk, hdl, hed, cus, per: the committee's (UBND-HB) intake officer, handler,
head, identity custodian and personnel officer (unit scope); rep: the province's reporting officer
(TU-HB, subtree); ovs: oversight of the inspection commission (UBKT-HB, unit scope: a sibling of the
committee); adm: the province's administrator, also the installation's superuser; cad: the
administrator of the commune (XA-TP, unit scope); out: the administrator of the other province
(TU-LC, subtree). Everyone is signed in with the second factor verified and the vault key unlocked
(``conftest.signed_in``). See the ``people`` fixture in the root conftest.py.

Each row names its URL, the object it is opened on (``TARGETS``, built in ``world.py``) and the
expected statuses: ``inside`` for the object of the committee (or of the province tree), ``outside``
for the same kind of object in TU-LC. A row without a target (a list, a form) has one line.

- 200 the page; 302 a redirect (anon: to the sign-in page); 403 the person sees the object but may
  not do this; 404 the person may not learn that it exists; 405 wrong method (GET on a POST-only
  view); ``+`` on a POST line: allowed, and not sent (the matrix changes nothing).
- ``post(...)`` rows are POST-only views: GET answers 405 (anon 302), and the POST (empty body) is
  sent only for the roles the table refuses. ``get(..., post_inside=...)`` rows show a page to some
  and accept a POST from fewer.
- Every 200 page (HTML, CSV, the cells of a workbook) is searched for the other province's markers
  (``world.MARKERS``: its records, its units' names, its people's names) and for the committee's
  texts a role may not read (``CONTENT``). ``foreign_ok`` names who legitimately sees the other
  province on that page: ``admin`` (the superuser: units, accounts, the audit trail, plans...),
  ``head:units`` (unit names only), ``*:people`` (everyone, people's names only).

A record of another unit is never 200 unless a rule of DOMAIN.md says so (the superuser's
installation-wide administration; templates, which belong to no unit).

A new staff URL fails ``test_every_staff_url_has_a_row`` until it has a row here. Write the row
from the rules (accounts/permissions.py, DOMAIN.md), then run the test: it is there to catch a view
that answers something else, not to copy what the view answers.
"""

from dataclasses import dataclass, field

ROLES = (
    "anon",
    "intake",
    "handler",
    "head",
    "custodian",
    "reporting",
    "oversight",
    "personnel",
    "admin",
    "commune_admin",
    "outsider",
)

# What a row's URL is opened on (world.py builds one of each per side).
TARGETS = (
    "account",
    "membership",
    "unit",
    "petition",
    "attachment",
    "matter",
    "relation",
    "notification",
    "retaliation_message",
    "protection_message",
    "incident",
    "case",
    "measure",
    "person_request",
    "checkin",
    "session",
    "visit",
    "plan",
    "task",
    "progress",
    "due_item",
    "dissemination",
    "inspection",
    "propaganda",
    "template",
    "section",
    "field",
    "appendix",
    "appendix_cell",
    "preview",
    "campaign",
    "recipient",
    "report_file",
    "export_job",
    "batch",
    "aggregate",
    "unit_query",
    "aggregate_period",
    "calendar_day",
    "notice_template",
    "duty_rule",
)
# Installation-wide records: one line, whoever's province.
SINGLE_TARGETS = ("calendar_day", "notice_template", "duty_rule")

# Texts of the committee's records (world.TEXTS) and the roles of the committee who read them on the
# pages they may open; the page of any other role showing one fails. Identities: nobody, on a GET.
CONTENT = {
    "identity": "",
    "working_copy": "intake handler head custodian",  # those who see the petition (handler: assigned)
    "visit_summary": "intake head custodian",  # reception staff; never reporting officers or oversight
    "case_summary": "head custodian",  # protection: the deciders and the custodians only
    "incident": "intake head custodian",  # retaliation: those who record it (oversight: of its unit)
}

# A POST-only view: GET is refused by the method check once signed in.
POST_ONLY_GET = "302 405 405 405 405 405 405 405 405 405 405"


@dataclass(frozen=True)
class Row:
    name: str
    target: str | None
    get_inside: str
    get_outside: str | None = None
    post_inside: str | None = None
    post_outside: str | None = None
    kwargs: dict = field(default_factory=dict)  # fixed URL arguments (slugs)
    query: str = ""  # a query string added to every request of the row
    foreign_ok: str = ""


def get(name, target=None, inside="", outside=None, *, post_inside=None, post_outside=None, kwargs=None, query="",
        foreign_ok=""):  # fmt: skip
    return Row(name, target, inside, outside, post_inside, post_outside, kwargs or {}, query, foreign_ok)


def post(name, target=None, inside="", outside=None, *, get_inside=POST_ONLY_GET, kwargs=None, foreign_ok=""):
    get_outside = get_inside if outside is not None else None
    return Row(name, target, get_inside, get_outside, inside, outside, kwargs or {}, "", foreign_ok)


# fmt: off
ROWS = [
    # home
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("home", None, "302 200 200 200 200 200 200 200 200 200 200"),

    # accounts
    # A signed-in person is sent home from the sign-in and 2FA pages. Account screens: administrators of
    # the account's units and the superuser; others get 403 where the view checks the role first, 404 where
    # it looks the account up first (either way they learn nothing).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("accounts:login", None, "200 302 302 302 302 302 302 302 302 302 302"),
    post("accounts:logout", None,
         "302   +   +   +   +   +   +   +   +   +   +",
         get_inside="405 405 405 405 405 405 405 405 405 405 405"),
    get("accounts:otp_verify", None, "302 302 302 302 302 302 302 302 302 302 302"),
    get("accounts:otp_setup", None, "302 200 200 200 200 200 200 200 200 200 200"),
    get("accounts:security", None, "302 200 200 200 200 200 200 200 200 200 200"),
    get("accounts:account_list", None, "302 403 403 403 403 403 403 403 200 200 200", foreign_ok="admin"),
    get("accounts:account_create", None, "302 403 403 403 403 403 403 403 200 200 200", foreign_ok="admin"),
    get("accounts:account_detail", "account",
        "302 403 403 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 403 403 200 404 200", foreign_ok="admin"),
    post("accounts:account_edit", "account",
         "302 404 404 404 404 404 404 404   + 404 404",
         "302 404 404 404 404 404 404 404   + 404   +"),
    post("accounts:membership_add", "account",
         "302 403 403 403 403 403 403 403   + 404 404",
         "302 403 403 403 403 403 403 403   + 404   +"),
    get("accounts:membership_end", "membership",
        "302 403 403 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 403 403 200 404 200", foreign_ok="admin"),
    get("accounts:account_deactivate", "account",
        "302 404 404 404 404 404 404 404 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200"),
    get("accounts:account_reactivate", "account",
        "302 404 404 404 404 404 404 404 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200"),
    get("accounts:account_reset_2fa", "account",
        "302 404 404 404 404 404 404 404 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200"),
    get("accounts:account_reset_password", "account",
        "302 404 404 404 404 404 404 404 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200"),

    # org
    # Every role reads the units it covers: oversight (UBKT, unit scope) and the commune's administrator
    # do not cover the committee; the superuser and TU-LC's administrator see TU-LC.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("org:unit_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("org:unit_create", None, "302 403 403 403 403 403 403 403 200 200 200", foreign_ok="admin"),
    get("org:unit_import", None, "302 403 403 403 403 403 403 403 200 200 200"),
    get("org:unit_import_template", None, "302 403 403 403 403 403 403 403 200 200 200"),
    get("org:unit_detail", "unit",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),
    get("org:unit_edit", "unit",
        "302 403 403 403 403 403 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),

    # workcal
    # Everyone reads the calendar; only the superuser changes it (POST).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("workcal:calendar", None,
        "302 200 200 200 200 200 200 200 200 200 200",
        post_inside="302 403 403 403 403 403 403 403   + 403 403"),
    get("workcal:day_remove", "calendar_day", "302 403 403 403 403 403 403 403 200 403 403"),

    # audit
    # Administrators and oversight read the events of their units (the marker check proves it); the
    # superuser reads all of them and verifies the chain.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("audit:event_list", None, "302 403 403 403 403 403 200 403 200 200 200", foreign_ok="admin"),
    post("audit:verify", None, "302 403 403 403 403 403 403 403   + 403 403"),

    # cases
    # Administrators get no case content (DOMAIN.md). The handler sees the matter assigned to them once they
    # declared no conflict (they did: matter_declare is 403 for everyone who sees the matter). Originals:
    # intake officers and custodians; the working copy and classification: intake officers; decisions: heads.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("cases:petition_list", None, "302 200 200 200 200 403 403 403 403 403 403"),
    get("cases:petition_create", None, "302 200 403 403 403 403 403 403 403 403 403"),
    get("cases:access_log", None, "302 403 403 403 200 403 403 403 403 403 403"),
    get("cases:petition_detail", "petition",
        "302 200 200 200 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:petition_original", "petition",
         "302   + 403 403   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:petition_register", "petition",
         "302   + 403 403 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:petition_reply", "petition",
         "302   + 403 403 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    get("cases:attachment_working", "attachment",
        "302 200 200 200 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:attachment_original", "attachment",
         "302   + 403 403   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:attachment_release", "attachment",
         "302   + 403 403 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    get("cases:petition_classify", "petition",
        "302 200 403 403 403 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("cases:petition_accused", "petition",
        "302 200 403 403 403 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("cases:matter_detail", "matter",
        "302 200 200 200 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:matter_declare", "matter",
         "302 403 403 403 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:matter_decide", "matter",
         "302 403 403   + 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404", kwargs={"action": "accept"}),
    get("cases:relations", None, "302 403 403 403 403 403 403 200 200 200 200", foreign_ok="admin"),
    post("cases:relation_remove", "relation",
         "302 403 403 403 403 403 403   +   + 404 404",
         "302 403 403 403 403 403 403 404   + 404   +"),
    get("cases:worklists", None, "302 200 200 200 200 403 403 403 403 403 403"),
    get("cases:worklist", None, "302 200 403 403 403 403 403 403 403 403 403", kwargs={"name": "to_classify"}),
    get("cases:worklist", None, "302 403 200 403 403 403 403 403 403 403 403", kwargs={"name": "mine"}),
    get("cases:worklist", None, "302 200 200 200 200 403 403 403 403 403 403", kwargs={"name": "due_soon"}),
    get("cases:worklist", None, "302 200 200 200 200 403 403 403 403 403 403", kwargs={"name": "overdue"}),
    get("cases:worklist", None, "302 200 403 200 403 403 403 403 403 403 403", kwargs={"name": "forwarded"}),
    get("cases:worklist", None, "302 403 403 200 403 403 403 403 403 403 403", kwargs={"name": "decisions"}),
    get("cases:rule_list", None, "302 403 403 403 403 403 403 403 200 403 403"),
    get("cases:rule_change", None, "302 403 403 403 403 403 403 403 200 403 403", kwargs={"step": "resolve"}),
    get("cases:notice_list", None, "302 403 403 403 403 403 403 403 200 403 403"),
    get("cases:notice_edit", "notice_template", "302 403 403 403 403 403 403 403 200 403 403"),
    get("cases:inbox", None, "302 200 200 200 200 200 200 200 200 200 200"),
    post("cases:notification_read", "notification",
         "302 404   + 404 404 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("cases:notifications_read_all", None, "302   +   +   +   +   +   +   +   +   +   +"),

    # retaliation
    # Custodians, intake officers and heads record and read; oversight reads its units' (UBKT: not the
    # committee's); personnel officers see only the actions they entered; alerts: custodians and heads.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("retaliation:incident_list", None, "302 200 403 200 200 403 200 403 403 403 403"),
    get("retaliation:incident_create", None, "302 200 403 200 200 403 403 403 403 403 403"),
    get("retaliation:incident_from_message", "retaliation_message",
        "302 200 403 403 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("retaliation:incident_detail", "incident",
        "302 200 404 200 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    post("retaliation:incident_verify", "incident",
         "302   + 404   +   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("retaliation:incident_conclude", "incident",
         "302   + 404   +   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("retaliation:perpetrator_add", "incident",
         "302   + 404   +   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("retaliation:sanction_add", "incident",
         "302   + 404   +   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("retaliation:head_add", "incident",
         "302   + 404   +   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    get("retaliation:personnel", None, "302 403 403 403 403 403 403 200 403 403 403"),
    get("retaliation:personnel_import", None, "302 403 403 403 403 403 403 200 403 403 403"),
    get("retaliation:personnel_template_csv", None, "302 403 403 403 403 403 403 200 403 403 403"),
    get("retaliation:personnel_template_xlsx", None, "302 403 403 403 403 403 403 200 403 403 403"),
    get("retaliation:alert_list", None, "302 403 403 200 200 403 403 403 403 403 403"),
    get("retaliation:false_report_list", None, "302 200 403 200 200 403 200 403 403 403 403"),
    get("retaliation:false_report_create", None, "302 200 403 200 200 403 403 403 403 403 403"),
    get("retaliation:commendation_list", None, "302 200 403 200 200 403 200 403 403 403 403"),
    get("retaliation:commendation_create", None, "302 200 403 200 200 403 403 403 403 403 403"),

    # protection
    # Custodians and heads only; the identity and the timeline: custodians; decisions: heads.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("protection:case_list", None, "302 403 403 200 200 403 403 403 403 403 403"),
    get("protection:case_create", None, "302 403 403 403 200 403 403 403 403 403 403"),
    get("protection:portal_request", "protection_message",
        "302 403 403 403 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("protection:petition_request", "petition",
        "302 403 403 403 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    # The heads' measure form offers every unit of the installation as the body responsible for a
    # measure (it may be carried out anywhere): unit names only, never a record.
    get("protection:case_detail", "case",
        "302 404 404 200 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404", foreign_ok="head:units"),
    post("protection:case_person", "case",
         "302 404 404 403   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:case_decide", "case",
         "302 404 404   + 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:measure_add", "case",
         "302 404 404   + 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:measure_change", "measure",
         "302 404 404   + 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:request_add", "case",
         "302 404 404 403   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:request_decide", "person_request",
         "302 404 404   + 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:checkin_add", "case",
         "302 404 404 403   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:checkin_record", "checkin",
         "302 404 404 403   + 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    post("protection:case_end", "case",
         "302 404 404   + 403 404 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    get("protection:case_timeline", "case",
        "302 404 404 403 200 404 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),

    # reception
    # Reception staff (intake, custodian, head) record; reporting officers and oversight read sessions
    # and counts, never a visit's summary (matrix CONTENT); duty rules are the superuser's.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("reception:session_list", None, "302 200 403 200 200 200 200 403 403 403 403"),
    get("reception:session_export", None, "302 200 403 200 200 200 200 403 403 403 403"),
    get("reception:session_create", None, "302 200 403 200 200 403 403 403 403 403 403"),
    get("reception:session_detail", "session",
        "302 200 404 200 200 200 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("reception:session_edit", "session",
        "302 200 404 200 200 403 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("reception:visit_create", "session",
        "302 200 404 200 200 403 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("reception:visit_list", None, "302 200 403 200 200 200 200 403 403 403 403"),
    get("reception:visit_export", None, "302 200 403 200 200 200 200 403 403 403 403"),
    get("reception:visit_detail", "visit",
        "302 200 404 200 200 200 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("reception:visit_edit", "visit",
        "302 200 404 200 200 403 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    post("reception:visit_to_petition", "visit",
         "302   + 404 403 403 403 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),
    get("reception:duty", None, "302 200 403 200 200 200 200 403 403 403 403"),
    get("reception:duty_export", None, "302 200 403 200 200 200 200 403 403 403 403"),
    get("reception:duty_unit", "unit",
        "302 200 403 200 200 200 404 403 403 403 403",
        "302 404 403 404 404 404 404 403 403 403 403"),
    get("reception:duty_rules", None,
        "302 200 403 200 200 200 200 403 200 403 403",
        post_inside="302 403 403 403 403 403 403 403   + 403 403"),
    get("reception:duty_rule_export", None, "302 200 403 200 200 200 200 403 200 403 403"),
    get("reception:duty_rule_edit", "duty_rule", "302 403 403 403 403 403 403 403 200 403 403"),

    # programme
    # Plans are not secret: every role reads the plans of its units and of the units above them; heads
    # and reporting officers record; the superuser reads and records everything. TU-LC's administrator
    # reads TU-LC's records and may change none of them (403).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("programme:plan_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:plan_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:document_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:document_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:document_create", None, "302 403 403 200 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("programme:document_detail", "plan",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),
    get("programme:document_edit", "plan",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:document_file", "plan",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200"),
    get("programme:task_create", "plan",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:task_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:task_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:task_detail", "task",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),
    get("programme:task_edit", "task",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:progress_create", "task",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:progress_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:progress_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:progress_edit", "progress",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:progress_file", "progress",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200"),
    get("programme:due_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:due_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:overdue_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:overdue_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:due_item_edit", "due_item",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:dissemination_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:dissemination_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:dissemination_create", None, "302 403 403 200 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("programme:dissemination_detail", "dissemination",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),
    get("programme:dissemination_edit", "dissemination",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:inspection_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:inspection_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:inspection_create", None, "302 403 403 200 403 200 200 403 200 403 403", foreign_ok="admin"),
    get("programme:inspection_detail", "inspection",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),
    get("programme:inspection_edit", "inspection",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),
    get("programme:propaganda_list", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("programme:propaganda_list", None,
        "302 200 200 200 200 200 200 200 200 200 200", query="export=xlsx", foreign_ok="admin"),
    get("programme:propaganda_create", None, "302 403 403 200 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("programme:propaganda_detail", "propaganda",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),
    get("programme:propaganda_edit", "propaganda",
        "302 403 403 200 403 200 404 403 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 403", foreign_ok="admin"),

    # reporting
    # Templates belong to no unit: everyone with a role reads every template, a copy made in TU-LC
    # included (with its author's name: ``*:people``), and every reporting officer may change a copy that
    # is not locked (accounts.permissions, "Report templates"). The preview computes the figures of the
    # unit asked for: asked for TU-LC, it answers 200 with the unit refused and no report (marker check).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("reporting:template_list", None, "302 200 200 200 200 200 200 200 200 200 200"),
    get("reporting:template_export", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="*:people"),
    get("reporting:template_detail", "template",
        "302 200 200 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200 200 200"),
    post("reporting:template_copy", "template",
         "302 403 403 403 403   + 403 403   + 403 403",
         "302 403 403 403 403   + 403 403   + 403 403"),
    get("reporting:template_edit", "template",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),
    get("reporting:template_preview", "preview",
        "302 403 403 200 403 200 200 403 200 403 403",
        "302 403 403 200 403 200 200 403 200 403 403", foreign_ok="admin"),
    post("reporting:template_preview_export", "template",
         "302 403 403   + 403   +   + 403   + 403 403",
         "302 403 403   + 403   +   + 403   + 403 403"),
    get("reporting:section_create", "template",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),
    get("reporting:section_edit", "section",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),
    post("reporting:section_move", "section",
         "302 403 403 403 403   + 403 403   + 403 403",
         "302 403 403 403 403   + 403 403   + 403 403"),
    post("reporting:section_delete", "section",
         "302 403 403 403 403   + 403 403   + 403 403",
         "302 403 403 403 403   + 403 403   + 403 403"),
    get("reporting:field_create", "section",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),
    get("reporting:field_edit", "field",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),
    post("reporting:field_move", "field",
         "302 403 403 403 403   + 403 403   + 403 403",
         "302 403 403 403 403   + 403 403   + 403 403"),
    post("reporting:field_delete", "field",
         "302 403 403 403 403   + 403 403   + 403 403",
         "302 403 403 403 403   + 403 403   + 403 403"),
    get("reporting:appendix_cells", "appendix",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),
    get("reporting:appendix_cell_edit", "appendix_cell",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403"),

    # campaigns
    # Anyone with a role in the issuing unit reads the whole campaign, anyone with a role in a recipient
    # unit reads that recipient (accounts.permissions, "Reporting campaigns"); the campaign is running, so
    # its issuer's reporting officer is sent back from the edit page (302).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("campaigns:campaign_list", None, "302 200 200 200 200 200 200 200 200 200 200"),
    get("campaigns:campaign_export", None, "302 200 200 200 200 200 200 200 200 200 200"),
    get("campaigns:campaign_create", None, "302 403 403 403 403 200 403 403 403 403 403"),
    get("campaigns:schedule_create", None, "302 403 403 403 403 200 403 403 403 403 403"),
    get("campaigns:campaign_detail", "campaign",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 404 404 200"),
    get("campaigns:campaign_edit", "campaign",
        "302 403 403 403 403 302 404 403 403 404 404",
        "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:recipients_add", "campaign",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:campaign_start", "campaign",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:campaign_close", "campaign",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    get("campaigns:campaign_status_xlsx", "campaign",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 404 404 200"),
    get("campaigns:recipient_detail", "recipient",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 404 404 200",
        post_inside="302 403 403 403 403   + 404 403 403 404 404",
        post_outside="302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:recipient_submit", "recipient",
         "302 403 403   + 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:recipient_return", "recipient",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:recipient_accept", "recipient",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:recipient_export", "recipient",
         "302   +   +   +   +   + 404   +   + 404 404",
         "302 404 404 404 404 404 404 404 404 404   +"),
    post("campaigns:recipient_remove", "recipient",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:recipient_due", "recipient",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    post("campaigns:files_upload", "recipient",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),
    get("campaigns:file_download", "report_file",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 404 404 200"),
    post("campaigns:file_delete", "report_file",
         "302 403 403 403 403   + 404 403 403 404 404",
         "302 404 404 404 404 404 404 404 404 404 403"),

    # exports
    # An export is its creator's only (the province's reporting officer made both).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("exports:job_list", None, "302 200 200 200 200 200 200 200 200 200 200"),
    get("exports:job_detail", "export_job",
        "302 404 404 404 404 200 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    get("exports:job_download", "export_job",
        "302 404 404 404 404 200 404 404 404 404 404",
        "302 404 404 404 404 404 404 404 404 404 404"),
    post("exports:job_delete", "export_job",
         "302 404 404 404 404   + 404 404 404 404 404",
         "302 404 404 404 404 404 404 404 404 404 404"),

    # dashboards
    # ?unit= asks for a unit's dashboard: 404 for a unit the person does not cover.
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("dashboards:home", None, "302 200 200 200 200 200 200 200 200 200 200", foreign_ok="admin"),
    get("dashboards:home", "unit_query",
        "302 200 200 200 200 200 404 200 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 200", foreign_ok="admin"),

    # history
    # Reporting officers of the units concerned, and the superuser. Entering the figures of TU-LC's
    # period as the province's reporting officer: the form refuses the unit and nothing is saved (200).
    #    ano itk hdl hed cus rep ovs per adm cad out
    get("history:home", None, "302 403 403 403 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("history:import", None,
        "302 403 403 403 403 200 403 403 200 403 403", kwargs={"kind": "petitions"}, foreign_ok="admin"),
    get("history:template_csv", None, "302 403 403 403 403 200 403 403 200 403 403", kwargs={"kind": "petitions"}),
    get("history:template_xlsx", None, "302 403 403 403 403 200 403 403 200 403 403", kwargs={"kind": "petitions"}),
    get("history:batch_list", None, "302 403 403 403 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("history:batch_list", None,
        "302 403 403 403 403 200 403 403 200 403 403", query="export=xlsx", foreign_ok="admin"),
    get("history:batch_detail", "batch",
        "302 404 404 404 404 200 404 404 200 404 404",
        "302 404 404 404 404 404 404 404 200 404 404", foreign_ok="admin"),
    post("history:batch_undo", "batch",
         "302 404 404 404 404   + 404 404   + 404 404",
         "302 404 404 404 404 404 404 404   + 404 404"),
    get("history:aggregate_list", None, "302 403 403 403 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("history:aggregate_list", None,
        "302 403 403 403 403 200 403 403 200 403 403", query="export=xlsx", foreign_ok="admin"),
    get("history:aggregate_enter", None, "302 403 403 403 403 200 403 403 200 403 403", foreign_ok="admin"),
    get("history:aggregate_enter", "aggregate_period",
        "302 403 403 403 403 200 403 403 200 403 403",
        "302 403 403 403 403 200 403 403 200 403 403",
        post_inside="302 403 403 403 403   + 403 403   + 403 403",
        post_outside="302 403 403 403 403 200 403 403   + 403 403", foreign_ok="admin"),
    post("history:aggregate_delete", "aggregate",
         "302 404 404 404 404   + 404 404   + 404 404",
         "302 404 404 404 404 404 404 404   + 404 404"),


]
# fmt: on
