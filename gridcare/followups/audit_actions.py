"""How the audit trail of follow-up calls reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, model_fields, register
from gridcare.followups.models import FollowupCall, FollowupSettings


def register_actions() -> None:
    # The settings' data is {"changes": {field: [before, after]}}.
    register(
        {"followups.settings.changed": _("Follow-up settings changed")},
        fields={"changes": _("Changes"), **model_fields(FollowupSettings, changes=True)},
    )
    register(
        {
            "followups.call.queued": _("Follow-up call queued (due %(due)s)"),
            "followups.call.attempted": _("Follow-up call attempted"),
            "followups.call.reached": _("Customer reached on the follow-up call"),
            "followups.call.unreachable": _("Customer could not be reached"),
        },
        fields={
            "seed": _("Sampling seed"),
            "from": Field(_("Previous state"), dict(FollowupCall.State.choices)),
            "outcome": Field(_("Outcome"), dict(FollowupCall.Result.choices)),
            "attempt": _("Attempt"),
            "comment": _("Comment"),
            "matter": _("Matter"),
        },
    )
