"""The declared authorization table (issue 9 item 2): who may open every URL of GridCare.

One rule per URL name (namespaced); test_access_matrix.py enumerates the URL configuration
and fails for a URL without a rule, so a new endpoint must be declared here.

`allowed` is what the product SHOULD allow per ../shared/spec/ROLES.md and the role table
(gridcare/org/roles.py), written out role by role on purpose: deriving it from roles.py
would make the test agree with any mistake there. Role codes name the personas of
gridcare/conftest.py; the CSC director, marketing and leadership personas are also
key-account contacts, so a contact's page is allowed to them too. "customer" is an
anonymous visitor.

`refusal` is how a refused role is answered: 403 (a role permission is missing), 404
(the row scope hides the record, as for a department's own items), or both where roles
are refused in different layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: No login: the public pages and the portal (every role and the anonymous customer).
PUBLIC: Final = "public"
#: Any signed-in staff member (an anonymous visitor is sent to the login page).
ANY_STAFF: Final = "any_staff"

COUNTER_CLERK = "counter_clerk"
CSC_AGENT = "csc_agent"
CSC_DIRECTOR = "csc_director"
MARKETING = "marketing"
LEADERSHIP = "leadership"
KEYACCOUNT_CONTACT = "keyaccount_contact"
PRODTECH = "production_technology"
FIELD_UNIT = "field_unit"
DISPATCH = "dispatch_planner"
SUPERVISION = "supervision"
ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str] | str
    #: The sample record kind (gridcare/core/tests/access_samples.py) for a URL's kwargs.
    sample: str = ""
    #: "GET", or "POST" for an endpoint that only accepts POST (an empty body, or `data`).
    method: str = "GET"
    #: The POST body, for an endpoint that checks the role only once the form is valid.
    data: tuple[tuple[str, str], ...] = ()
    #: The refused roles' answer: 403, 404, or (403, 404) when both occur (one endpoint
    #: also refuses with 400: see its notes).
    refusal: tuple[int, ...] = (403,)
    #: An API endpoint (anonymous → 401/403 instead of a redirect to the login page).
    api: bool = False
    #: The allowed answer is a redirect to the login page (signing out).
    signs_out: bool = False
    #: (role, observed answer) for a view that answers a role against `allowed` (a known
    #: security bug, left to the view's owner): the case still asserts `allowed` and is
    #: marked xfail(strict=True) with a "BUG:" reason, so the suite stays green while the
    #: bug is there and fails as soon as it is fixed (then remove the entry).
    bugs: tuple[tuple[str, str], ...] = ()
    notes: str = ""


def roles(*codes: str) -> frozenset[str]:
    return frozenset(codes)


RULES: dict[str, Rule] = {}


# Role sets, named after what the spec says they do (ROLES.md).
FRONT_LINE = roles(COUNTER_CLERK, CSC_AGENT, CSC_DIRECTOR)
APPLICATION_READERS = FRONT_LINE | roles(MARKETING, LEADERSHIP, KEYACCOUNT_CONTACT, SUPERVISION)
CUSTOMER_EDITORS = FRONT_LINE | roles(MARKETING)
CLOCK_KEEPERS = FRONT_LINE
EXEMPTION_DECIDERS = roles(CSC_DIRECTOR, MARKETING, LEADERSHIP)
STANDARD_READERS = roles(MARKETING, LEADERSHIP, ADMINISTRATOR)
CALL_READERS = roles(CSC_AGENT, CSC_DIRECTOR, MARKETING, LEADERSHIP, SUPERVISION, ADMINISTRATOR)
CALL_AGENTS = roles(CSC_AGENT, CSC_DIRECTOR)
CALL_IMPORTERS = roles(CSC_DIRECTOR, ADMINISTRATOR)
EXTENSION_KEEPERS = roles(CSC_DIRECTOR, ADMINISTRATOR)
HALL_READERS = roles(COUNTER_CLERK, CSC_DIRECTOR, MARKETING, LEADERSHIP, SUPERVISION)
HALL_INSPECTORS = roles(MARKETING, SUPERVISION)
HALL_INSPECTION_READERS = roles(CSC_DIRECTOR, MARKETING, LEADERSHIP, SUPERVISION)
COMPLAINT_JUDGES = roles(CSC_DIRECTOR, MARKETING, SUPERVISION)
MATTER_READERS = FRONT_LINE | roles(MARKETING, LEADERSHIP, SUPERVISION)
REFERRAL_ANSWERERS = roles(CSC_DIRECTOR, MARKETING, PRODTECH, FIELD_UNIT, DISPATCH)
FEE_READERS = roles(COUNTER_CLERK, CSC_DIRECTOR, MARKETING, LEADERSHIP, SUPERVISION, ADMINISTRATOR)
CHARGE_READERS = roles(COUNTER_CLERK, CSC_DIRECTOR, MARKETING, LEADERSHIP, SUPERVISION)
LEDGER_READERS = roles(MARKETING, LEADERSHIP, SUPERVISION)
#: Readers, plus the departments that appeal their own items (R-3.9.1, R-4.2).
LEDGER_ACCESS = LEDGER_READERS | roles(COUNTER_CLERK, CSC_DIRECTOR, PRODTECH, FIELD_UNIT, DISPATCH)
FIELD_READERS = roles(MARKETING, PRODTECH, FIELD_UNIT, DISPATCH, SUPERVISION)
#: The call centre receives the notices of temporary outages (R-3.7.2) and reads them.
OUTAGE_READERS = FIELD_READERS | roles(CSC_AGENT, CSC_DIRECTOR)
FAULT_HANDLERS = roles(FIELD_UNIT, DISPATCH)
#: Key accounts: those who see every account, and the contacts (their own accounts).
KA_ALL = roles(MARKETING, LEADERSHIP, SUPERVISION)
KA_VIEW = KA_ALL | roles(CSC_DIRECTOR, KEYACCOUNT_CONTACT)
KA_RECORD = roles(CSC_DIRECTOR, MARKETING, LEADERSHIP, KEYACCOUNT_CONTACT)
#: The sample account is served by the key-account contact persona: the other contacts
#: (the CSC director) see only their own accounts and get 404 for it.
KA_OWN_ACCOUNT = KA_ALL | roles(KEYACCOUNT_CONTACT)
KA_ROUNDS = roles(MARKETING, LEADERSHIP)
ASSESSMENT_APPEAL_BODY = (("reason", "這項逾期是客戶要求延後造成的。"),)

RULES.update(
    {
        # --- core and the site frame ---------------------------------------------------
        "home": Rule(ANY_STAFF, notes="each role's panels; R-3.7.3"),
        "healthz": Rule(PUBLIC, notes="load balancer probe: no data"),
        "set_language": Rule(PUBLIC, notes="302 back to the page"),
        "javascript-catalog": Rule(PUBLIC),
        "login": Rule(PUBLIC, notes="a signed-in user is sent home (302)"),
        "logout": Rule(ANY_STAFF, method="POST", signs_out=True),
        "password_change": Rule(ANY_STAFF),
        "password_change_done": Rule(ANY_STAFF),
        "core:audit_search": Rule(roles(ADMINISTRATOR), notes="audit search (ROLES.md)"),
        "core:notifications": Rule(ANY_STAFF, notes="one's own notifications"),
        "core:notification_preference": Rule(
            ANY_STAFF, method="POST", notes="one's own choice of digest or each at once"
        ),
        "core:notification_digest": Rule(
            roles(COUNTER_CLERK),
            sample="digest",
            refusal=(404,),
            notes="a digest is its recipient's own (the sample is the clerk's)",
        ),
        "org:staff_list": Rule(roles(ADMINISTRATOR), notes="manage users"),
        "org:out_of_window": Rule(roles(ADMINISTRATOR), notes="the company's rows only"),
        "org:end_sessions": Rule(roles(ADMINISTRATOR), sample="colleague", method="POST"),
        "workdays:year_list": Rule(roles(ADMINISTRATOR)),
        "workdays:year_enter": Rule(roles(ADMINISTRATOR)),
        "workdays:year_correct": Rule(roles(ADMINISTRATOR), sample="calendar_year"),
        # --- rules: clocks, standards, compliance ------------------------------------
        "rules:compliance_matrix": Rule(
            ANY_STAFF, notes="company-level figures; every role watches its clauses"
        ),
        "rules:clock_list": Rule(ANY_STAFF, notes="clocks of the user's company"),
        "rules:compliance_records": Rule(
            frozenset(),
            refusal=(404,),
            notes="without a standard's code nothing to list; the code chooses whose "
            "records and who reads them (rules/tests/test_compliance_records.py)",
        ),
        "rules:standard_list": Rule(STANDARD_READERS),
        "rules:standard_revise": Rule(roles(MARKETING), sample="standard", notes="owns rules"),
        "rules:profile_adopt": Rule(
            roles(MARKETING),
            sample="profile",
            method="POST",
            data=(("effective_from", "2030-01-01"),),
            notes="marketing takes the shared profile its company follows as its own",
        ),
        "rules:clause_new": Rule(roles(MARKETING), sample="profile", notes="owns rules"),
        "rules:standard_new": Rule(roles(MARKETING), sample="profile", notes="owns rules"),
        "rules:sweep_runs": Rule(roles(ADMINISTRATOR), notes="failures of the company's clocks"),
        "rules:clock_pause": Rule(CLOCK_KEEPERS, sample="clock", method="POST"),
        "rules:clock_resume": Rule(CLOCK_KEEPERS, sample="clock", method="POST"),
        "rules:exemption_request": Rule(CLOCK_KEEPERS, sample="clock", method="POST"),
        "rules:exemption_decide": Rule(EXEMPTION_DECIDERS, sample="exemption", method="POST"),
        # --- front office: calls ---------------------------------------------------------
        "frontoffice:call_list": Rule(
            CALL_READERS, notes="administrator: imports the phone system's records (roles.py)"
        ),
        "frontoffice:call_rates": Rule(CALL_READERS),
        "frontoffice:callback_list": Rule(CALL_AGENTS),
        "frontoffice:call_new": Rule(CALL_AGENTS),
        "frontoffice:call_detail": Rule(CALL_READERS, sample="call"),
        "frontoffice:call_back": Rule(CALL_AGENTS, sample="call", method="POST"),
        "frontoffice:import_list": Rule(CALL_IMPORTERS),
        "frontoffice:import_detail": Rule(CALL_IMPORTERS, sample="call_import"),
        "frontoffice:import_sample": Rule(CALL_IMPORTERS),
        "frontoffice:extension_list": Rule(EXTENSION_KEEPERS),
        "frontoffice:extension_edit": Rule(EXTENSION_KEEPERS, sample="agent_extension"),
        # --- front office: the service hall ----------------------------------------------
        "frontoffice:hall_list": Rule(HALL_READERS),
        "frontoffice:ticket_list": Rule(HALL_READERS),
        "frontoffice:kiosk": Rule(roles(COUNTER_CLERK), sample="hall"),
        "frontoffice:counter": Rule(roles(COUNTER_CLERK), sample="counter"),
        "frontoffice:counter_action": Rule(
            roles(COUNTER_CLERK), sample="counter_action", method="POST"
        ),
        "frontoffice:inspection_list": Rule(HALL_INSPECTION_READERS),
        "frontoffice:inspection_new": Rule(HALL_INSPECTORS, sample="hall"),
        "frontoffice:inspection_detail": Rule(HALL_INSPECTION_READERS, sample="hall_inspection"),
        "frontoffice:inspection_photo": Rule(HALL_INSPECTION_READERS, sample="hall_photo"),
        "frontoffice:result_assess": Rule(
            COMPLAINT_JUDGES, sample="inspection_result", method="POST"
        ),
        # --- front office: matters, referrals, fees --------------------------------------
        "frontoffice:matter_list": Rule(MATTER_READERS),
        "frontoffice:matter_new": Rule(FRONT_LINE),
        "frontoffice:matter_detail": Rule(MATTER_READERS, sample="matter"),
        **{
            f"frontoffice:matter_{action}": Rule(
                MATTER_READERS,
                sample="matter",
                method="POST",
                notes="the view needs view_matter only; the service lets only the owner act "
                "(R-2.5) and answers anyone else with a message (302, nothing changed)",
            )
            for action in ("refer", "relay", "contact", "close", "reopen")
        },
        "frontoffice:matter_owner": Rule(COMPLAINT_JUDGES, sample="matter", method="POST"),
        "frontoffice:complaint_decide": Rule(COMPLAINT_JUDGES, sample="matter", method="POST"),
        "frontoffice:complaint_assess": Rule(COMPLAINT_JUDGES, sample="matter", method="POST"),
        "frontoffice:referral_list": Rule(REFERRAL_ANSWERERS, notes="my department's referrals"),
        "frontoffice:referral_detail": Rule(
            roles(PRODTECH),
            sample="referral",
            notes="referred to production technology: only that department answers (R-2.7)",
        ),
        "frontoffice:fee_catalogue": Rule(FEE_READERS),
        "frontoffice:charge_list": Rule(CHARGE_READERS),
        "frontoffice:charge_new": Rule(roles(COUNTER_CLERK)),
        "frontoffice:charge_report": Rule(CHARGE_READERS),
        # --- public service pages (R-2.1 public information) -----------------------------
        "service:index": Rule(PUBLIC),
        "service:company": Rule(PUBLIC, sample="company_code"),
        "service:display": Rule(PUBLIC, sample="hall", notes="the hall's queue display screen"),
        # --- assessment ledger and dashboard ---------------------------------------------
        "assessments:ledger": Rule(LEDGER_ACCESS, notes="departments: their own items"),
        "assessments:item_detail": Rule(
            LEDGER_READERS | roles(CSC_DIRECTOR),
            sample="assessment_item",
            refusal=(403, 404),
            notes="an item of the CSC: other appealing departments get 404 (row scope)",
        ),
        "assessments:item_review": Rule(roles(MARKETING), sample="assessment_item", method="POST"),
        "assessments:item_appeal": Rule(
            roles(CSC_DIRECTOR),
            sample="assessment_item",
            method="POST",
            data=ASSESSMENT_APPEAL_BODY,
            refusal=(403, 404),
            notes="only a head of the department concerned appeals (R-4.2)",
        ),
        "assessments:item_appeal_decide": Rule(
            roles(MARKETING), sample="assessment_item", method="POST"
        ),
        "assessments:scorecards": Rule(LEDGER_READERS),
        "assessments:rule_revise": Rule(roles(MARKETING), sample="point_rule", method="POST"),
        "assessments:scorecard_export": Rule(LEDGER_READERS),
        "dashboard:dashboard": Rule(LEDGER_READERS, notes="the leaders' dashboard (R-4.2)"),
        # --- customers and applications --------------------------------------------------
        "customers:customer_list": Rule(APPLICATION_READERS),
        "customers:customer_create": Rule(CUSTOMER_EDITORS),
        "customers:customer_detail": Rule(APPLICATION_READERS, sample="customer"),
        "customers:customer_edit": Rule(CUSTOMER_EDITORS, sample="customer"),
        "customers:import_upload": Rule(roles(MARKETING)),
        "customers:import_detail": Rule(roles(MARKETING), sample="customer_import"),
        "customers:import_template": Rule(roles(MARKETING), sample="import_template"),
        "applications:application_list": Rule(APPLICATION_READERS),
        "applications:application_export": Rule(APPLICATION_READERS),
        "applications:application_create": Rule(FRONT_LINE),
        "applications:application_detail": Rule(APPLICATION_READERS, sample="application"),
        **{
            f"applications:{name}": Rule(FRONT_LINE, sample="application", method="POST")
            for name in ("application_event", "application_close", "application_end")
        },
        "applications:reply_sheet_pdf": Rule(APPLICATION_READERS, sample="application"),
        "applications:receipt_pdf": Rule(APPLICATION_READERS, sample="application"),
        "portal:application_lookup": Rule(PUBLIC, notes="number + phone (R-3.7)"),
        "portal:patrol_request": Rule(
            PUBLIC, notes="account number + phone on file, key accounts only (R-3.7.1)"
        ),
        # --- key accounts ----------------------------------------------------------------
        "keyaccounts:account_list": Rule(KA_VIEW, notes="contacts: their own accounts"),
        "keyaccounts:account_detail": Rule(KA_OWN_ACCOUNT, sample="account", refusal=(403, 404)),
        "keyaccounts:interaction_create": Rule(
            KA_RECORD - roles(CSC_DIRECTOR),
            sample="account",
            method="POST",
            refusal=(403, 404),
            notes="the CSC director is a contact of other accounts: 404",
        ),
        "keyaccounts:item_create": Rule(
            KA_RECORD - roles(CSC_DIRECTOR), sample="account", refusal=(403, 404)
        ),
        "keyaccounts:account_remove": Rule(
            roles(LEADERSHIP), sample="account", method="POST", notes="leadership adjusts the list"
        ),
        "keyaccounts:contact_change_new": Rule(roles(MARKETING), sample="account"),
        "keyaccounts:item_list": Rule(KA_VIEW),
        "keyaccounts:item_detail": Rule(KA_OWN_ACCOUNT, sample="service_item", refusal=(403, 404)),
        "keyaccounts:item_link": Rule(
            KA_RECORD - roles(CSC_DIRECTOR),
            sample="service_item",
            method="POST",
            refusal=(403, 404),
        ),
        "keyaccounts:desk": Rule(KA_VIEW, notes="a contact's desk: what is due this half year"),
        "keyaccounts:feed_manage": Rule(KA_VIEW, method="POST", notes="one's own calendar feed"),
        "keyaccounts:feed": Rule(
            PUBLIC, sample="feed_token", notes="a secret token is the credential (calendar apps)"
        ),
        "keyaccounts:half_year_overview": Rule(KA_ALL),
        "keyaccounts:proposal_list": Rule(KA_VIEW, notes="contacts: their own proposals"),
        "keyaccounts:proposal_new": Rule(KA_RECORD),
        "keyaccounts:proposal_withdraw": Rule(
            KA_RECORD - roles(CSC_DIRECTOR),
            sample="ka_proposal",
            method="POST",
            refusal=(403, 404),
            notes="the contact persona's proposal; marketing and leadership see all",
        ),
        "keyaccounts:round_list": Rule(KA_ROUNDS),
        "keyaccounts:interim_new": Rule(roles(MARKETING)),
        "keyaccounts:round_detail": Rule(KA_ROUNDS, sample="round"),
        "keyaccounts:entry_add": Rule(roles(MARKETING), sample="round", method="POST"),
        "keyaccounts:entry_update": Rule(roles(MARKETING), sample="round_entry", method="POST"),
        "keyaccounts:round_submit": Rule(roles(MARKETING), sample="round", method="POST"),
        "keyaccounts:round_approve": Rule(roles(LEADERSHIP), sample="round", method="POST"),
        "keyaccounts:round_return": Rule(roles(LEADERSHIP), sample="round", method="POST"),
        "keyaccounts:round_cancel": Rule(roles(MARKETING), sample="round", method="POST"),
        "keyaccounts:list_history": Rule(
            KA_ROUNDS, notes="needs draft or approve: supervision is refused (see report)"
        ),
        "keyaccounts:adjust_add": Rule(roles(LEADERSHIP)),
        "keyaccounts:settings": Rule(roles(MARKETING)),
        "keyaccounts:contact_changes": Rule(
            KA_ROUNDS, notes="propose or approve: supervision is refused (see report)"
        ),
        "keyaccounts:contact_change_decide": Rule(
            roles(LEADERSHIP), sample="contact_change", method="POST"
        ),
        "keyaccounts:contact_change_withdraw": Rule(
            roles(MARKETING), sample="contact_change", method="POST"
        ),
        "keyaccounts:stability": Rule(KA_ALL),
        # --- field work ------------------------------------------------------------------
        "field:outage_list": Rule(OUTAGE_READERS),
        "field:outage_create": Rule(roles(DISPATCH)),
        "field:outage_detail": Rule(OUTAGE_READERS, sample="outage"),
        "field:outage_status": Rule(roles(DISPATCH), sample="outage", method="POST"),
        "field:outage_coordinate": Rule(roles(DISPATCH), sample="outage_affected", method="POST"),
        "field:fault_list": Rule(FIELD_READERS),
        "field:fault_create": Rule(FAULT_HANDLERS),
        "field:fault_detail": Rule(FIELD_READERS, sample="fault"),
        "field:fault_step": Rule(FAULT_HANDLERS, sample="fault", method="POST"),
        "field:inspection_list": Rule(FIELD_READERS),
        "field:inspection_create": Rule(roles(PRODTECH)),
        "field:inspection_detail": Rule(FIELD_READERS, sample="field_inspection"),
        "field:inspection_record": Rule(roles(FIELD_UNIT), sample="field_inspection"),
        "field:notice_issue": Rule(roles(PRODTECH), sample="field_inspection", method="POST"),
        "field:photo": Rule(FIELD_READERS, sample="field_photo"),
        "field:notice_pdf": Rule(FIELD_READERS, sample="written_notice"),
        "field:notice_step": Rule(roles(PRODTECH), sample="written_notice", method="POST"),
        "field:patrol_queue": Rule(FIELD_READERS),
        "field:patrol_schedule": Rule(roles(PRODTECH), sample="patrol_request", method="POST"),
        "field:patrol_decline": Rule(roles(PRODTECH), sample="patrol_request", method="POST"),
        "field:patrol_request_for_account": Rule(
            KA_RECORD - roles(CSC_DIRECTOR), sample="ka_patrol", refusal=(403, 404)
        ),
        "field:public_outages": Rule(PUBLIC, notes="outage notices for customers"),
        "field:public_outage_ical": Rule(PUBLIC, sample="town"),
        # --- the integration API (API.md): token authentication --------------------------
        "api-token": Rule(PUBLIC, method="POST", api=True, notes="400 without credentials"),
        "schema": Rule(ANY_STAFF, api=True),
        "api-docs": Rule(ANY_STAFF, api=True),
        "calendar_api:day": Rule(ANY_STAFF, sample="calendar_day", api=True),
        "calendar_api:add_working_days": Rule(ANY_STAFF, api=True, notes="400: no parameters"),
        "calendar_api:working_days_between": Rule(ANY_STAFF, api=True),
        "api-compliance": Rule(ANY_STAFF, api=True, notes="400: no period given"),
        "api-assessment-item-list": Rule(LEDGER_ACCESS, api=True),
        "api-assessment-item-detail": Rule(
            LEDGER_READERS | roles(CSC_DIRECTOR),
            sample="assessment_item",
            api=True,
            refusal=(403, 404),
        ),
        "api-assessment-item-review": Rule(
            roles(MARKETING), sample="assessment_item", method="POST", api=True
        ),
        "api-assessment-item-appeal": Rule(
            roles(CSC_DIRECTOR),
            sample="assessment_item",
            method="POST",
            data=ASSESSMENT_APPEAL_BODY,
            api=True,
            refusal=(400, 403, 404),
            notes="roles that hold the appeal permission for other departments get 400 naming "
            "`reason` (the service's refusal), where the page answers 403 (see report)",
        ),
        "api-assessment-appeal-decide": Rule(
            roles(MARKETING), sample="assessment_item", method="POST", api=True
        ),
        "api-calls-import": Rule(CALL_IMPORTERS, method="POST", api=True),
        "api-calls": Rule(CALL_READERS, api=True),
        "api-customer-list": Rule(APPLICATION_READERS, api=True),
        "api-customer-detail": Rule(APPLICATION_READERS, sample="customer_account", api=True),
        "api-application-list": Rule(APPLICATION_READERS, api=True),
        "api-application-detail": Rule(APPLICATION_READERS, sample="application", api=True),
        "api-application-events": Rule(FRONT_LINE, sample="application", method="POST", api=True),
        "api-keyaccount-list": Rule(KA_VIEW, api=True),
    }
)

# Surveys, follow-up calls and the half-year report (issue 8, R-3.8.1–3.8.3): the
# supervision department runs them; leadership and marketing read them.
SURVEY_READERS = roles(MARKETING, LEADERSHIP, SUPERVISION)
SUPERVISION_DESK = roles(SUPERVISION)

RULES.update(
    {
        "surveys:round_list": Rule(SURVEY_READERS),
        "surveys:round_new": Rule(SUPERVISION_DESK),
        "surveys:round_detail": Rule(SURVEY_READERS, sample="survey_round"),
        "surveys:round_close": Rule(SUPERVISION_DESK, sample="survey_round", method="POST"),
        "surveys:round_links": Rule(SUPERVISION_DESK, sample="survey_round", method="POST"),
        "surveys:response_new": Rule(SUPERVISION_DESK, sample="survey_invitation"),
        "surveys:response_detail": Rule(SURVEY_READERS, sample="survey_response"),
        "surveys:questionnaire_list": Rule(SURVEY_READERS),
        "surveys:questionnaire_detail": Rule(SURVEY_READERS, sample="questionnaire"),
        "surveys:questionnaire_edit": Rule(SUPERVISION_DESK, sample="questionnaire", method="POST"),
        "surveys:questionnaire_version": Rule(
            SUPERVISION_DESK, sample="questionnaire", method="POST"
        ),
        "surveys:question_new": Rule(SUPERVISION_DESK, sample="questionnaire"),
        "surveys:question_edit": Rule(SUPERVISION_DESK, sample="question"),
        "surveys:question_move": Rule(SUPERVISION_DESK, sample="question", method="POST"),
        "surveys:question_delete": Rule(SUPERVISION_DESK, sample="question", method="POST"),
        "survey:answer": Rule(PUBLIC, sample="survey_token", notes="the customer's link"),
        "followups:call_list": Rule(SURVEY_READERS),
        "followups:call_history": Rule(SURVEY_READERS),
        "followups:settings": Rule(SUPERVISION_DESK),
        "followups:call_detail": Rule(SURVEY_READERS, sample="followup_call"),
        "reports:list": Rule(
            ANY_STAFF, notes="published reports go to the whole company; drafts to supervision"
        ),
        "reports:generate": Rule(SUPERVISION_DESK, method="POST"),
        "reports:detail": Rule(ANY_STAFF, sample="report_published"),
        "reports:pdf": Rule(ANY_STAFF, sample="report_published"),
        "reports:xlsx": Rule(ANY_STAFF, sample="report_published"),
        "reports:regenerate": Rule(SUPERVISION_DESK, sample="report_draft", method="POST"),
        "reports:review": Rule(SUPERVISION_DESK, sample="report_draft", method="POST"),
        "reports:publish": Rule(SUPERVISION_DESK, sample="report_draft", method="POST"),
        # Two-step login (issue 9 item 1): one's own authenticator; administrators set the
        # policy and reset a lost phone.
        "mfa:verify": Rule(ANY_STAFF, notes="no authenticator yet: 302 to enrol"),
        "mfa:enrol": Rule(ANY_STAFF),
        "mfa:recovery_codes": Rule(ANY_STAFF, notes="shown once: 302 to the account page"),
        "mfa:account": Rule(ANY_STAFF),
        "mfa:administration": Rule(roles(ADMINISTRATOR)),
        "mfa:reset": Rule(roles(ADMINISTRATOR), sample="colleague", method="POST"),
        "mfa:activation": Rule(
            roles(ADMINISTRATOR), method="POST", notes="no username: back to the policy page"
        ),
    }
)

#: API endpoints that also write with a second method (API.md): URL name → (method, roles).
#: Readers of the same endpoint who may not write get 403.
API_WRITES: dict[str, tuple[str, frozenset[str]]] = {
    "api-customer-list": ("POST", CUSTOMER_EDITORS),
    "api-customer-detail": ("PATCH", CUSTOMER_EDITORS),
    "api-application-list": ("POST", FRONT_LINE),
}
