"""Demo data of the measures engine: the demo county company owns its measures.

The measures are seeded as the deployment's shared default profile; the demo company
adopts them as its own from the day they take effect, before any demo record starts a
clock, so that its marketing department can revise its limits (R-1.3) and its whole
history is measured by its own profile.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gridcare.org.models import Company
from gridcare.rules.models import RuleProfile
from gridcare.rules.services import profile_adopt


def load_demo(company: Company) -> str:
    own = RuleProfile.objects.filter(company=company).first()
    if own is not None:
        return _("rules: %(profile)s already the company's own") % {"profile": own.code}
    shared = RuleProfile.objects.filter(is_default=True).first()
    if shared is None:
        return _("rules: no shared profile to adopt")
    own = profile_adopt(
        company=company, profile=shared, effective_from=shared.effective_from, actor=None
    )
    return _("rules: %(profile)s adopted as the company's own") % {"profile": own.code}
