"""Demo forums in the Gloucestershire mould, built on the core demo's Places and people.

Deterministic (seeded) and idempotent: forums, links and members are found by natural
keys; meetings, terms of reference and papers are only made for a forum that has none.
"""

import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from ccpl.models import Organisation, Person, Place, Priority, ProfessionalGroup

from . import services
from .models import CoproductionReview, Decision, Forum, Meeting, Membership, ReportingLine

SEED = 3
BOARD = "Integrated Care Board"
COUNCIL = "Clinical and Care Professional Council"
ASSEMBLY = "Clinical and Care Professional Assembly"
SENATE = "System Senate"
AHP_COUNCIL = "Allied Health Professions Council"
PROGRAMME_BOARD = "Clinical Programme Board"
FACULTY = "Leadership Faculty"
JOURNAL_CLUB = "Multi-professional Journal Club"

# name, kind, frequency, public, members, purpose
SYSTEM_FORUMS = [
    (
        BOARD,
        "board",
        "bimonthly",
        True,
        10,
        "The statutory board of the integrated care board. It sets the strategy, holds the "
        "system to account and receives the annual report on clinical and care professional "
        "leadership.",
    ),
    (
        COUNCIL,
        "council",
        "monthly",
        True,
        14,
        "Brings together senior clinical and care professional leaders from every profession "
        "and partner. Oversees the leadership framework and its action plan and reports "
        "progress to the board.",
    ),
    (
        ASSEMBLY,
        "assembly",
        "monthly",
        True,
        20,
        "A system-wide group of 20 leaders from different professions and backgrounds. "
        "Members support and learn from each other and give professional advice on the "
        "system's priorities.",
    ),
    (
        SENATE,
        "senate",
        "quarterly",
        True,
        15,
        "Health and care professionals come together to explore new ways of working and to "
        "advise the board on business planning and priorities.",
    ),
    (
        AHP_COUNCIL,
        "professional_network",
        "monthly",
        True,
        10,
        "The voice of the 14 allied health professions across the system. A model other "
        "professional groups can use to build their own voice.",
    ),
    (
        PROGRAMME_BOARD,
        "programme_group",
        "monthly",
        False,
        10,
        "Oversees the clinical programme groups and makes sure transformation work is "
        "clinically led and co-produced with people who use services.",
    ),
    (
        "Respiratory Clinical Programme Group",
        "programme_group",
        "bimonthly",
        False,
        7,
        "Leads the redesign of respiratory pathways across primary, community and hospital care.",
    ),
    (
        "Diabetes Clinical Programme Group",
        "programme_group",
        "bimonthly",
        False,
        7,
        "Leads work to prevent type 2 diabetes and improve care for people living with diabetes.",
    ),
    (
        "Mental Health Clinical Programme Group",
        "programme_group",
        "bimonthly",
        False,
        7,
        "Leads transformation of adult and children's mental health services.",
    ),
    (
        FACULTY,
        "faculty",
        "quarterly",
        False,
        6,
        "Plans and runs leadership learning programmes, including an incubator programme for "
        "new leaders.",
    ),
    (
        JOURNAL_CLUB,
        "journal_club",
        "monthly",
        True,
        10,
        "A monthly club where leaders from groups under-represented in leadership review "
        "articles together.",
    ),
]

# forum, reports_to, nature
REPORTING_LINES = [
    (COUNCIL, BOARD, "reports_to"),
    (PROGRAMME_BOARD, BOARD, "reports_to"),
    (SENATE, BOARD, "advises"),
    (ASSEMBLY, COUNCIL, "reports_to"),
    (ASSEMBLY, SENATE, "advises"),
    (AHP_COUNCIL, COUNCIL, "reports_to"),
    (FACULTY, COUNCIL, "reports_to"),
    (JOURNAL_CLUB, FACULTY, "reports_to"),
    ("Respiratory Clinical Programme Group", PROGRAMME_BOARD, "reports_to"),
    ("Diabetes Clinical Programme Group", PROGRAMME_BOARD, "reports_to"),
    ("Mental Health Clinical Programme Group", PROGRAMME_BOARD, "reports_to"),
    ("Mental Health Clinical Programme Group", COUNCIL, "escalates_to"),
]

# Members who are not clinical or care leaders: (given, family, member type, organisation).
COMMUNITY_VOICES = [
    ("Margaret", "Ellis", "lived_experience", None),
    ("Tariq", "Hamid", "lived_experience", None),
    ("Joy", "Campbell", "lived_experience", None),
    ("Frank", "Osei", "lived_experience", None),
    ("Eleanor", "Marsh", "vcse", "Gloucestershire Voluntary and Community Sector Alliance"),
    ("Gareth", "Pugh", "vcse", "Forest of Dean Carers Hub"),
    ("Sunita", "Varma", "elected_member", "Gloucestershire County Council"),
    ("Robert", "Hale", "elected_member", "Gloucestershire County Council"),
]

