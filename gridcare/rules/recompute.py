"""Recompute stored deadlines after the working-day calendar changed (R-CAL-3).

Deliberately set-based: the clocks that can move are those counted in working days that
were provisional or whose counting interval reaches into a changed year. Their new due
date depends only on (start date, working days to count), so the distinct pairs (a few
thousand at most, whatever the number of clocks) are computed in Python with the pure
arithmetic, loaded into a temporary table, and then one INSERT … SELECT writes an audit
row for each due date that changes and one UPDATE … FROM moves them. The few clocks whose
state must change with their due date (a stopped clock that becomes met or breached, a
breached clock whose due moved into the future) are then reconciled one by one, since each
opens or withdraws a breach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gridcare.rules.models import Clock
from gridcare.workdays.selectors import calendar_snapshot

MAP_TABLE = "rules_due_map"
ACTION = "rules.clock.due_recomputed"


@dataclass(frozen=True)
class RecomputeResult:
    candidates: int
    changed: int
    reconciled: int


def _affected_filter(years: list[int]) -> tuple[str, list[date]]:
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    where = "c.unit = 'working_days' AND (c.provisional OR (c.due >= %s AND c.start_date <= %s))"
    return where, [first, last]


def _create_map(pairs: list[tuple[date, int, date, bool]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MAP_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {MAP_TABLE} "
            "(start_date date NOT NULL, total integer NOT NULL, due date NOT NULL, "
            "provisional boolean NOT NULL, PRIMARY KEY (start_date, total))"
        )
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {MAP_TABLE} FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in pairs:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {MAP_TABLE} VALUES (%s, %s, %s, %s)", pairs)  # noqa: S608
        # Autovacuum never analyses a temporary table: without this the planner guesses
        # its size and may pick a nested loop over a million clocks.
        cursor.execute(f"ANALYZE {MAP_TABLE}")


def _json_payload_sql() -> str:
    if connection.vendor == "postgresql":
        return "jsonb_build_object('from', c.due, 'to', m.due, 'provisional', m.provisional)"
    return "json_object('from', c.due, 'to', m.due, 'provisional', json(CASE WHEN m.provisional THEN 'true' ELSE 'false' END))"  # noqa: E501


@transaction.atomic
def clocks_recompute(*, years: list[int], actor_id: int | None) -> RecomputeResult:
    """Move every stored working-day deadline that the change of `years` affects."""
    if not years:
        return RecomputeResult(0, 0, 0)
    snapshot = calendar_snapshot()
    where, params = _affected_filter(years)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT c.start_date, c.amount + c.paused_days FROM rules_clock c WHERE {where}",  # noqa: E501, S608
            params,
        )
        distinct = cursor.fetchall()
    pairs = []
    for start, total in distinct:
        start = date.fromisoformat(start) if isinstance(start, str) else start
        result = snapshot.add_working_days(start, total)
        pairs.append((start, total, result.date, result.provisional))
    _create_map(pairs)
    now = timezone.now()
    clock_type = ContentType.objects.get_for_model(Clock).pk
    join = (
        f"FROM rules_clock c JOIN {MAP_TABLE} m "
        "ON m.start_date = c.start_date AND m.total = c.amount + c.paused_days "
        f"WHERE {where} AND (c.due <> m.due OR c.provisional <> m.provisional)"
    )
    today = timezone.localdate()
    with connection.cursor() as cursor:
        # The rows whose verdict the new due date changes (a stopped clock now late or in
        # time, a breached one no longer overdue), read before the update: a handful, where
        # reading every moved clock back would cost more than the update itself.
        cursor.execute(
            f"SELECT c.id {join} AND c.due <> m.due AND ("
            "(c.stopped_at IS NOT NULL AND c.state = 'met' AND c.period_date > m.due) "
            "OR (c.stopped_at IS NOT NULL AND c.state = 'breached' AND c.period_date <= m.due) "
            "OR (c.stopped_at IS NULL AND c.state = 'breached' AND m.due >= %s))",
            [*params, today],
        )
        touched = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "INSERT INTO core_auditevent (at, action, actor_id, actor_label, company_id, "
            "object_type_id, object_id, object_repr, payload, ip_address) "
            f"SELECT %s, %s, %s, '', c.company_id, %s, CAST(c.id AS varchar(64)), '', "
            f"{_json_payload_sql()}, NULL {join} AND c.due <> m.due",
            [now, ACTION, actor_id, clock_type, *params],
        )
        changed = cursor.rowcount
        cursor.execute(
            "UPDATE rules_clock SET due = m.due, provisional = m.provisional, "  # noqa: S608
            "calendar_version = %s, "
            "period_date = CASE WHEN rules_clock.stopped_at IS NULL THEN m.due "
            "ELSE rules_clock.period_date END "
            f"FROM {MAP_TABLE} m WHERE m.start_date = rules_clock.start_date "
            "AND m.total = rules_clock.amount + rules_clock.paused_days "
            f"AND {where.replace('c.', 'rules_clock.')} "
            "AND (rules_clock.due <> m.due OR rules_clock.provisional <> m.provisional)",
            [snapshot.version, *params],
        )
        cursor.execute(f"DROP TABLE {MAP_TABLE}")
    reconciled = _reconcile_states(touched, today)
    return RecomputeResult(candidates=len(pairs), changed=changed, reconciled=reconciled)


def _reconcile_states(clock_ids: list[int], today: date) -> int:
    """Set met/breached/running again where the new due date changes the verdict."""
    from gridcare.rules.services import _breach_withdraw, breaches_open

    reconciled = 0
    for start in range(0, len(clock_ids), 1000):
        batch = Clock.objects.filter(pk__in=clock_ids[start : start + 1000]).select_related(
            "standard__clause"
        )
        for clock in batch:
            if clock.stopped_at is not None:
                state = Clock.State.MET if clock.period_date <= clock.due else Clock.State.BREACHED
            elif clock.state == Clock.State.BREACHED and clock.due >= today:
                state = Clock.State.RUNNING
            else:
                continue
            if state == clock.state:
                continue
            clock.state = state
            clock.save(update_fields=["state"])
            if state == Clock.State.BREACHED:
                breaches_open([clock])
            else:
                _breach_withdraw(clock, gettext("the working-day calendar was corrected"))
            reconciled += 1
    return reconciled
