"""{% limit "code" voltage="10kv" %}: the limit of the standard in force, in words (R-DEF).

The company is the one given (`company=`), else the page's `company`, else the user's;
the standards of a company are read once per request, however many limits a page states.
"""

from __future__ import annotations

from typing import Any

from django import template

from gridcare.org.models import Company
from gridcare.org.selectors import company_for
from gridcare.rules.limits import Limits, limits_of
from gridcare.rules.models import ServiceStandard

register = template.Library()


def _limits(context: template.Context, company: Company | None) -> Limits:
    request = context.get("request")
    if company is None:
        page_company = context.get("company")
        if isinstance(page_company, Company):
            company = page_company
        elif request is not None:
            company = company_for(request.user)
    if request is None:
        return limits_of(company)
    cache: dict[int | None, Limits] = request.__dict__.setdefault("_gc_limits", {})
    key = company.pk if company is not None else None
    if key not in cache:
        cache[key] = limits_of(company)
    return cache[key]


@register.simple_tag(takes_context=True)
def limit_standard(
    context: template.Context, code: str, company: Company | None = None, **attrs: Any
) -> ServiceStandard | None:
    """The standard in force behind a stated limit, for its source and interpretation."""
    return _limits(context, company).standard(code, attrs)


@register.simple_tag(takes_context=True)
def limit(
    context: template.Context, code: str, company: Company | None = None, **attrs: Any
) -> str:
    """ "5 rings": the amount and unit of `code` for a subject with `attrs`."""
    return _limits(context, company).text(code, attrs)