# Which community voices sit where (by family name); some forums deliberately have none.
VOICES_BY_FORUM = {
    BOARD: ["Hale"],
    COUNCIL: ["Ellis", "Marsh"],
    ASSEMBLY: ["Ellis", "Hamid", "Marsh"],
    SENATE: ["Campbell", "Varma", "Pugh"],
    PROGRAMME_BOARD: ["Osei"],
    "Mental Health Clinical Programme Group": ["Hamid"],
}

DECISIONS = [
    (
        1,
        "Agreed the revised terms of reference and recommended them to the board for approval.",
    ),
    (1, "Agreed to map how the clinical and care groups connect and share it with members."),
    (1, "Asked each Place to nominate a social care and a community pharmacy member."),
    (2, "Agreed to invite people with lived experience to co-produce the next workshop."),
    (2, "Endorsed a shared learning event on population health for all professions."),
    (3, "Asked partner organisations to confirm protected time for leaders in job plans."),
    (3, "Agreed that leaders' sessional time will be reviewed every 6 months."),
    (4, "Supported the incubator programme for new leaders, starting in the autumn."),
    (4, "Agreed a shadowing offer for people interested in leadership roles."),
    (5, "Agreed that every vacancy will be advertised through all professional networks."),
    (5, "Asked for recruitment figures by profession and ethnicity at the next meeting."),
    (None, "Noted the progress report and agreed no further action."),
]

MINUTES_TOPICS = [
    "progress on the leadership action plan",
    "the results of the annual temperature check",
    "winter planning and how professional leaders can support it",
    "protected time for leaders and how it is recorded",
    "communication with clinical and care leaders across Places",
    "the population health priorities for the coming year",
    "how under-represented professions can build their own voice",
    "recruitment to vacant leadership roles",
]


def _community_voices():
    organisations = {o.name: o for o in Organisation.objects.all()}
    voices = {}
    for given, family, member_type, organisation in COMMUNITY_VOICES:
        email = f"{given}.{family}@example.org.uk".lower()
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            person = Person.objects.create(
                given_name=given,
                family_name=family,
                email=email,
                job_title={
                    "lived_experience": "Expert by experience",
                    "vcse": "Chief officer",
                    "elected_member": "County councillor",
                }[member_type],
                organisation=organisations.get(organisation),
            )
        voices[family] = (person, member_type)
    return voices


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _meeting_months(frequency: str) -> int:
    return {"monthly": 1, "bimonthly": 2, "quarterly": 3}.get(frequency, 1)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _forums(rng, people, voices):
    places = list(Place.objects.order_by("name"))
    place_index = {place.pk: i for i, place in enumerate(places)}
    leaders = [p for p in people if p.professional_group_id]
    ahps = [
        p
        for p in leaders
        if p.professional_group.parent and p.professional_group.parent.slug.startswith("allied")
    ]
    started = timezone.localdate() - timedelta(days=730)
    forums = {}
    specs = list(SYSTEM_FORUMS) + [
        (
            f"{place.name} Place-based Advisory Group",
            "place_advisory_group",
            "bimonthly",
            True,
            8,
            f"Advises on equal access to services and the health and wellbeing of people in "
            f"{place.name}, bringing together professional leaders, partners and local people.",
            place,
        )
        for place in places
    ]
    for spec in specs:
        name, kind, frequency, is_public, size, purpose = spec[:6]
        place = spec[6] if len(spec) > 6 else None
        forum = Forum.objects.filter(name=name).first()
        if forum is None:
            forum = services.forum_create(
                user=None,
                name=name,
                kind=kind,
                purpose=purpose,
                level=Forum.Level.PLACE if place else Forum.Level.SYSTEM,
                place=place,
                frequency=frequency,
                is_public=is_public,
            )
        forums[name] = forum
        if forum.memberships.exists():
            continue
        if place is not None:
            pool = [p for p in leaders if p.place_id == place.pk] or leaders
        elif name == AHP_COUNCIL:
            pool = ahps or leaders
        else:
            pool = leaders
        chosen = rng.sample(pool, min(size, len(pool)))
        for person in chosen:
            services.membership_add(
                user=None,
                forum=forum,
                person=person,
                member_type=Membership.MemberType.EX_OFFICIO
                if kind == "board"
                else Membership.MemberType.LEADER,
                starts_on=started + timedelta(days=rng.randrange(0, 120)),
            )
        family_names = VOICES_BY_FORUM.get(name, [])
        if place is not None and place_index[place.pk] % 2 == 0:
            family_names = ["Campbell", "Pugh"]  # half the Places hear from local people
        for family in family_names:
            person, member_type = voices[family]
            services.membership_add(
                user=None, forum=forum, person=person, member_type=member_type, starts_on=started
            )
        # One member stood down during the year, so the page shows past members.
        if len(chosen) > 4:
            leaving = forum.memberships.get(person=chosen[-1])
            services.membership_update(
                user=None,
                membership=leaving,
                member_type=leaving.member_type,
                starts_on=leaving.starts_on,
                ends_on=timezone.localdate() - timedelta(days=rng.randrange(30, 200)),
            )
        if chosen:
            services.forum_update(user=None, forum=forum, chair=chosen[0])
    return forums


