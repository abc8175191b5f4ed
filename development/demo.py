"""The demo ICB's development offer, after the seeds: a leadership faculty with an incubator
for new leaders and a monthly journal club (Norfolk and Waveney), a six-month "growing system
leaders" programme for any grade and sector (Surrey Heartlands), and coaching, mentoring and
shadowing (Gloucestershire actions 3.3 and 4.2), each with dated cohorts around today, and
applications to those cohorts, some decided with reasons; the run of the cohorts under way or
finished (sessions, attendance, completion, the project lab: ``cohort_run_demo``); a register
of mentors and coaches with their matches (``load_mentoring``); and a past incubator cohort
whose alumni mostly asked to hear about vacancies, chosen to fit the demo's term ends and
vacancies (``load_pipeline``)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ccpl import services as core_services
from ccpl.history import saved
from ccpl.models import Organisation, Person, Priority, ProfessionalGroup
from recruitment.fit import RoleFit

from . import cohort_run_demo, pipeline_selectors, services
from .evaluation_demo import load_evaluation
from .models import (
    Cohort,
    CohortApplication,
    Match,
    Mentor,
    MentoringKind,
    MentoringTopic,
    Offer,
    VacancyAlerts,
)

HOW_TO_APPLY = (
    "Talk to your line manager about the time you need, then apply online for a cohort taking "
    "applications, with a few lines on what you hope to get from it. We reply after "
    "applications close."
)
FACULTY_EMAIL = "leadership.faculty@example.nhs.uk"


def _offers():
    """(offer details, [cohorts as (name, start, end, places, opens, closes, status)])."""
    d = timedelta
    return [
        (
            {
                "title": "Incubator for new leaders",
                "kind": Offer.Kind.INCUBATOR,
                "summary": "A faculty programme for people new to a leadership role, or about to "
                "take one on. Work out who you are as a leader, what you would like to do, and "
                "get the space and support to do it.",
                "provider": "ICS Leadership Faculty",
                "levels": [Offer.Level.ASPIRING, Offer.Level.NEW],
                "format": Offer.Format.BLENDED,
                "time_commitment": "Half a day a month for 4 months",
                "principles": [4, 5],
            },
            [
                ("Winter cohort", -d(60), d(60), 16, -d(120), -d(70), Cohort.Status.SCHEDULED),
                ("Spring cohort", d(45), d(165), 16, -d(14), d(30), Cohort.Status.SCHEDULED),
            ],
        ),
        (
            {
                "title": "Growing system leaders",
                "kind": Offer.Kind.PROGRAMME,
                "summary": "A six-month programme for people of any grade and sector who want to "
                "lead across organisations. It includes a project lab, where each group tackles "
                "a real challenge in a neighbourhood team.",
                "provider": "ICS Leadership Faculty with the Health Innovation Network",
                "format": Offer.Format.BLENDED,
                "time_commitment": "One day a month for 6 months, plus project work",
                "principles": [1, 2, 4],
            },
            [
                ("2026 intake", -d(300), -d(120), 20, -d(400), -d(330), Cohort.Status.SCHEDULED),
                ("2027 intake", d(60), d(240), 24, -d(7), d(40), Cohort.Status.SCHEDULED),
            ],
        ),
        (
            {
                "title": "Journal club for under-represented leaders",
                "kind": Offer.Kind.JOURNAL_CLUB,
                "summary": "A monthly online meeting for leaders from groups under-represented in "
                "leadership, to read and discuss an article on leadership, equity or "
                "improvement together.",
                "provider": "ICS Leadership Faculty",
                "format": Offer.Format.ONLINE,
                "time_commitment": "One hour a month, plus reading",
                "principles": [2, 4, 5],
                "how_to_apply": "E-mail the faculty to join the mailing list. You can come to "
                "as many or as few meetings as you like.",
            },
            [
                ("This year", -d(90), d(275), 30, -d(90), d(240), Cohort.Status.SCHEDULED),
            ],
        ),
        (
            {
                "title": "Leadership coaching",
                "kind": Offer.Kind.COACHING,
                "summary": "Six one-to-one sessions with an accredited coach from outside your "
                "organisation, for current clinical and care professional leaders.",
                "provider": "ICB coaching network",
                "levels": [Offer.Level.NEW, Offer.Level.ESTABLISHED, Offer.Level.SENIOR],
                "format": Offer.Format.ONLINE,
                "time_commitment": "Six sessions of 90 minutes over 6 months",
                "principles": [3, 4],
            },
            [
                ("Spring round", d(30), d(210), 12, -d(10), d(20), Cohort.Status.SCHEDULED),
            ],
        ),
        (
            {
                "title": "Mentoring for aspiring leaders",
                "kind": Offer.Kind.MENTORING,
                "summary": "Be matched with an experienced leader from another profession or "
                "organisation who meets you regularly for a year (action 4.2).",
                "provider": "ICB CCPL team",
                "levels": [Offer.Level.ASPIRING, Offer.Level.NEW],
                "format": Offer.Format.BLENDED,
                "time_commitment": "An hour every 6 weeks for a year",
                "principles": [4, 5],
            },
            [
                ("This year's pairs", d(21), d(386), 20, -d(30), d(14), Cohort.Status.SCHEDULED),
            ],
        ),
        (
            {
                "title": "Shadowing a system leader",
                "kind": Offer.Kind.SHADOWING,
                "summary": "Spend time with a system or Place leader in their meetings and "
                "decisions, then reflect on what you saw with them (action 3.3).",
                "provider": "ICB CCPL team",
                "professions": ["Allied health professions", "Nursing and midwifery", "Pharmacy"],
                "levels": [Offer.Level.ASPIRING],
                "format": Offer.Format.IN_PERSON,
                "time_commitment": "Two days over a month",
                "principles": [1, 5],
            },
            [
                ("Spring placements", d(30), d(90), 8, -d(5), d(25), Cohort.Status.SCHEDULED),
                ("Autumn placements", d(200), d(260), 8, d(120), d(180), Cohort.Status.SCHEDULED),
            ],
        ),
        (
            {
                "title": "Masterclass: leading through a system merger",
                "kind": Offer.Kind.MASTERCLASS,
                "summary": "A half-day masterclass for senior leaders. Not yet published: the "
                "speakers are being confirmed.",
                "provider": "ICS Leadership Faculty",
                "levels": [Offer.Level.SENIOR],
                "format": Offer.Format.IN_PERSON,
                "time_commitment": "Half a day",
                "cost": "£60, usually paid by your employer",
                "principles": [4],
                "is_published": False,
            },
            [],
        ),
    ]


def load(*, stdout):
    today = timezone.localdate()
    staff = get_user_model().objects.filter(username="staff").first()
    if Offer.objects.exists():
        stdout.write("  development already loaded")
        cohort_run_demo.load(stdout=stdout, today=today, staff=staff)
        load_evaluation(stdout=stdout, today=today, staff=staff)
        load_mentoring(stdout=stdout, today=today, staff=staff)
        load_pipeline(stdout=stdout, today=today, staff=staff)
        return
    principles = {p.number: p for p in Priority.objects.all()}
    groups = {g.name: g for g in ProfessionalGroup.objects.filter(parent__isnull=True)}
    for details, cohorts in _offers():
        details = dict(details)
        details["principles"] = [principles[n] for n in details["principles"] if n in principles]
        details["professions"] = [groups[n] for n in details.get("professions", []) if n in groups]
        details.setdefault("how_to_apply", HOW_TO_APPLY)
        details.setdefault("contact_email", FACULTY_EMAIL)
        details.setdefault("is_published", True)
        offer = services.offer_create(user=staff, **details)
        for name, starts, ends, places, opens, closes, status in cohorts:
            services.cohort_create(
                user=staff,
                offer=offer,
                name=name,
                starts_on=today + starts,
                ends_on=today + ends,
                places=places,
                applications_open_on=today + opens,
                applications_close_on=today + closes,
                status=status,
            )
    stdout.write(f"  {Offer.objects.count()} development offers")
    _applications(staff=staff, today=today)
    stdout.write(f"  {CohortApplication.objects.count()} applications to development cohorts")
    cohort_run_demo.load(stdout=stdout, today=today, staff=staff)
    load_evaluation(stdout=stdout, today=today, staff=staff)
    load_mentoring(stdout=stdout, today=today, staff=staff)
    load_pipeline(stdout=stdout, today=today, staff=staff)
    _publish_participants(stdout=stdout)


WHY = (
    "I have just taken on a leadership role across my Place and want to learn how to lead "
    "people from other professions and organisations, and to meet others doing the same."
)
# (cohort name, applications, selected, not selected): the rest are waiting for a decision.
APPLICATIONS = {
    "Winter cohort": (10, 8, 2),
    "2026 intake": (12, 10, 2),
    "Spring cohort": (6, 2, 0),
    "2027 intake": (8, 3, 1),
    "This year": (5, 5, 0),
    "Spring round": (3, 0, 0),
    "This year's pairs": (4, 0, 0),
    "Spring placements": (3, 1, 0),
}
SELECTED_REASONS = (
    "New to a Place leadership role, with their line manager's support for the time.",
    "Brings a social care and community perspective the cohort would otherwise lack.",
    "Leads a neighbourhood team whose challenge suits the project lab.",
)
NOT_SELECTED_REASONS = (
    "Has led for over 6 years: offered leadership coaching instead, which suits them better.",
    "Could not get the time released this year; encouraged to apply to the next cohort.",
)
PUBLIC_APPLICANTS = (
    ("Grace", "Mensah", "Hillview Care Homes", Offer.Sector.SOCIAL_CARE),
    ("Tomasz", "Nowak", "Forest Community Trust", Offer.Sector.VCSE),
    ("Aisha", "Karim", "Cheltenham Pharmacy", Offer.Sector.PRIMARY_CARE),
)


def _applications(*, staff, today):
    """Applications to the demo cohorts from the demo's people (the demo leader among them)
    and from the public, some decided with reasons; about two in three with equality answers
    (through the core's one bulk writer, under each application's pseudonym). Written
    directly, as past events: no e-mail is queued for them."""
    leader = Person.objects.filter(user__username="leader").first()
    people = list(
        Person.objects.filter(professional_group__isnull=False, user__isnull=True)
        .exclude(email="")
        .select_related("organisation")
        .order_by("pk")
    )
    if not people:
        return
    any_group = people[0].professional_group
    answers_by_owner = []
    offset = 0
    for cohort in Cohort.objects.select_related("offer").order_by("pk"):
        if cohort.name not in APPLICATIONS:
            continue
        count, selected, not_selected = APPLICATIONS[cohort.name]
        applicants = [people[(offset + i) % len(people)] for i in range(count)]
        offset += count
        # The demo leader was selected for the winter incubator and waits to hear about
        # the 2027 programme.
        if leader is not None and cohort.name == "Winter cohort":
            applicants[0] = leader
        if leader is not None and cohort.name == "2027 intake":
            applicants[count - 2] = leader
        for i, person in enumerate(applicants):
            organisation = person.organisation
            application = CohortApplication(
                cohort=cohort,
                person=person,
                given_name=person.given_name,
                family_name=person.family_name,
                email=person.email,
                professional_group=person.professional_group or any_group,
                organisation=organisation.name if organisation else "A partner organisation",
                sector=_sector(person),
                why=WHY,
                consent=True,
                submitted_at=timezone.now()
                - timedelta(days=max((today - cohort.applications_open_on).days - i, 0)),
            )
            if i == count - 1 and i >= 2:
                # One applicant per cohort came through the public form.
                given, family, org, sector = PUBLIC_APPLICANTS[i % len(PUBLIC_APPLICANTS)]
                application.person = None
                application.given_name, application.family_name = given, family
                application.email = f"{given}.{family}.{cohort.pk}@demo.example.org".lower()
                application.organisation, application.sector = org, sector
            if i < selected + not_selected:
                chosen = i < selected
                application.status = (
                    CohortApplication.Status.SELECTED
                    if chosen
                    else CohortApplication.Status.NOT_SELECTED
                )
                reasons = SELECTED_REASONS if chosen else NOT_SELECTED_REASONS
                application.decision_reason = reasons[i % len(reasons)]
                application.decided_by = staff
                application.decided_on = min(today, cohort.applications_close_on)
            saved(application, staff)
            if i % 3 != 2:
                answers_by_owner.append(
                    (
                        application,
                        {
                            "age_band": ("30-39", "40-49", "50-59")[i % 3],
                            "sex": ("female", "male")[i % 2],
                            "disability": "no",
                        },
                    )
                )
    core_services.equality_answers_save_new(answers_by_owner=answers_by_owner)


# --- Mentoring and coaching: a register across professions and Places, one mentor whose
# accreditation has lapsed, a round of matches confirmed 11 weeks ago with check-ins (one
# closed with feedback), and people waiting now with the matching's suggestions.

ACCREDITATIONS = (
    "ILM Level 7 Certificate in Executive Coaching and Mentoring",
    "EMCC Foundation Level, Coach and Mentor",
    "NHS Leadership Academy Mentoring Programme",
    "Faculty of Medical Leadership and Management Mentor",
    "ICF Associate Certified Coach",
)
T = MentoringTopic
MENTOR_TOPICS = (
    [T.NEW_TO_LEADERSHIP, T.TEAMS, T.CAREER],
    [T.SYSTEM_LEADERSHIP, T.INFLUENCING, T.BOARD],
    [T.CHANGE, T.DIGITAL, T.RESEARCH],
    [T.INCLUSION, T.WELLBEING, T.CAREER],
    [T.POPULATION_HEALTH, T.SYSTEM_LEADERSHIP, T.CHANGE],
    [T.NEW_TO_LEADERSHIP, T.INFLUENCING, T.WELLBEING],
    [T.BOARD, T.SYSTEM_LEADERSHIP, T.TEAMS],
    [T.RESEARCH, T.CHANGE, T.NEW_TO_LEADERSHIP],
    [T.INCLUSION, T.INFLUENCING, T.POPULATION_HEALTH],
    [T.DIGITAL, T.TEAMS, T.CAREER],
)
SECTOR_OF_ORGANISATION = {
    Organisation.Kind.TRUST: Offer.Sector.NHS,
    Organisation.Kind.ICB: Offer.Sector.NHS,
    Organisation.Kind.PCN: Offer.Sector.PRIMARY_CARE,
    Organisation.Kind.GENERAL_PRACTICE: Offer.Sector.PRIMARY_CARE,
    Organisation.Kind.LOCAL_AUTHORITY: Offer.Sector.LOCAL_AUTHORITY,
    Organisation.Kind.VCSE: Offer.Sector.VCSE,
}
# Past round (asked 12 weeks ago) and people waiting now: goals, profession preference.
PAST_ASKS = (
    ([T.NEW_TO_LEADERSHIP, T.SYSTEM_LEADERSHIP, T.INFLUENCING], "different"),
    ([T.CHANGE, T.RESEARCH], "same"),
    ([T.INCLUSION, T.CAREER], "any"),
)
WAITING_ASKS = (
    ([T.BOARD, T.SYSTEM_LEADERSHIP], "any"),
    ([T.WELLBEING, T.TEAMS], "different"),
    ([T.POPULATION_HEALTH, T.CHANGE], "same"),
    ([T.DIGITAL, T.CAREER], "any"),
)


def _sector(person) -> str:
    kind = person.organisation.kind if person.organisation else None
    return SECTOR_OF_ORGANISATION.get(kind, Offer.Sector.SOCIAL_CARE)


def load_mentoring(*, stdout, today, staff):
    if Mentor.objects.exists():
        return
    d = timedelta
    people = list(
        Person.objects.filter(professional_group__isnull=False)
        .select_related("professional_group", "organisation", "place", "user")
        .order_by("pk")
    )
    leader = next((p for p in people if p.user and p.user.username == "leader"), None)
    others = [p for p in people if p.user_id is None]
    # Mentors from as many professions as there are, then anyone; the demo leader is one.
    chosen, families = [leader] if leader else [], set()
    for person in others:
        family = person.professional_group.parent_id or person.professional_group_id
        if family not in families and len(chosen) < len(MENTOR_TOPICS):
            chosen.append(person)
            families.add(family)
    for person in others:
        if len(chosen) < len(MENTOR_TOPICS) and person not in chosen:
            chosen.append(person)
    mentors = []
    for number, person in enumerate(chosen):
        mentors.append(
            services.mentor_register(
                user=staff,
                person=person,
                profession=person.professional_group,
                sector=_sector(person),
                place=None if number == 1 else person.place,
                accreditation=ACCREDITATIONS[number % len(ACCREDITATIONS)],
                # The fifth lapsed a month ago: the register shows it, and it is not matched.
                accreditation_expires_on=today + (-d(30) if number == 4 else d(200 + 60 * number)),
                capacity=(1, 3, 2, 2, 2, 1, 3, 2, 2, 1)[number],
                topics=MENTOR_TOPICS[number],
                offers_mentoring=number != 8,
                offers_coaching=number % 3 == 2 or number == 8,
            )
        )
    mentees = [p for p in others if p not in chosen]
    past = [leader, *mentees[:2]] if leader else mentees[:3]
    for number, (person, (goals, profession)) in enumerate(zip(past, PAST_ASKS, strict=True)):
        services.mentoring_request_create(
            user=None,
            mentee=person,
            kind=MentoringKind.MENTORING,
            goals=goals,
            profession_preference=profession,
            place_preference=person.place if number == 2 else None,
            # The second names a mentor who is their line manager.
            excluded_people=[mentors[2].person] if number == 1 else [],
            on=today - d(84),
        )
    confirmed_on = today - d(77)
    for match in services.matches_suggest(user=staff, on=confirmed_on):
        services.match_confirm(user=staff, match=match, on=confirmed_on)
    for number, match in enumerate(Match.objects.filter(status=Match.Status.CONFIRMED)):
        for weeks, note in (
            (10, "First meeting: what each of us hopes for, and how often we meet."),
            (5, "Talked through a difficult meeting and how to prepare for the next one."),
        ):
            services.check_in_record(
                user=None, match=match, held_on=today - d(weeks * 7), note=note
            )
        if number == 2:
            services.match_close(
                user=None,
                match=match,
                feedback="Useful to talk to someone outside my organisation. We met less "
                "often than planned once winter pressures began.",
                on=today - d(10),
            )
    for number, (goals, profession) in enumerate(WAITING_ASKS):
        person = mentees[2 + number]
        services.mentoring_request_create(
            user=None,
            mentee=person,
            kind=MentoringKind.COACHING if number == 1 else MentoringKind.MENTORING,
            goals=goals,
            profession_preference=profession,
            on=today - d(14 - 3 * number),
        )
    suggested = services.matches_suggest(user=staff, on=today)
    stdout.write(
        f"  {len(mentors)} mentors and coaches, "
        f"{Match.objects.exclude(status=Match.Status.SUGGESTED).count()} matches, "
        f"{len(suggested)} suggested"
    )


def _publish_participants(*, stdout):
    """The participants' figures as the last publication point published them (made now,
    as the point's task would have, whatever changed: the demo has no earlier one)."""
    from ccpl import publications

    from .uptake import PARTICIPANTS

    if publications.latest_publication(PARTICIPANTS) is not None:
        return
    on = publications.last_publication_on(timezone.localdate())
    publication = publications.publication_make(population=PARTICIPANTS, on=on, force=True)
    stdout.write(
        f"  development participants' figures published on {on:%-d %B %Y}: "
        f"{publication.figures['total'][0]} participants"
    )


