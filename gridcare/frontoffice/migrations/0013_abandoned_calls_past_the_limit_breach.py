"""A call abandoned after ringing past the limit breaches "answered within N rings"
(R-2.8): calls already recorded are measured again, each with the ring standard in force
for its company on its date; one abandoned sooner keeps its ring time and stays counted
apart. Ring time of an abandoned call: its duration (it rang the whole call)."""

from django.conf import settings
from django.db import migrations, models

RING_CODE = "call.answer_rings"


def _profile_on(apps, company_id, day):
    """As rules.selectors.profile_in_force, on the models of this migration's state."""
    ProfileAssignment = apps.get_model("rules", "ProfileAssignment")
    RuleProfile = apps.get_model("rules", "RuleProfile")
    assignment = (
        ProfileAssignment.objects.filter(company_id=company_id, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )
    if assignment is not None:
        return assignment.profile_id
    return (
        RuleProfile.objects.filter(is_default=True, effective_from__lte=day)
        .values_list("pk", flat=True)
        .first()
    )


def _ring_rule(apps, company_id, day):
    """(standard id, period in ms, limit) in force, or None (calls then stay unmeasured)."""
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    profile_id = _profile_on(apps, company_id, day)
    standard = (
        ServiceStandard.objects.filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gt=day),
            profile_id=profile_id,
            code=RING_CODE,
            effective_from__lte=day,
        )
        .order_by("-version")
        .first()
    )
    period = standard and standard.parameters.get("ring_period_seconds")
    if not period:
        return None
    return standard.pk, round(float(period) * 1000), standard.amount


def recompute(apps, schema_editor):
    CallRecord = apps.get_model("frontoffice", "CallRecord")
    abandoned = CallRecord.objects.filter(
        disposition="no_answer", outcome="unanswered", answered_at__isnull=True
    )
    abandoned.filter(ring_ms__isnull=True).update(ring_ms=models.F("duration") * 1000)
    days = abandoned.values_list("company_id", "call_date").distinct().order_by()
    for company_id, day in list(days):
        rule = _ring_rule(apps, company_id, day)
        if rule is None:
            continue
        standard_id, period_ms, limit = rule
        # rings = ring_ms // period + 1 > limit  ⇔  ring_ms ≥ limit × period
        abandoned.filter(
            company_id=company_id, call_date=day, ring_ms__gte=limit * period_ms
        ).update(
            outcome="breached",
            rings=models.F("ring_ms") / period_ms + 1,
            standard_id=standard_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("frontoffice", "0012_conduct_texts_verbatim"),
        ("org", "0002_company_go_live"),
        ("rules", "0005_measures_effective_date_and_titles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="callrecord",
            name="frontoffice_call_outcome_valid",
        ),
        migrations.RemoveConstraint(
            model_name="callrecord",
            name="frontoffice_callback_unanswered_only",
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="callrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("answered_at__isnull", True),
                        ("outcome", "unanswered"),
                        ("rings__isnull", True),
                    ),
                    models.Q(
                        ("disposition", "answered"),
                        ("outcome__in", ["met", "breached"]),
                        ("answered_at__isnull", False),
                        ("ring_ms__isnull", False),
                        ("rings__gte", 1),
                    ),
                    models.Q(
                        ("answered_at__isnull", True),
                        ("disposition", "no_answer"),
                        ("outcome", "breached"),
                        ("ring_ms__isnull", False),
                        ("rings__gte", 1),
                    ),
                    models.Q(
                        ("answered_at__isnull", False),
                        ("disposition", "answered"),
                        ("outcome", "unmeasured"),
                        ("ring_ms__isnull", False),
                        ("rings__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="frontoffice_call_outcome_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="callrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("called_back_at__isnull", True), ("answered_at__isnull", True), _connector="OR"
                ),
                name="frontoffice_callback_unanswered_only",
            ),
        ),
    ]
