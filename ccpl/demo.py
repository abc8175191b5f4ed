"""Demo ICB in the Gloucestershire mould: Places, partners, professions, people, accounts.

Deterministic (seeded) and idempotent: everything is found by a natural key and
created only when missing, so loading twice changes nothing.
"""

import random

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from . import equality, rules, services
from .access import mfa_required
from .models import (
    EqualityProfile,
    IntegratedCareBoard,
    Organisation,
    Person,
    Place,
    Priority,
    ProfessionalGroup,
)

DEMO_PASSWORD = "demo-password"
# The demo's staff accounts (staff, exec, admin) must use MFA like everyone of their kind:
# each gets an authenticator app with this published secret. Add it to any authenticator
# app, or print the current code with `manage.py demo_totp_code` (README).
DEMO_TOTP_SECRET = "CCPLDEMOCCPLDEMOCCPLDEMOCCPLDEMO"
SEED = 2022

PLACES = [
    "Cheltenham",
    "Cotswolds",
    "Forest of Dean",
    "Gloucester City",
    "Stroud and Berkeley Vale",
    "Tewkesbury",
]

ORGANISATIONS = [
    ("NHS Gloucestershire Integrated Care Board", "icb", None),
    ("Gloucestershire Hospitals NHS Foundation Trust", "trust", None),
    ("Gloucestershire Health and Care NHS Foundation Trust", "trust", None),
    ("South Western Ambulance Service NHS Foundation Trust", "trust", None),
    ("Gloucestershire County Council", "local_authority", None),
    ("Cheltenham Central PCN", "pcn", "Cheltenham"),
    ("North Cotswolds PCN", "pcn", "Cotswolds"),
    ("South Cotswolds PCN", "pcn", "Cotswolds"),
    ("Forest of Dean PCN", "pcn", "Forest of Dean"),
    ("Gloucester City PCN", "pcn", "Gloucester City"),
    ("Inner City Gloucester PCN", "pcn", "Gloucester City"),
    ("Stroud Victoria PCN", "pcn", "Stroud and Berkeley Vale"),
    ("Berkeley Vale PCN", "pcn", "Stroud and Berkeley Vale"),
    ("Tewkesbury, Newent and Staunton PCN", "pcn", "Tewkesbury"),
    ("Royal Crescent Surgery", "general_practice", "Cheltenham"),
    ("Cinderford Health Centre", "general_practice", "Forest of Dean"),
    ("Gloucestershire Voluntary and Community Sector Alliance", "vcse", None),
    ("Forest of Dean Carers Hub", "vcse", "Forest of Dean"),
]

# (family, under-represented, [(profession, under-represented)])
PROFESSIONAL_GROUPS = [
    (
        "Allied health professions",
        False,
        [
            ("Art therapists", True),
            ("Dietitians", False),
            ("Dramatherapists", True),
            ("Music therapists", True),
            ("Occupational therapists", False),
            ("Operating department practitioners", True),
            ("Orthoptists", True),
            ("Osteopaths", True),
            ("Paramedics", False),
            ("Physiotherapists", False),
            ("Podiatrists", False),
            ("Prosthetists and orthotists", True),
            ("Radiographers", False),
            ("Speech and language therapists", False),
        ],
    ),
    (
        "Nursing and midwifery",
        False,
        [
            ("Adult nurses", False),
            ("Mental health nurses", True),
            ("Learning disability nurses", True),
            ("Children's nurses", False),
            ("Midwives", False),
        ],
    ),
    (
        "Medical",
        False,
        [
            ("General practitioners", False),
            ("Hospital consultants", False),
            ("Psychiatrists", True),
        ],
    ),
    ("Pharmacy", False, [("Community pharmacists", True), ("Clinical pharmacists", False)]),
    ("Dentistry", True, []),
    ("Optometry", True, []),
    ("Psychology", False, []),
    ("Healthcare science", True, []),
    ("Public health", False, []),
    ("Social work", True, [("Adult social work", True), ("Children's social work", True)]),
    ("Other professions", False, []),
]

