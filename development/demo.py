"""The demo ICB's development offer, after the seeds: a leadership faculty with an incubator
for new leaders and a monthly journal club (Norfolk and Waveney), a six-month "growing system
leaders" programme for any grade and sector (Surrey Heartlands), and coaching, mentoring and
shadowing (Gloucestershire actions 3.3 and 4.2), each with dated cohorts around today."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ccpl.models import Priority, ProfessionalGroup

from . import services
from .models import Cohort, Offer

HOW_TO_APPLY = (
    "Talk to your line manager about the time you need, then e-mail the leadership faculty "
    "with your name, profession, organisation and a few lines on what you hope to get from it. "
    "We reply within 2 weeks."
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
    if Offer.objects.exists():
        stdout.write("  development already loaded")
        return
    today = timezone.localdate()
    staff = get_user_model().objects.filter(username="staff").first()
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
