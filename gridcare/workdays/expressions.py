"""Date parts in plain SQL, for CHECK constraints that hold on SQLite and PostgreSQL alike.

Django's ExtractIsoWeekDay compiles on SQLite to ``django_date_extract(...)``, a Python
function Django registers on its own connections only. Inside a CHECK constraint that would
make the table unwritable from any other client (``manage.py dbshell``, the sqlite3 tool,
backup and repair scripts): every INSERT or UPDATE fails with "no such function". These
expressions use SQLite's built-in ``strftime`` (deterministic without 'now', so allowed in
CHECK constraints) and standard ``EXTRACT`` on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Func, IntegerField


class _DatePart(Func):
    # Templates write a literal "%" as "%%%%": one level of escaping for the template
    # itself, one for the query (or DDL) the SQL is finally %-formatted into.
    arity = 1
    output_field = IntegerField()
    sqlite_template = ""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, template=self.sqlite_template, **extra_context)


class IsoWeekday(_DatePart):
    """ISO weekday of a date: Monday = 1 ... Sunday = 7."""

    template = "EXTRACT(ISODOW FROM %(expressions)s)"
    # strftime('%w') counts Sunday = 0 ... Saturday = 6; shift it onto the ISO numbering.
    sqlite_template = "((CAST(strftime('%%%%w', %(expressions)s) AS INTEGER) + 6) %%%% 7 + 1)"


class Year(_DatePart):
    """Calendar year of a date."""

    template = "EXTRACT(YEAR FROM %(expressions)s)"
    sqlite_template = "CAST(strftime('%%%%Y', %(expressions)s) AS INTEGER)"
