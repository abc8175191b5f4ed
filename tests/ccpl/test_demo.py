import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ccpl.models import Benchmark, EqualityProfile, Organisation, Person, Place, Priority


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Place, Organisation, Person, EqualityProfile, Priority, Benchmark)
    } | {
        "users": get_user_model().objects.count(),
        # A second load writes nothing, so it adds no audit history either.
        "history": Person.history.count() + Benchmark.history.count(),
    }


@pytest.mark.django_db
def test_demo_loads_twice_without_duplicates():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    assert first["Person"] >= 80
    assert first["Priority"] == 5
    assert first["Place"] == 6
    # Varied equality answers: several broad ethnic groups and both sexes.
    groups = {p.ethnic_group for p in EqualityProfile.objects.all()}
    assert {"white", "asian", "black"} <= groups
    assert set(EqualityProfile.objects.values_list("sex", flat=True)) >= {"female", "male"}


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_with_the_demo_password(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username in ("staff", "exec", "leader", "panel", "board", "admin"):
        assert client.login(username=username, password="demo-password"), username
        client.logout()
    leader = get_user_model().objects.get(username="leader")
    assert leader.person.full_name == "Bethan Price"
    assert leader.groups.filter(name="Leader").exists()
    board = get_user_model().objects.get(username="board")
    assert (board.first_name, board.last_name) == ("Helen", "Okafor")
    assert list(board.groups.values_list("name", flat=True)) == ["Board member"]


@pytest.mark.django_db
def test_demo_admin_uses_the_django_admin_and_nobody_else_does(client):
    User = get_user_model()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
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
