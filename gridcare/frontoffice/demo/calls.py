"""A year of service-phone calls as the phone system would write them (an Asterisk
Master.csv), imported through the real import, then call-backs of unanswered callers."""

from __future__ import annotations

import tempfile
from datetime import timedelta

from django.utils import timezone

from gridcare.frontoffice.demo.common import days, is_working_day, local, rng, staff_of
from gridcare.frontoffice.models import AgentExtension, CallBack, CallImport, CallRecord
from gridcare.frontoffice.services.cdr_import import call_import_create, call_import_run
from gridcare.org.models import Company

SERVICE_NUMBER = "95598"
# Three lines a real export can carry, to show how rejected lines are listed.
BAD_LINES = [
    '"","13800000000","95598","from-pstn"\n',
    '"","13800000001","95598","from-pstn","","SIP/trunk-1","SIP/8001-1","Queue","",'
    '"2025-02-30 09:00:00","","2025-02-30 09:01:00",60,0,"NO ANSWER","DOCUMENTATION","bad.1",""\n',
    '"","13800000002","95598","from-pstn","","SIP/trunk-2","SIP/8001-2","Queue","",'
    '"2025-03-03 09:00:10","2025-03-03 09:00:00","2025-03-03 09:05:00",290,300,"ANSWERED",'
    '"DOCUMENTATION","bad.2",""\n',
]


def _ring_seconds(r) -> float:  # type: ignore[no-untyped-def]
    draw = r.random()
    if draw < 0.70:
        return r.uniform(1, 14)
    if draw < 0.93:
        return r.uniform(14, 24.9)
    return r.uniform(25, 48)  # about 7 % answered after the 5th ring


def _lines(company: Company):  # type: ignore[no-untyped-def]
    r = rng(5_2025)
    extensions = list(
        AgentExtension.objects.filter(company=company).values_list("extension", flat=True)
    )
    now = timezone.localtime()
    sequence = 0
    for day in days():
        calls = r.randint(110, 170) if is_working_day(day) else r.randint(35, 60)
        starts = sorted(r.gauss(13.5 * 3600, 3.2 * 3600) for _ in range(calls))
        for seconds in starts:
            seconds = min(max(seconds, 7.5 * 3600), 21 * 3600)
            start = local(day, int(seconds))
            if start >= now - timedelta(minutes=2):
                continue
            sequence += 1
            caller = f"13{r.randint(0, 9)}{r.randint(10_000_000, 99_999_999)}"
            extension = r.choice(extensions)
            draw = r.random()
            # About 8 % of callers are not answered; those who hang up after ringing past
            # the limit count as breaches of the ring measure.
            disposition = "ANSWERED"
            for limit, name in ((0.06, "NO ANSWER"), (0.075, "BUSY"), (0.08, "FAILED")):
                if draw < limit:
                    disposition = name
                    break
            if disposition == "ANSWERED":
                ring = int(_ring_seconds(r))
                talk = int(r.lognormvariate(4.8, 0.6))
                answer = start + timedelta(seconds=ring)
                answer_text = answer.strftime("%Y-%m-%d %H:%M:%S")
            elif disposition == "NO ANSWER":
                # Most callers who give up do so within a few rings (median about 12 s);
                # some wait past the limit, and those are breaches.
                ring, talk, answer_text = max(2, int(r.lognormvariate(2.5, 0.5))), 0, ""
            else:
                ring, talk, answer_text = r.randint(20, 60), 0, ""
            end = start + timedelta(seconds=ring + talk)
            yield (
                f'"","{caller}","{SERVICE_NUMBER}","from-pstn","""{caller}"" <{caller}>",'
                f'"SIP/trunk-{sequence:08x}","SIP/{extension}-{sequence:08x}","Queue",'
                f'"service,t,,,300","{start:%Y-%m-%d %H:%M:%S}","{answer_text}",'
                f'"{end:%Y-%m-%d %H:%M:%S}",{ring + talk},{talk},"{disposition}",'
                f'"DOCUMENTATION","{int(start.timestamp())}.{sequence}",""\r\n'
            )
    yield from (line.replace("\n", "\r\n") for line in BAD_LINES)


def load_calls(company: Company) -> int:
    with tempfile.TemporaryFile() as file:
        for line in _lines(company):
            file.write(line.encode())
        size = file.tell()
        file.seek(0)
        batch = call_import_create(
            company=company,
            source=CallImport.Source.DEMO,
            filename="Master.csv",
            size=size,
            actor=None,
        )
        result = call_import_run(batch=batch, stream=file, actor=None)
    _call_backs(company)
    return result.imported


def _call_backs(company: Company) -> None:
    """Most unanswered callers were called back within the day; the last days' wait."""
    r = rng(7_2025)
    agents = staff_of(company, "csc")
    cutoff = timezone.localdate() - timedelta(days=1)
    unanswered = CallRecord.objects.filter(
        company=company, answered_at__isnull=True, call_date__lt=cutoff
    ).values_list("pk", "started_at")
    callbacks, reached = [], []
    for pk, started_at in unanswered.iterator():
        if r.random() < 0.9:
            at = started_at + timedelta(minutes=r.randint(5, 240))
            callbacks.append(CallBack(call_id=pk, at=at, by=r.choice(agents), reached=True))
            reached.append((pk, at))
    CallBack.objects.bulk_create(callbacks, batch_size=1000)
    for pk, at in reached:
        CallRecord.objects.filter(pk=pk).update(called_back_at=at)
