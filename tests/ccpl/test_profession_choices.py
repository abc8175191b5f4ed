"""Profession selects: grouped by family (optgroups) in a stable order, with a plain empty
choice, on every form built on the NHS form base (the public application form included)."""

import re

import pytest
from django.utils.text import slugify

from ccpl.forms import PROFESSION_EMPTY_LABEL, PersonForm
from ccpl.models import ProfessionalGroup
from recruitment.forms import ApplicationForm, TalentPoolForm


def _group(name, order, parent=None):
    return ProfessionalGroup.objects.create(
        name=name, slug=slugify(name), order=order, parent=parent
    )


@pytest.fixture
def professions(db):
    """As the demo numbers them: a family every 10, its professions after it, so a family
    with more than 9 professions runs into the next family's numbers."""
    ahp = _group("Allied health professions", 10)
    for position, name in enumerate(
        ["Art therapists", "Dietitians", "Dramatherapists", "Music therapists", "Osteopaths",
         "Orthoptists", "Paramedics", "Physiotherapists", "Podiatrists", "Radiographers",
         "Speech and language therapists"],
        start=1,
    ):  # fmt: skip
        _group(name, 10 + position, ahp)
    nursing = _group("Nursing and midwifery", 20)
    _group("Adult nurses", 21, nursing)
    _group("Midwives", 22, nursing)
    _group("Dentistry", 30)
    social = _group("Social work", 40)
    _group("Children's social work", 41, social)


def _options(html):
    """[(optgroup label or None, option text)] in document order."""
    select = re.search(r"<select[^>]*>(.*?)</select>", html, re.S).group(1)
    found, group = [], None
    for tag in re.finditer(r'<optgroup label="([^"]*)">|</optgroup>|<option[^>]*>([^<]*)<', select):
        if tag.group(0).startswith("<optgroup"):
            group = tag.group(1)
        elif tag.group(0) == "</optgroup>":
            group = None
        else:
            found.append((group, tag.group(2)))
    return found


@pytest.mark.parametrize("form_class", [ApplicationForm, TalentPoolForm, PersonForm])
def test_professions_are_grouped_in_a_stable_order(professions, form_class):
    options = _options(str(form_class()["professional_group"]))
    assert options[0] == (None, PROFESSION_EMPTY_LABEL)
    assert "---------" not in [text for _, text in options]
    ahp = [text for group, text in options if group == "Allied health professions"]
    assert ahp[0] == "Allied health professions"
    assert ahp[1:] == [
        "Art therapists", "Dietitians", "Dramatherapists", "Music therapists", "Osteopaths",
        "Orthoptists", "Paramedics", "Physiotherapists", "Podiatrists", "Radiographers",
        "Speech and language therapists",
    ]  # fmt: skip
    # No nursing item among the allied health professions, whatever the order numbers say.
    groups = [group for group, _ in options[1:]]
    assert groups == (
        ["Allied health professions"] * 12
        + ["Nursing and midwifery"] * 3
        + [None]  # Dentistry has no professions of its own: a plain choice
        + ["Social work"] * 2
    )
    assert (None, "Dentistry") in options


def test_the_grouped_select_still_validates_and_saves_a_choice(professions):
    midwives = ProfessionalGroup.objects.get(name="Midwives")
    form = PersonForm(
        data={"given_name": "Ada", "family_name": "Lovelace", "professional_group": midwives.pk}
    )
    form.is_valid()
    assert "professional_group" not in form.errors
    assert form.cleaned_data["professional_group"] == midwives
    html = str(form["professional_group"])
    assert re.search(rf'<option value="{midwives.pk}" selected>Midwives</option>', html)


def test_a_filter_keeps_its_own_empty_choice(client, professions):
    """The register's filter says "Any professional group", not "Select a profession"."""
    page = client.get("/roles/").content.decode()
    assert ">Any professional group</option>" in page
    assert PROFESSION_EMPTY_LABEL not in page