PRIORITIES = [
    (
        1,
        "Integrated into decision-making",
        "Ensure that the full range of clinical and professional leaders from diverse backgrounds are "
        "integrated into system decision-making at all levels, supporting this with a flow of "
        "communications and opportunities for dialogue.",
        "Ensure that the full range of clinical and care professional leaders from diverse backgrounds "
        "are integrated into system decision making at all levels supported by good communication "
        "arrangements.",
    ),
    (
        2,
        "Shared learning and collaboration",
        "Nurture a culture that systematically embraces shared learning, supporting clinical and care "
        "professional leaders to collaborate and innovate with a wide range of partners, including "
        "patients and local communities.",
        "Create a culture that embraces shared learning, supporting leaders to collaborate and innovate "
        "working with partners, patients and communities.",
    ),
    (
        3,
        "Protected time, support and infrastructure",
        "Support clinical and care professional leaders throughout the system to be involved and "
        "invested in ICS planning and delivery, with appropriate protected time, support and "
        "infrastructure to carry out this work.",
        "Ensure leaders have appropriate protected time, support and infrastructure to carry out their "
        "roles.",
    ),
    (
        4,
        "Leadership training and development",
        "Create a support offer for clinical and care professional leaders at all levels of the system, "
        "one which enables them to learn and develop alongside non-clinical leaders, and provides "
        "training and development opportunities that recognise the different kind of leadership skills "
        "required when working across organisational and professional boundaries.",
        "Provide dedicated leadership training and development opportunities recognising the skills "
        "needed for co-production across professional boundaries.",
    ),
    (
        5,
        "Transparent recruitment and a diverse pipeline",
        "Adopt a transparent approach to identifying and recruiting leaders which promotes equity of "
        "opportunity and creates a professionally and demographically diverse talent pipeline that "
        "reflects the community served.",
        "Adopt arrangements to identify and recruit leaders that promote equity of opportunity, making a "
        "professionally and demographically diverse talent pipeline.",
    ),
]

GIVEN_NAMES = [
    "Amelia",
    "Oliver",
    "Priya",
    "James",
    "Sarah",
    "Mohammed",
    "Rachel",
    "Thomas",
    "Helen",
    "David",
    "Grace",
    "Daniel",
    "Aisha",
    "Matthew",
    "Joanne",
    "Chidi",
    "Emma",
    "Richard",
    "Nadia",
    "Peter",
    "Catherine",
    "Kwame",
    "Laura",
    "Andrew",
    "Mei",
    "Simon",
    "Hannah",
    "Rajesh",
    "Claire",
    "Mark",
    "Fatima",
    "Stephen",
    "Bethan",
    "Tomasz",
    "Louise",
    "Imran",
    "Victoria",
    "Paul",
    "Olu",
    "Sian",
]
FAMILY_NAMES = [
    "Hughes",
    "Patel",
    "Morgan",
    "Clarke",
    "Okafor",
    "Bennett",
    "Khan",
    "Price",
    "Evans",
    "Wright",
    "Ahmed",
    "Turner",
    "Davies",
    "Nowak",
    "Harris",
    "Mensah",
    "Roberts",
    "Chen",
    "Walker",
    "Singh",
    "Lewis",
    "Adeyemi",
    "Cooper",
    "Hussain",
    "Ward",
    "Jones",
    "Begum",
    "Baker",
    "Thompson",
    "Reid",
]

# Relative weights: medical groups dominate, as the seeds found (fewer nurses, AHPs, social care).
PROFESSION_WEIGHTS = {
    "General practitioners": 18,
    "Hospital consultants": 10,
    "Psychiatrists": 2,
    "Adult nurses": 8,
    "Mental health nurses": 2,
    "Children's nurses": 2,
    "Midwives": 2,
    "Physiotherapists": 3,
    "Occupational therapists": 3,
    "Paramedics": 3,
    "Speech and language therapists": 2,
    "Dietitians": 1,
    "Podiatrists": 1,
    "Radiographers": 1,
    "Clinical pharmacists": 3,
    "Community pharmacists": 1,
    "Psychology": 2,
    "Public health": 2,
    "Adult social work": 2,
    "Children's social work": 1,
    "Healthcare science": 1,
    "Optometry": 1,
    "Dentistry": 1,
}

JOB_TITLES = {
    "General practitioners": "GP partner",
    "Hospital consultants": "Consultant",
    "Psychiatrists": "Consultant psychiatrist",
    "Adult nurses": "Nurse consultant",
    "Mental health nurses": "Lead mental health nurse",
    "Children's nurses": "Matron, children's services",
    "Midwives": "Consultant midwife",
    "Clinical pharmacists": "PCN clinical pharmacist",
    "Community pharmacists": "Community pharmacist",
    "Adult social work": "Principal social worker",
    "Children's social work": "Team manager, children's social care",
    "Public health": "Consultant in public health",
}

