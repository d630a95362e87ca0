"""R-3.8.2: a sample of closed records is queued for a follow-up call; the sample is
reproducible from its seed, and every complaint is called back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gridcare.core.models import AuditEvent
from gridcare.followups.models import FollowupCall, FollowupScan
from gridcare.followups.sampling import in_sample
from gridcare.followups.services import followup_settings_update, followups_queue
from gridcare.followups.tasks import queue_followups
from gridcare.workdays.selectors import calendar_snapshot


def sample(seed: int, percent: int = 10, n: int = 1000, kind: str = "matter") -> set[int]:
    return {
        i for i in range(1, n + 1) if in_sample(seed=seed, kind=kind, record_id=i, percent=percent)
    }


def test_the_same_seed_draws_the_same_sample_and_another_seed_another():
    assert sample(7) == sample(7)
    assert sample(7) != sample(8)
    assert sample(7, kind="matter") != sample(7, kind="fault")


@pytest.mark.parametrize("percent", [0, 5, 10, 30, 100])
def test_the_share_drawn_is_close_to_the_setting_on_1000_records(percent):
    drawn = len(sample(42, percent))
    # A binomial draw of 1,000: within 3.5 standard deviations of the expected share.
    spread = 3.5 * (1000 * percent / 100 * (1 - percent / 100)) ** 0.5
    assert abs(drawn - 10 * percent) <= spread


def test_a_larger_share_keeps_every_record_of_a_smaller_one():
    assert sample(3, 10) <= sample(3, 20)


@pytest.mark.django_db
def test_queueing_takes_the_sample_every_complaint_and_nothing_twice(
    company, supervision_officer, closed_matter, closed_application, closed_fault
):
    followup_settings_update(company=company, actor=supervision_officer, seed=11, sample_percent=30)
    matters = [closed_matter() for _ in range(40)]
    complaints = [closed_matter(complaint=True) for _ in range(5)]
    applications = [closed_application() for _ in range(20)]
    faults = [closed_fault() for _ in range(20)]

    queued = followups_queue(company=company)

    expected = {
        ("matter", m.pk)
        for m in matters
        if in_sample(seed=11, kind="matter", record_id=m.pk, percent=30)
    }
    expected |= {("matter", m.pk) for m in complaints}
    expected |= {
        ("application", a.pk)
        for a in applications
        if in_sample(seed=11, kind="application", record_id=a.pk, percent=30)
    }
    expected |= {
        ("fault", f.pk)
        for f in faults
        if in_sample(seed=11, kind="fault", record_id=f.pk, percent=30)
    }
    got = {
        (c.kind, c.matter_id or c.application_id or c.fault_id) for c in FollowupCall.objects.all()
    }
    assert got == expected and queued == len(expected)
    assert {c.reason for c in FollowupCall.objects.filter(matter__in=complaints)} == {"complaint"}
    assert AuditEvent.objects.filter(action="followups.call.queued").count() == len(expected)
    # A second scan (the next night, or the task run twice) queues nothing new.
    assert followups_queue(company=company) == 0
    queue_followups.call_local()
    assert FollowupCall.objects.count() == len(expected)


@pytest.mark.django_db
def test_a_kind_switched_off_is_not_sampled_but_complaints_still_are(
    company, supervision_officer, closed_matter, closed_fault
):
    followup_settings_update(
        company=company,
        actor=supervision_officer,
        sample_percent=100,
        sample_matters=False,
        sample_faults=False,
    )
    closed_matter()
    complaint = closed_matter(complaint=True)
    closed_fault()
    followups_queue(company=company)
    assert list(FollowupCall.objects.values_list("matter_id", flat=True)) == [complaint.pk]


@pytest.mark.django_db
def test_a_scan_reads_only_records_closed_since_its_last_mark(
    company, supervision_officer, closed_matter
):
    followup_settings_update(company=company, actor=supervision_officer, sample_percent=100)
    now = timezone.now()
    old = closed_matter(closed_at=now - timedelta(days=60))
    recent = closed_matter(closed_at=now - timedelta(days=2))
    followups_queue(company=company, until=now)
    assert list(FollowupCall.objects.values_list("matter_id", flat=True)) == [recent.pk]
    assert FollowupScan.objects.get(company=company).scanned_until == now
    # Looking further back explicitly (the command's --since) finds the older one.
    call_command(
        "queue_followups",
        "--company",
        company.code,
        "--since",
        f"{(now - timedelta(days=90)).date()}",
    )
    assert FollowupCall.objects.filter(matter=old).exists()


@pytest.mark.django_db
def test_the_call_is_due_within_the_working_days_set(company, supervision_officer, closed_matter):
    followup_settings_update(
        company=company, actor=supervision_officer, sample_percent=100, due_working_days=2
    )
    closed_matter()
    now = timezone.now()
    followups_queue(company=company, until=now)
    call = FollowupCall.objects.get()
    assert call.due == calendar_snapshot().add_working_days(timezone.localdate(now), 2).date


@pytest.mark.django_db
def test_settings_changes_are_audited_and_bad_values_change_nothing(company, supervision_officer):
    from gridcare.core.errors import DomainError
    from gridcare.followups.models import FollowupSettings

    followup_settings_update(company=company, actor=supervision_officer, sample_percent=15)
    with pytest.raises(DomainError) as refused:
        followup_settings_update(company=company, actor=supervision_officer, sample_percent=150)
    assert refused.value.field == "sample_percent"
    assert FollowupSettings.objects.get(company=company).sample_percent == 15
    event = AuditEvent.objects.get(action="followups.settings.changed")
    assert event.payload["changes"]["sample_percent"] == [10, 15]