def _reporting_lines(forums):
    for child, parent, nature in REPORTING_LINES:
        if not ReportingLine.objects.filter(
            forum=forums[child], reports_to=forums[parent]
        ).exists():
            services.reporting_line_add(
                user=None, forum=forums[child], reports_to=forums[parent], nature=nature
            )
    for forum in forums.values():
        if forum.kind == Forum.Kind.PLACE_ADVISORY_GROUP and not forum.reporting_lines.exists():
            services.reporting_line_add(
                user=None, forum=forum, reports_to=forums[COUNCIL], nature="reports_to"
            )


def _terms_of_reference(rng, forum):
    if forum.terms_of_reference.exists():
        return
    today = timezone.localdate()
    body = (
        f"Purpose\n{forum.purpose}\n\nMembership\nThe chair is appointed for 2 years. Members "
        f"represent their profession or community and share what they hear with their networks."
        f"\n\nQuorum\nA third of members, including the chair or vice chair.\n\nMeetings\n"
        f"{forum.get_frequency_display()}. Papers are sent a week before each meeting."
    )
    approved = today - timedelta(days=700)
    services.terms_of_reference_add(
        user=None,
        forum=forum,
        text=body,
        approved_on=approved,
        approved_by=BOARD if forum.name != BOARD else "NHS England",
        review_due_on=approved + timedelta(days=365),
    )
    approved = today - timedelta(days=rng.randrange(150, 330))
    services.terms_of_reference_add(
        user=None,
        forum=forum,
        text=body + "\n\nReporting\nA summary of each meeting goes to the forums it reports to.",
        approved_on=approved,
        approved_by=BOARD if forum.name != BOARD else "NHS England",
        review_due_on=approved + timedelta(days=365),
    )


def _meetings(rng, forum, priorities):
    if forum.meetings.exists():
        return
    today = timezone.localdate()
    step = _meeting_months(forum.frequency)
    month = _add_months(today.replace(day=1), -12)
    end = _add_months(today.replace(day=1), 4)
    members = list(forum.memberships.select_related("person"))
    keenness = {m.person_id: rng.uniform(0.55, 0.97) for m in members}
    weekday = rng.randrange(0, 5)
    while month < end:
        day = _nth_weekday(month.year, month.month, weekday, 2)
        starts_at = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 13, 14]), 0)))
        past = day < today
        if past and rng.random() < 0.06:
            status = Meeting.Status.CANCELLED
        elif past:
            status = Meeting.Status.HELD
        else:
            status = Meeting.Status.PLANNED
        attendance = {}
        decisions = []
        minutes = ""
        if status == Meeting.Status.HELD:
            for m in members:
                if m.starts_on > day or (m.ends_on and m.ends_on < day):
                    continue
                roll = rng.random()
                if roll < keenness[m.person_id]:
                    attendance[m.person] = "present"
                elif roll < keenness[m.person_id] + 0.6 * (1 - keenness[m.person_id]):
                    attendance[m.person] = "apologies"
                else:
                    attendance[m.person] = "absent"
            topics = rng.sample(MINUTES_TOPICS, 2)
            minutes = (
                f"The chair welcomed members. The minutes of the last meeting were agreed.\n\n"
                f"Members discussed {topics[0]}, and then {topics[1]}.\n\n"
                f"Actions were reviewed and the date of the next meeting was confirmed."
            )
            for number, text in rng.sample(DECISIONS, rng.randrange(0, 3)):
                decisions.append(
                    services.DecisionInput(
                        text=text, priority=priorities.get(number) if number else None
                    )
                )
        meeting = services.meeting_record(
            user=None,
            forum=forum,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            format=rng.choice(list(Meeting.Format.values)),
            venue=rng.choice(["Microsoft Teams", "Shire Hall, Gloucester", "Sanger House"]),
            status=status,
            minutes=minutes,
            minutes_public=forum.is_public and bool(minutes),
            attendance=attendance,
            decisions=decisions,
        )
        if status == Meeting.Status.HELD and day > today - timedelta(days=100):
            services.meeting_paper_add(
                user=None,
                meeting=meeting,
                title="Agenda",
                file=ContentFile(
                    f"Agenda for {forum.name}, {day:%d %B %Y}\n".encode(), name="agenda.txt"
                ),
                is_public=forum.is_public,
            )
            services.meeting_paper_add(
                user=None,
                meeting=meeting,
                title="Finance and workforce report (confidential)",
                file=ContentFile(b"Confidential report\n", name="finance-report.txt"),
                is_public=False,
            )
        month = _add_months(month, step)