# Broad population shares (2021 Census, rounded), by system and by Place.
POPULATION_ETHNICITY = {
    None: {"white": 0.936, "asian": 0.026, "black": 0.010, "mixed": 0.020, "other": 0.008},
    "Gloucester City": {
        "white": 0.847,
        "asian": 0.066,
        "black": 0.035,
        "mixed": 0.036,
        "other": 0.016,
    },
    "Cheltenham": {"white": 0.910, "asian": 0.044, "black": 0.010, "mixed": 0.026, "other": 0.010},
    "Cotswolds": {"white": 0.972, "asian": 0.010, "black": 0.003, "mixed": 0.012, "other": 0.003},
    "Forest of Dean": {
        "white": 0.979,
        "asian": 0.006,
        "black": 0.003,
        "mixed": 0.010,
        "other": 0.002,
    },
    "Stroud and Berkeley Vale": {
        "white": 0.967,
        "asian": 0.011,
        "black": 0.005,
        "mixed": 0.014,
        "other": 0.003,
    },
    "Tewkesbury": {"white": 0.951, "asian": 0.023, "black": 0.007, "mixed": 0.015, "other": 0.004},
}
POPULATION_SEX = {"female": 0.510, "male": 0.490}
POPULATION_AGE = {"16-29": 0.190, "30-39": 0.150, "40-49": 0.150, "50-59": 0.170, "60+": 0.340}
WORKFORCE_PROFESSIONS = {
    "nursing-and-midwifery": 0.380,
    "allied-health-professions": 0.140,
    "medical": 0.120,
    "social-work": 0.060,
    "pharmacy": 0.040,
    "healthcare-science": 0.040,
    "psychology": 0.030,
    "dentistry": 0.020,
    "optometry": 0.010,
    "public-health": 0.010,
    "other-professions": 0.150,
}

DEMO_ACCOUNTS = [
    # username, user kind, is_staff, is_superuser, linked person (given, family) or None
    ("staff", rules.CCPL_TEAM, False, False, ("Joanne", "Whitfield")),
    ("exec", rules.EXECUTIVE, False, False, ("Ananya", "Rao")),
    ("leader", rules.LEADER, False, False, ("Bethan", "Price")),
    ("panel", rules.RECRUITMENT_PANEL, False, False, None),
    ("board", rules.BOARD_MEMBER, False, False, None),
    ("admin", rules.SYSTEM_ADMINISTRATOR, True, True, None),
]
# Accounts with no person record (a panel member from outside, a non-executive member of
# the board, the administrator).
UNLINKED_ACCOUNT_NAMES = {
    "panel": ("Marcus", "Doyle"),
    "board": ("Helen", "Okafor"),
    "admin": ("Chris", "Adeyemi"),
}


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _icb():
    icb = IntegratedCareBoard.objects.order_by("pk").first()
    if icb is None:
        icb = IntegratedCareBoard.objects.create(
            name="NHS Gloucestershire Integrated Care Board",
            short_name="NHS Gloucestershire ICB",
            system_name="One Gloucestershire",
            cmo_name="Dr Ananya Rao",
            cno_name="Helen Matthews",
            website="https://www.nhsglos.nhs.uk",
            framework_summary=(
                "Our framework for clinical and care professional leadership sets out how doctors, "
                "nurses, allied health professionals, pharmacists, social workers and other professionals "
                "lead and shape health and care across Gloucestershire. It is built around five "
                "priorities and a plan of 20 actions, overseen by the Clinical and Care Professional "
                "Council and reported every year to the Integrated Care Board."
            ),
        )
    return icb


def _professional_groups():
    order = 0
    for family, family_under, children in PROFESSIONAL_GROUPS:
        order += 10
        parent, _ = ProfessionalGroup.objects.get_or_create(
            name=family,
            defaults={"slug": slugify(family), "under_represented": family_under, "order": order},
        )
        for position, (child, under) in enumerate(children, start=1):
            ProfessionalGroup.objects.get_or_create(
                name=child,
                defaults={
                    "slug": slugify(child),
                    "parent": parent,
                    "under_represented": under,
                    "order": order + position,
                },
            )


def _random_profile(rng) -> dict:
    def maybe(value):
        return equality.PREFER_NOT_TO_SAY if rng.random() < 0.06 else value

    ethnicity = _weighted(
        rng,
        {
            "white_british": 70,
            "white_irish": 2,
            "white_other": 6,
            "asian_indian": 6,
            "asian_pakistani": 2,
            "asian_bangladeshi": 1,
            "asian_chinese": 1,
            "black_african": 4,
            "black_caribbean": 2,
            "mixed_white_black_caribbean": 1,
            "mixed_white_asian": 2,
            "other_arab": 1,
            "prefer_not_to_say": 2,
        },
    )
    return {
        "age_band": maybe(
            _weighted(rng, {"30-39": 20, "40-49": 35, "50-59": 33, "60+": 10, "16-29": 2})
        ),
        "sex": maybe(_weighted(rng, {"female": 52, "male": 48})),
        "gender_same_as_birth": maybe(_weighted(rng, {"yes": 98, "no": 2})),
        "ethnicity": ethnicity,
        "disability": maybe(_weighted(rng, {"no": 88, "yes": 12})),
        "sexual_orientation": maybe(
            _weighted(
                rng,
                {"heterosexual": 90, "gay_lesbian": 4, "bisexual": 3, "not_sure": 1, "other": 1},
            )
        ),
        "religion": maybe(
            _weighted(
                rng,
                {
                    "christian": 40,
                    "none": 42,
                    "muslim": 5,
                    "hindu": 5,
                    "sikh": 2,
                    "jewish": 1,
                    "buddhist": 1,
                    "other": 2,
                },
            )
        ),
    }