# --- The pipeline: last year's incubator cohort, ended; most of its alumni asked to hear about
# vacancies (one said no; the demo leader has not chosen yet, so sees the choice on their
# development page). Its participants are people who fit the roles now in the pipeline.

PAST_COHORT = "Autumn 2025 cohort"
ALUMNI_PER_ROLE = 2
ALUMNI = 7


def load_pipeline(*, stdout, today, staff):
    if Cohort.objects.filter(name=PAST_COHORT).exists():
        return
    offer = Offer.objects.filter(kind=Offer.Kind.INCUBATOR).order_by("pk").first()
    if offer is None:
        return
    d = timedelta
    cohort = services.cohort_create(
        user=staff,
        offer=offer,
        name=PAST_COHORT,
        starts_on=today - d(400),
        ends_on=today - d(280),
        places=12,
        applications_open_on=today - d(480),
        applications_close_on=today - d(430),
    )
    people = list(
        Person.objects.filter(professional_group__isnull=False, user__isnull=True)
        .exclude(email="")
        .exclude(appointments__ended_on__isnull=True)
        .select_related("professional_group", "organisation")
        .order_by("pk")
    )
    chosen: list[Person] = []
    for role in pipeline_selectors.pipeline_roles(on=today)[:12]:
        fit = RoleFit.of(role)
        fitting = [
            p
            for p in people
            if p not in chosen
            and fit.fits(
                group_id=p.professional_group_id,
                group_parent_id=p.professional_group.parent_id,
                place_id=p.place_id,
            )
        ]
        chosen += fitting[:ALUMNI_PER_ROLE]
        if len(chosen) >= ALUMNI:
            break
    leader = Person.objects.filter(user__username="leader").first()
    participants = chosen[:ALUMNI] + ([leader] if leader and leader.professional_group else [])
    for i, person in enumerate(participants):
        organisation = person.organisation
        saved(
            CohortApplication(
                cohort=cohort,
                person=person,
                given_name=person.given_name,
                family_name=person.family_name,
                email=person.email,
                professional_group=person.professional_group,
                organisation=organisation.name if organisation else "A partner organisation",
                sector=_sector(person),
                why=WHY,
                consent=True,
                submitted_at=timezone.now() - d(460 - i),
                status=CohortApplication.Status.SELECTED,
                decision_reason=SELECTED_REASONS[i % len(SELECTED_REASONS)],
                decided_by=staff,
                decided_on=cohort.applications_close_on,
            ),
            staff,
        )
        if person != leader:
            # Their own choice, made on their development page (one of them said no).
            VacancyAlerts.objects.create(
                person=person, opted_in=i != 1, changed_on=cohort.ends_on + d(7 + i)
            )
    opted_in = VacancyAlerts.objects.filter(opted_in=True).count()
    stdout.write(f"  {opted_in} programme alumni asked to hear about vacancies")
