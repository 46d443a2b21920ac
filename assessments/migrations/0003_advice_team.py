"""Each advice request carries its case's team (AdviceRequest.team), kept by the
database so that a manager's dashboards read one team's index range instead of the
council's advice joined to the assessments and cases (issue #22). Hand-written SQL,
PostgreSQL and SQLite each their own, as casework's 0003_deadline_team:

- on insert, and on an update that changes the request's assessment or team, its team is
  set from the assessment's case (PostgreSQL locks the case row FOR UPDATE, so that a
  concurrent move of the case to another team either waits for this row or is seen);
- when a case changes team, or an assessment changes case, its advice requests follow.

The existing rows are filled with one UPDATE before the triggers exist.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL_POSTGRES = """
UPDATE assessments_advicerequest AS r SET team_id = c.team_id
  FROM assessments_needsassessment AS a
  JOIN casework_child AS c ON c.id = a.child_id
 WHERE a.id = r.assessment_id AND r.team_id IS DISTINCT FROM c.team_id;
"""
FILL_SQLITE = """
UPDATE assessments_advicerequest SET team_id = (
    SELECT c.team_id FROM assessments_needsassessment AS a
      JOIN casework_child AS c ON c.id = a.child_id
     WHERE a.id = assessments_advicerequest.assessment_id);
"""

TEAM_POSTGRES_UP = """
CREATE OR REPLACE FUNCTION assessments_advice_team() RETURNS trigger AS $$
BEGIN
    -- The case's team, the case's row locked (as casework_deadline_team does).
    SELECT c.team_id INTO NEW.team_id
      FROM assessments_needsassessment AS a
      JOIN casework_child AS c ON c.id = a.child_id
     WHERE a.id = NEW.assessment_id
       FOR UPDATE OF c;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_advice_team_insert BEFORE INSERT ON assessments_advicerequest
    FOR EACH ROW EXECUTE FUNCTION assessments_advice_team();
CREATE TRIGGER assessments_advice_team_update BEFORE UPDATE OF assessment_id, team_id
    ON assessments_advicerequest FOR EACH ROW
    WHEN (NEW.assessment_id IS DISTINCT FROM OLD.assessment_id
          OR NEW.team_id IS DISTINCT FROM OLD.team_id)
    EXECUTE FUNCTION assessments_advice_team();

CREATE OR REPLACE FUNCTION assessments_child_team_advice() RETURNS trigger AS $$
BEGIN
    UPDATE assessments_advicerequest AS r SET team_id = NEW.team_id
      FROM assessments_needsassessment AS a
     WHERE a.child_id = NEW.id AND r.assessment_id = a.id
       AND r.team_id IS DISTINCT FROM NEW.team_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_child_team_advice AFTER UPDATE OF team_id ON casework_child
    FOR EACH ROW WHEN (NEW.team_id IS DISTINCT FROM OLD.team_id)
    EXECUTE FUNCTION assessments_child_team_advice();

CREATE OR REPLACE FUNCTION assessments_assessment_case_advice() RETURNS trigger AS $$
BEGIN
    -- Written through the advice requests' own trigger, which reads the new case.
    UPDATE assessments_advicerequest AS r SET team_id = c.team_id
      FROM casework_child AS c
     WHERE c.id = NEW.child_id AND r.assessment_id = NEW.id
       AND r.team_id IS DISTINCT FROM c.team_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_assessment_case_advice
    AFTER UPDATE OF child_id ON assessments_needsassessment
    FOR EACH ROW WHEN (NEW.child_id IS DISTINCT FROM OLD.child_id)
    EXECUTE FUNCTION assessments_assessment_case_advice();
"""
TEAM_POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS assessments_assessment_case_advice ON assessments_needsassessment;
DROP TRIGGER IF EXISTS assessments_child_team_advice ON casework_child;
DROP TRIGGER IF EXISTS assessments_advice_team_insert ON assessments_advicerequest;
DROP TRIGGER IF EXISTS assessments_advice_team_update ON assessments_advicerequest;
DROP FUNCTION IF EXISTS assessments_assessment_case_advice();
DROP FUNCTION IF EXISTS assessments_child_team_advice();
DROP FUNCTION IF EXISTS assessments_advice_team();
"""

# SQLite: the row is corrected just after it is written (one writer at a time).
_SQLITE_CASE_TEAM = """(SELECT c.team_id FROM assessments_needsassessment AS a
                         JOIN casework_child AS c ON c.id = a.child_id
                        WHERE a.id = NEW.assessment_id)"""
TEAM_SQLITE_UP = [
    f"""CREATE TRIGGER assessments_advice_team_insert AFTER INSERT ON assessments_advicerequest
        BEGIN UPDATE assessments_advicerequest SET team_id = {_SQLITE_CASE_TEAM}
               WHERE id = NEW.id; END;""",  # noqa: S608 - a constant subquery
    f"""CREATE TRIGGER assessments_advice_team_update
        AFTER UPDATE OF assessment_id, team_id ON assessments_advicerequest
        WHEN NEW.team_id IS NOT {_SQLITE_CASE_TEAM}
        BEGIN UPDATE assessments_advicerequest SET team_id = {_SQLITE_CASE_TEAM}
               WHERE id = NEW.id; END;""",  # noqa: S608 - a constant subquery
    """CREATE TRIGGER assessments_child_team_advice AFTER UPDATE OF team_id ON casework_child
        WHEN NEW.team_id IS NOT OLD.team_id
        BEGIN UPDATE assessments_advicerequest SET team_id = NEW.team_id
               WHERE team_id IS NOT NEW.team_id AND assessment_id IN (
                     SELECT a.id FROM assessments_needsassessment AS a
                      WHERE a.child_id = NEW.id); END;""",
    """CREATE TRIGGER assessments_assessment_case_advice
        AFTER UPDATE OF child_id ON assessments_needsassessment
        WHEN NEW.child_id IS NOT OLD.child_id
        BEGIN UPDATE assessments_advicerequest
                 SET team_id = (SELECT c.team_id FROM casework_child AS c
                                 WHERE c.id = NEW.child_id)
               WHERE assessment_id = NEW.id; END;""",
]
TEAM_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS assessments_assessment_case_advice;",
    "DROP TRIGGER IF EXISTS assessments_child_team_advice;",
    "DROP TRIGGER IF EXISTS assessments_advice_team_insert;",
    "DROP TRIGGER IF EXISTS assessments_advice_team_update;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("assessments", "0002_initial"),
        # The team column is filled from the cases; the cases' team trigger of casework
        # is its sibling.
        ("casework", "0003_deadline_team"),
    ]

    operations = [
        migrations.AddField(
            model_name="advicerequest",
            name="team",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.team",
            ),
        ),
        migrations.RunPython(
            _run({"postgresql": [FILL_POSTGRES], "sqlite": [FILL_SQLITE]}),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            _run({"postgresql": [TEAM_POSTGRES_UP], "sqlite": TEAM_SQLITE_UP}),
            _run({"postgresql": [TEAM_POSTGRES_DOWN], "sqlite": TEAM_SQLITE_DOWN}),
        ),
        migrations.AddIndex(
            model_name="advicerequest",
            index=models.Index(
                condition=models.Q(("status", "received")),
                fields=["team", "received_on"],
                include=("kind", "due_on", "exception_reason"),
                name="advice_team_received_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="advicerequest",
            index=models.Index(
                condition=models.Q(("status", "requested")),
                fields=["team", "due_on"],
                include=("kind",),
                name="advice_team_requested_idx",
            ),
        ),
    ]