def _people(rng, count=80):
    profiles = []
    groups = {g.name: g for g in ProfessionalGroup.objects.all()}
    places = list(Place.objects.all())
    organisations = {o.name: o for o in Organisation.objects.select_related("place")}
    system_orgs = [o for o in organisations.values() if o.place is None and o.kind != "vcse"]
    named = [person for _username, _kind, _staff, _super, person in DEMO_ACCOUNTS if person]
    names = list(named)
    while len(names) < count:
        name = (rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES))
        if name not in names:
            names.append(name)
    for given, family in names:
        email = f"{given}.{family}@nhs.net".lower()
        if Person.objects.filter(email__iexact=email).exists():
            continue
        profession = _weighted(rng, PROFESSION_WEIGHTS)
        place = rng.choice(places)
        if profession == "General practitioners":
            local = [
                o
                for o in organisations.values()
                if o.place_id == place.pk and o.kind in ("pcn", "general_practice")
            ]
            organisation = rng.choice(local) if local else rng.choice(system_orgs)
        elif profession in ("Adult social work", "Children's social work", "Public health"):
            organisation = organisations["Gloucestershire County Council"]
        elif profession == "Paramedics":
            organisation = organisations["South Western Ambulance Service NHS Foundation Trust"]
        else:
            organisation = rng.choice(system_orgs)
        person = Person.objects.create(
            given_name=given,
            family_name=family,
            email=email,
            job_title=JOB_TITLES.get(profession, "Clinical lead"),
            professional_group=groups[profession],
            organisation=organisation,
            place=place,
        )
        # About one in eight has not yet answered the monitoring questions.
        if rng.random() > 0.12:
            subject = EqualityProfile.subject_for(person)
            profiles.append(EqualityProfile(subject=subject, **_random_profile(rng)))
    # Stored in random order, as the nightly mix would leave them (docs/adr/0002).
    rng.shuffle(profiles)
    EqualityProfile.objects.bulk_create(profiles)


def _benchmarks():
    places = {p.name: p for p in Place.objects.all()}
    rows = []
    for place_name, shares in POPULATION_ETHNICITY.items():
        if place_name is not None and place_name not in places:
            continue
        for category, share in shares.items():
            rows.append(_row("population", "ethnic_group", category, place_name, share))
    for category, share in POPULATION_SEX.items():
        rows.append(_row("population", "sex", category, None, share))
    for category, share in POPULATION_AGE.items():
        rows.append(_row("population", "age_band", category, None, share))
    for category, share in WORKFORCE_PROFESSIONS.items():
        rows.append(_row("workforce", "professional_group", category, None, share))
    services.benchmarks_import(rows=rows)


def _row(benchmark, dimension, category, place, share):
    return {
        "benchmark": benchmark,
        "dimension": dimension,
        "category": category,
        "place": place or "",
        "share": f"{share:.4f}",
    }


def _accounts():
    User = get_user_model()
    for username, kind, is_staff, is_superuser, person_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@ccpl.example.nhs.uk"}
        )
        # Kept as listed on every load: only the administrator may use the Django admin.
        if created or (user.is_staff, user.is_superuser) != (is_staff, is_superuser):
            user.is_staff, user.is_superuser = is_staff, is_superuser
            if created:
                user.set_password(DEMO_PASSWORD)
            user.save()
        # Named as people are named everywhere (never by username).
        first, last = person_name or UNLINKED_ACCOUNT_NAMES[username]
        if (user.first_name, user.last_name) != (first, last):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        user.groups.add(Group.objects.get(name=kind))
        if mfa_required(user) and not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if person_name:
            person = Person.objects.get(given_name=person_name[0], family_name=person_name[1])
            if person.user_id is None:
                person.user = user
                person.save(update_fields=["user"])


def load(*, stdout):
    rng = random.Random(SEED)
    services.user_kinds_ensure()
    _icb()
    for name in PLACES:
        Place.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    places = {p.name: p for p in Place.objects.all()}
    for name, kind, place_name in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "place": places.get(place_name)}
        )
    _professional_groups()
    for number, short_title, nhse, local in PRIORITIES:
        Priority.objects.get_or_create(
            number=number,
            defaults={"short_title": short_title, "nhse_wording": nhse, "local_wording": local},
        )
    _people(rng)
    _benchmarks()
    _accounts()
    stdout.write(f"  {Person.objects.count()} people, {Place.objects.count()} Places")
