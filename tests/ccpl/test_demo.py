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
    for username in ("staff", "exec", "leader", "panel", "admin"):
        assert client.login(username=username, password="demo-password"), username
        client.logout()
    leader = get_user_model().objects.get(username="leader")
    assert leader.person.full_name == "Bethan Price"
    assert leader.groups.filter(name="Leader").exists()


@pytest.mark.django_db
def test_demo_data_is_refused_where_settings_forbid_it(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo")
    assert Person.objects.count() == 0
