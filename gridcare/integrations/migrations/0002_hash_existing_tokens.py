"""Keys of the earlier token table were kept in clear: each becomes a hashed token here
(expiring API_TOKEN_DAYS after it was made, like every token), and the clear rows are
deleted, so no key is left readable in the database."""

import hashlib
from datetime import UTC, timedelta

from django.conf import settings
from django.db import migrations

OLD_TABLE = "authtoken_token"


def _aware(value):
    # SQLite hands back the stored UTC time without its zone.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def hash_clear_keys(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("integrations", "ApiToken")
    table = schema_editor.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {table}")  # noqa: S608 - constant
        rows = cursor.fetchall()
        ApiToken.objects.bulk_create(
            ApiToken(
                user_id=user_id,
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                prefix=key[:8],
                created_at=created,
                expires_at=created + timedelta(days=settings.API_TOKEN_DAYS),
            )
            for key, user_id, created in ((k, u, _aware(c)) for k, u, c in rows)
        )
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - constant


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_initial")]

    operations = [migrations.RunPython(hash_clear_keys, migrations.RunPython.noop)]
