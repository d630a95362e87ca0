"""The survey section of the half-year analysis report (R-3.8.3 on the data of R-3.8.2)
and the dashboard's coverage figure: one aggregate query per figure and half year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from gridcare.keyaccounts.halves import half_start
from gridcare.org.models import Company
from gridcare.reports.sections import Chart, Figure, Period, SectionResult, Table
from gridcare.surveys.models import SurveyAnswer, SurveyInvitation
from gridcare.surveys.selectors import response_rate, surveyed_count

#: Below these, a point needs attention (the scale runs 1–5).
LOW_SCORE = 3.0
LOW_RATE = 80.0


def _counts(company: Company, period: Period) -> dict[str, Any]:
    counts = SurveyInvitation.objects.filter(
        company=company, round__half_start__gte=period.start, round__half_start__lte=period.end
    ).aggregate(invited=Count("id"), responded=Count("response"))
    counts["rate"] = response_rate(counts["responded"], counts["invited"])
    return counts


def _had(counts: dict[str, Any], key: str) -> int | None:
    """A count of a half year that had a survey round; none when it had none (no data is
    not zero: the report shows "—", not a change from 0)."""
    return counts[key] if counts["invited"] else None


def _scale_answers(company: Company, period: Period) -> Any:
    return SurveyAnswer.objects.filter(
        response__company=company,
        response__round__half_start__gte=period.start,
        response__round__half_start__lte=period.end,
        score__isnull=False,
    )


def _mean(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _by_question(company: Company, period: Period) -> dict[str, dict[str, Any]]:
    """Mean score per scale question; versions of a questionnaire share a question's
    wording, so a question is followed across versions by its text."""
    rows = (
        _scale_answers(company, period)
        .values("question__text")
        .annotate(mean=Avg("score"), n=Count("id"))
        .order_by()
    )
    return {row["question__text"]: row for row in rows}


def compute_section(company: Company, period: Period, previous: Period) -> SectionResult:
    now, before = _counts(company, period), _counts(company, previous)
    mean_now = _scale_answers(company, period).aggregate(m=Avg("score"))["m"]
    mean_before = _scale_answers(company, previous).aggregate(m=Avg("score"))["m"]
    questions, questions_before = _by_question(company, period), _by_question(company, previous)
    texts = sorted(questions, key=lambda t: (questions[t]["mean"], t))
    result = SectionResult(
        figures=[
            Figure(_("Key accounts invited"), now["invited"], _had(before, "invited")),
            Figure(_("Responses"), now["responded"], _had(before, "responded")),
            Figure(_("Response rate"), now["rate"], before["rate"], unit="%"),
            Figure(_("Mean score (1–5)"), _mean(mean_now), _mean(mean_before)),
        ],
        tables=[
            Table(
                title=_("Mean score per question"),
                columns=[_("Question"), _("Answers"), _("Mean score"), _("Previous half year")],
                rows=[
                    [
                        text,
                        questions[text]["n"],
                        _mean(questions[text]["mean"]),
                        _mean(questions_before.get(text, {}).get("mean")),
                    ]
                    for text in texts
                ],
            )
        ]
        if texts
        else [],
        charts=[
            Chart(
                title=_("Mean score per question"),
                kind="bar",
                categories=[text[:30] for text in texts],
                series=[
                    (
                        _("Previous half year"),
                        [_mean(questions_before.get(t, {}).get("mean")) for t in texts],
                    ),
                    (_("This half year"), [_mean(questions[t]["mean"]) for t in texts]),
                ],
            )
        ]
        if texts
        else [],
    )
    if now["invited"] == 0:
        result.attention.append(_("No key account was surveyed this half year (3.8.2)."))
    elif now["rate"] is not None and now["rate"] < LOW_RATE:
        result.attention.append(
            _("Only %(rate)s%% of the key accounts answered the survey (below %(floor)d%%).")
            % {"rate": now["rate"], "floor": int(LOW_RATE)}
        )
    for text in texts:
        mean = questions[text]["mean"]
        if mean is not None and mean < LOW_SCORE:
            result.attention.append(
                _("“%(question)s” scored %(mean).2f on average, below %(floor).0f.")
                % {"question": text, "mean": mean, "floor": LOW_SCORE}
            )
    return result


def surveyed_this_half(company: Company, date_from: date, date_to: date) -> int:
    """Dashboard figure: key accounts that answered the survey of the half year holding
    `date_from` (one indexed count)."""
    return surveyed_count(company.pk, half_start(date_from))
