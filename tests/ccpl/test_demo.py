import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from ccpl.models import EqualityProfile, Person, Place, Priority


def _table_counts():
    """Rows in every table but the page caches' data versions (ccpl.pagecache)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table in ("django_migrations", "ccpl_datachange"):
                continue
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_a_second_load_adds_nothing_anywhere(demo_db):
    # The demo is loaded once per test process (tests/demo_snapshot.py, the real
    # command) and copied in; loading it again must add no row to any table: no
    # duplicate, no second e-mail, and (writing nothing) no audit history.
    first = _table_counts()
    assert first["ccpl_person"] >= 80
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _table_counts() == first


def test_demo_people(demo_db):
    assert Person.objects.count() >= 80
    assert Priority.objects.count() == 5
    assert Place.objects.count() == 6
    # Varied equality answers: several broad ethnic groups and both sexes.
    groups = {p.ethnic_group for p in EqualityProfile.objects.all()}
    assert {"white", "asian", "black"} <= groups
    assert set(EqualityProfile.objects.values_list("sex", flat=True)) >= {"female", "male"}


def test_demo_accounts_can_sign_in_with_the_demo_password(demo_db, client):
    for username in ("staff", "exec", "leader", "panel", "board", "admin"):
        assert client.login(username=username, password="demo-password"), username
        client.logout()
    leader = get_user_model().objects.get(username="leader")
    assert leader.person.full_name == "Bethan Price"
    assert leader.groups.filter(name="Leader").exists()
    board = get_user_model().objects.get(username="board")
    assert (board.first_name, board.last_name) == ("Helen", "Okafor")
    assert list(board.groups.values_list("name", flat=True)) == ["Board member"]


def test_demo_admin_uses_the_django_admin_and_nobody_else_does(demo_db, client):
    User = get_user_model()
    # An older demo database gave the CCPL team the admin: loading again takes it away.
    User.objects.filter(username="staff").update(is_staff=True)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.login(username="admin", password="demo-password")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/ccpl/person/").status_code == 200
    client.logout()
    for username in ("staff", "exec", "leader", "panel", "board"):
        assert client.login(username=username, password="demo-password"), username
        assert client.get("/admin/", follow=True).status_code == 403, username
        client.logout()
    assert not User.objects.filter(is_staff=True).exclude(username="admin").exists()


@pytest.mark.django_db
def test_demo_data_is_refused_where_settings_forbid_it(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo")
    assert Person.objects.count() == 0
