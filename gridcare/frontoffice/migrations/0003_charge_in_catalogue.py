"""R-2.1 in the database: a charge is recorded only against a fee item of its company in
force on its date, at the item's amount times the quantity, and a fee item cannot later be
changed so that a recorded charge falls outside it. Triggers on both databases, so that no
path (form, API, admin, script) can get round it."""

from django.db import migrations

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION frontoffice_charge_in_catalogue() RETURNS trigger AS $$
DECLARE
    item frontoffice_feeitem%ROWTYPE;
BEGIN
    SELECT * INTO item FROM frontoffice_feeitem WHERE id = NEW.fee_item_id;
    IF NOT FOUND OR item.company_id <> NEW.company_id
       OR NEW.charged_on < item.effective_from
       OR (item.effective_to IS NOT NULL AND NEW.charged_on >= item.effective_to) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'frontoffice_charge_in_catalogue: fee item ' || NEW.fee_item_id
                      || ' is not in force on ' || NEW.charged_on,
            ERRCODE = 'check_violation';
    END IF;
    IF NEW.amount_fen <> item.amount_fen * NEW.quantity THEN
        RAISE EXCEPTION USING
            MESSAGE = 'frontoffice_charge_in_catalogue: amount differs from the catalogue',
            ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER frontoffice_charge_in_catalogue
    BEFORE INSERT OR UPDATE ON frontoffice_charge
    FOR EACH ROW EXECUTE FUNCTION frontoffice_charge_in_catalogue();

CREATE OR REPLACE FUNCTION frontoffice_feeitem_keeps_charges() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM frontoffice_charge c
        WHERE c.fee_item_id = NEW.id
          AND (c.company_id <> NEW.company_id
               OR c.charged_on < NEW.effective_from
               OR (NEW.effective_to IS NOT NULL AND c.charged_on >= NEW.effective_to)
               OR c.amount_fen <> NEW.amount_fen * c.quantity)
    ) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'frontoffice_feeitem_keeps_charges: recorded charges would fall outside',
            ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER frontoffice_feeitem_keeps_charges
    BEFORE UPDATE ON frontoffice_feeitem
    FOR EACH ROW EXECUTE FUNCTION frontoffice_feeitem_keeps_charges();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS frontoffice_charge_in_catalogue ON frontoffice_charge;
DROP FUNCTION IF EXISTS frontoffice_charge_in_catalogue();
DROP TRIGGER IF EXISTS frontoffice_feeitem_keeps_charges ON frontoffice_feeitem;
DROP FUNCTION IF EXISTS frontoffice_feeitem_keeps_charges();
"""

SQLITE_IN_FORCE = """
    SELECT RAISE(ABORT, 'frontoffice_charge_in_catalogue')
    WHERE NOT EXISTS (
        SELECT 1 FROM frontoffice_feeitem i
        WHERE i.id = NEW.fee_item_id
          AND i.company_id = NEW.company_id
          AND i.effective_from <= NEW.charged_on
          AND (i.effective_to IS NULL OR NEW.charged_on < i.effective_to)
          AND i.amount_fen * NEW.quantity = NEW.amount_fen
    );
"""

SQLITE_CREATE = [
    "CREATE TRIGGER frontoffice_charge_in_catalogue_insert BEFORE INSERT ON frontoffice_charge "
    f"BEGIN {SQLITE_IN_FORCE} END;",
    "CREATE TRIGGER frontoffice_charge_in_catalogue_update BEFORE UPDATE ON frontoffice_charge "
    f"BEGIN {SQLITE_IN_FORCE} END;",
    """CREATE TRIGGER frontoffice_feeitem_keeps_charges BEFORE UPDATE ON frontoffice_feeitem
    BEGIN
        SELECT RAISE(ABORT, 'frontoffice_feeitem_keeps_charges')
        WHERE EXISTS (
            SELECT 1 FROM frontoffice_charge c
            WHERE c.fee_item_id = NEW.id
              AND (c.company_id <> NEW.company_id
                   OR c.charged_on < NEW.effective_from
                   OR (NEW.effective_to IS NOT NULL AND c.charged_on >= NEW.effective_to)
                   OR c.amount_fen <> NEW.amount_fen * c.quantity)
        );
    END;""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS frontoffice_charge_in_catalogue_insert;",
    "DROP TRIGGER IF EXISTS frontoffice_charge_in_catalogue_update;",
    "DROP TRIGGER IF EXISTS frontoffice_feeitem_keeps_charges;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("frontoffice", "0002_seed_reference_data")]

    operations = [migrations.RunPython(forwards, backwards)]
