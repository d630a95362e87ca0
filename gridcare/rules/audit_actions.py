"""How the audit trail of clocks and standards reads (see gridcare.core.audit_actions)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, register
from gridcare.rules.models import Clock
from gridcare.rules.selectors import standard_name


@lru_cache(maxsize=512)
def _standard_name(code: str, language: str | None) -> str:
    return standard_name(code)


def standard_words(code: str) -> str:
    """A standard's clause and title for its code, read once per language: a page of
    clock events names the same few standards many times."""
    return _standard_name(str(code), get_language())


def register_actions() -> None:
    state = Field(_("Outcome"), dict(Clock.State.choices))
    register(
        {
            "rules.clock.started": _("Clock started: %(standard)s, due %(due)s"),
            "rules.clock.stopped": _("Clock stopped"),
            "rules.clock.paused": _("Clock paused"),
            "rules.clock.resumed": _("Clock resumed, due date moved"),
            "rules.clock.breached": _("Clock overdue (due %(due)s)"),
            "rules.clock.ended_with_subject": _("Clock ended with its record"),
            "rules.clock.reassigned": _("Clock reassigned"),
            "rules.clock.deadlines_recomputed": _("Deadlines recomputed after a calendar change"),
            "rules.clock.due_recomputed": _("Due date recomputed"),
            "rules.exemption.requested": _("Exemption requested"),
            "rules.exemption.approved": _("Exemption approved"),
            "rules.exemption.rejected": _("Exemption rejected"),
            "rules.standard.revised": _("Service standard revised"),
            "rules.profile.adopted": _("Rule profile adopted"),
            "rules.profile.assigned": _("Rule profile assigned"),
            "rules.clause.added": _("Clause %(number)s added: %(title)s"),
            "rules.standard.added": _("Service standard added under clause %(clause)s"),
        },
        fields={
            "standard": Field(_("Standard"), render=standard_words),
            "code": Field(_("Standard"), render=standard_words),
            "state": state,
            "provisional": _("Provisional (calendar not yet published)"),
            "lead_time": _("Notice lead time"),
            "paused": _("Days paused"),
            "years": _("Years"),
            "changed": _("Changed"),
            "reconciled": _("Reconciled"),
            "profile": _("Rule profile"),
            "variant": _("Variant"),
            "number": _("Clause"),
            "title": _("Title"),
            "clause": _("Clause"),
            "limit": _("Limit"),
            "effective_from": _("In force from"),
            "source": _("Source"),
        },
    )
