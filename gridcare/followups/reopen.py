"""A dissatisfied follow-up answer goes back to the record's owner (R-3.8.2: "a
dissatisfied answer reopens the matter for its owner").

- A matter is reopened through the front office's own service (`matter_reopen`: status
  back to open, `reopened` counted, audited), with the customer's words as the reason,
  and its owner is notified.
- An application or a fault report is not reopened: its process ended with power on. The
  customer's dissatisfaction becomes a new matter of kind "opinion" (意見: not a complaint,
  which would start the complaint clocks and count in the complaint figures), opened by the
  officer who called and handed, with the reason, to the person responsible for the record
  (`matter_owner_change`, which notifies them). When nobody in the responsible department
  can take it, the officer keeps it.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from gridcare.core.services import notify
from gridcare.followups.models import FollowupCall
from gridcare.frontoffice.models import Matter
from gridcare.frontoffice.services.matters import matter_open, matter_owner_change, matter_reopen
from gridcare.org.models import Position, Staff
from gridcare.org.selectors import staff_of

# Who in a department takes a returned matter: its head first.
_SENIORITY = Case(
    When(position__kind=Position.Kind.DIRECTOR, then=Value(0)),
    When(position__kind=Position.Kind.DEPUTY_DIRECTOR, then=Value(1)),
    When(position__kind=Position.Kind.TEAM_LEADER, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def return_to_owner(*, call: FollowupCall, actor: Any) -> Matter:
    """Give the dissatisfied answer of `call` to its owner; the matter reopened or opened.
    Runs inside the caller's transaction (followup_call_record)."""
    if call.kind == FollowupCall.Kind.MATTER:
        return _reopen_matter(call, actor)
    return _open_matter(call, actor)


def _reopen_matter(call: FollowupCall, actor: Any) -> Matter:
    matter = Matter.objects.select_related("owner__user").get(pk=cast(int, call.matter_id))
    if matter.status == Matter.Status.CLOSED:
        matter = matter_reopen(
            matter=matter,
            reason=_("Follow-up call %(call)s: %(comment)s")
            % {"call": call.reference, "comment": call.comment},
            actor=actor,
        )
    # A matter someone reopened since stays open; its owner still hears what was said.
    notify(
        recipient=matter.owner.user,
        key=f"followup-dissatisfied:{call.pk}",
        title=_("Follow-up call: the customer is dissatisfied with %(matter)s")
        % {"matter": matter},
        body=call.comment,
        url=matter.get_absolute_url(),
    )
    return matter


def _responsible(call: FollowupCall) -> Staff | None:
    if call.kind == FollowupCall.Kind.APPLICATION and call.application is not None:
        staff = call.application.responsible_staff
        if staff is not None and staff.user.is_active:
            return staff
    if call.department_id is None:
        return None
    return (
        Staff.objects.filter(department_id=call.department_id, user__is_active=True)
        .select_related("user")
        .annotate(seniority=_SENIORITY)
        .order_by("seniority", "employee_number")
        .first()
    )


def _open_matter(call: FollowupCall, actor: Any) -> Matter:
    record = call.record
    customer = getattr(record, "customer", None)
    matter = matter_open(
        company=call.company,
        kind=Matter.Kind.OPINION,
        channel=Matter.Channel.PHONE,
        subject=_("Follow-up call %(call)s: dissatisfied with %(record)s")
        % {"call": call.reference, "record": record},
        description=call.comment,
        customer_name=call.customer_name,
        customer_phone=call.phone,
        customer_account=customer.account_number if customer is not None else "",
        actor=actor,
    )
    owner = _responsible(call)
    officer = staff_of(actor)
    if owner is not None and officer is not None and owner.pk != officer.pk:
        matter = matter_owner_change(
            matter=matter,
            owner=owner,
            reason=_("The customer was dissatisfied at the follow-up call of %(record)s.")
            % {"record": record},
            actor=actor,
        )
    return matter
