"""The migration to pseudonymised equality answers keeps every answer with its owner
(ccpl 0007-0008, recruitment 0002), on a database that holds linked answers of people and
applicants, and leaves no link behind."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ccpl import selectors
from ccpl.models import EqualityProfile
from tests.factories import PersonFactory
from tests.recruitment.factories import ApplicationFactory

BEFORE = [("ccpl", "0006_move_reportjob_to_reports"), ("recruitment", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_linked_answers_move_to_their_pseudonyms(page_cache_paused):
    person, silent, other = PersonFactory(), PersonFactory(), PersonFactory()
    application = ApplicationFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Legacy = old.get_model("ccpl", "EqualityProfile")
    OldApplication = old.get_model("recruitment", "Application")
    Legacy.objects.create(person_id=person.pk, ethnicity="asian_indian", sex="female")
    Legacy.objects.create(person_id=other.pk, religion="sikh")
    applicant = Legacy.objects.create(person=None, ethnicity="black_african", age_band="30-39")
    OldApplication.objects.filter(pk=application.pk).update(equality_profile=applicant)
    Legacy.objects.create(person=None, sex="male")  # an orphan: linked to nobody

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert selectors.equality_answers_of(person)["ethnicity"] == "asian_indian"
    assert selectors.equality_answers_of(other)["religion"] == "sikh"
    assert selectors.equality_answers_of(silent) == {}
    answers = selectors.equality_answers_of(application)
    assert (answers["ethnicity"], answers["age_band"]) == ("black_african", "30-39")
    assert EqualityProfile.objects.count() == 3  # the orphan is gone
    tables = connection.introspection.table_names()
    assert "ccpl_legacyequalityprofile" not in tables
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "recruitment_application")
    assert not [c.name for c in columns if "equality" in c.name]
    assert selectors.equality_revision() >= 1