# Co-production reviews: (held on, forum name or None, programme group, subject, people, outcome).
COPRODUCTION_REVIEWS = [
    (
        date(2024, 5, 14),
        PROGRAMME_BOARD,
        "",
        "Frailty pathway redesign reviewed with the Patient and Public Involvement group",
        9,
        "Carers asked for one named contact after discharge; the pathway now gives every "
        "person a care coordinator and a single phone number.",
    ),
    (
        date(2024, 9, 24),
        "Respiratory Clinical Programme Group",
        "",
        "Pulmonary rehabilitation referral letter and leaflet rewritten with patients",
        6,
        "The leaflet was rewritten in plain English and the referral letter now offers "
        "evening and community venues.",
    ),
    (
        date(2024, 11, 19),
        None,
        "Maternity and Neonatal Voices Partnership",
        "Postnatal mental health support reviewed with parents",
        12,
        "A peer-support session was added to the six-week check, and midwives were given a "
        "short guide to asking about low mood.",
    ),
    (
        date(2025, 2, 11),
        "Diabetes Clinical Programme Group",
        "",
        "Type 2 diabetes structured education co-designed with people living with diabetes",
        8,
        "Sessions moved to community venues at weekends, with materials in four languages.",
    ),
    (
        date(2025, 6, 17),
        "Mental Health Clinical Programme Group",
        "",
        "Community mental health crisis offer reviewed with experts by experience",
        7,
        "The crisis line's opening hours and the wording of its text messages were changed "
        "on the experts' advice.",
    ),
    (
        date(2025, 10, 7),
        SENATE,
        "",
        "Urgent and emergency care priorities for winter tested with the public panel",
        15,
        "Two of the five priorities were reworded, and a priority on access for people "
        "with a learning disability was added.",
    ),
    (
        date(2026, 3, 10),
        None,
        "Frailty and Ageing Well Programme Group",
        "Falls prevention leaflet and home-visit checklist co-produced with older people",
        10,
        "The checklist was shortened to one page and now asks about footwear and lighting.",
    ),
    (
        date(2026, 9, 22),
        PROGRAMME_BOARD,
        "",
        "Clinical leadership framework refresh reviewed with lived-experience members",
        5,
        "The framework now names lived-experience members as partners on every clinical "
        "programme group.",
    ),
]


def load_coproduction_reviews():
    """The demo's co-production reviews, each found by its date and subject (those of a
    forum the data at hand does not have are left out)."""
    today = timezone.localdate()
    names = {row[1] for row in COPRODUCTION_REVIEWS if row[1]}
    forums = {forum.name: forum for forum in Forum.objects.filter(name__in=names)}
    for held_on, forum_name, group, subject, people, outcome in COPRODUCTION_REVIEWS:
        if (
            held_on > today
            or CoproductionReview.objects.filter(held_on=held_on, subject=subject).exists()
        ):
            continue
        forum = forums.get(forum_name) if forum_name else None
        if forum_name and forum is None:
            continue
        # A review held by a forum informs the first decision its forum made in the next
        # three months, when there is one.
        decision = (
            Decision.objects.filter(
                meeting__forum=forum,
                meeting__starts_at__date__gte=held_on,
                meeting__starts_at__date__lte=held_on + timedelta(days=90),
            )
            .order_by("meeting__starts_at", "pk")
            .first()
            if forum
            else None
        )
        services.coproduction_review_record(
            user=None,
            forum=forum,
            programme_group=group,
            held_on=held_on,
            subject=subject,
            participants=people,
            outcome=outcome,
            decision=decision,
        )


def load(*, stdout):
    rng = random.Random(SEED)
    people = list(
        Person.objects.select_related("professional_group__parent").order_by(
            "family_name", "given_name", "pk"
        )
    )
    if not people or not ProfessionalGroup.objects.exists():
        stdout.write("  No people yet: load the core demo first.")
        return
    voices = _community_voices()
    voice_ids = {person.pk for person, _type in voices.values()}
    people = [p for p in people if p.pk not in voice_ids]
    forums = _forums(rng, people, voices)
    _reporting_lines(forums)
    priorities = {p.number: p for p in Priority.objects.all()}
    for forum in forums.values():
        _terms_of_reference(rng, forum)
        _meetings(rng, forum, priorities)
    load_coproduction_reviews()
    stdout.write(
        f"  {len(forums)} forums, {Meeting.objects.count()} meetings, "
        f"{ReportingLine.objects.count()} reporting lines, "
        f"{CoproductionReview.objects.count()} co-production reviews"
    )
