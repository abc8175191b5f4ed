"""The demo ICB's communication with leaders: a year of bulletins to several audiences
(the monthly bulletin to every leader, a nursing and midwifery network update, an
opportunity for the talent pool, a primary care leaders' message), some public, with their
deliveries as the worker made them; one scheduled and one draft; and a few people's own
choices (one unsubscribed, one weekly digest). Written as past events: no e-mail is
queued."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ccpl.models import Email, ProfessionalGroup

from . import audiences, services
from .models import Bulletin, Delivery, Topic

MONTHLY = (
    "CCPL bulletin: {month}",
    "Hello everyone,\n\nThis month's news from the clinical and care professional leadership "
    "team.\n\n- The Integrated Care Partnership agreed our leadership framework refresh.\n"
    "- **Protected time**: claims for the quarter are due by the 15th.\n"
    "- Applications for the next leadership programme cohort are open: "
    "https://www.england.nhs.uk/\n\nThank you for all you do.\n\nThe CCPL team",
)
ONE_OFFS = (
    (
        200,
        "Nursing and midwifery leaders' network: spring meeting",
        "Our network meets on Zoom on the first Tuesday of next month. Bring your questions "
        "about the new Place partnership arrangements.\n\n- Agenda and papers to follow\n"
        "- Everyone from band 6 upwards is welcome",
        Topic.EVENTS,
        {"professional_groups": ["Nursing and midwifery"]},
        False,
    ),
    (
        120,
        "New leadership roles: clinical leads for three Places",
        "We are recruiting clinical and care professional leads for three Places. Any "
        "profession may apply, including social care and VCSE colleagues. Adverts close in "
        "four weeks.",
        Topic.OPPORTUNITIES,
        {"sources": [audiences.TALENT_POOL, audiences.LEADERS]},
        True,
    ),
    (
        45,
        "Primary care leaders: what we heard in the temperature check",
        "Thank you to the 68% of you who answered this year's temperature check. Primary "
        "care leaders told us protected time is the biggest barrier. Here is what we are "
        "doing about it, and what we need from you.",
        Topic.SURVEYS,
        {"professional_groups": ["Medical", "Pharmacy"]},
        False,
    ),
)


def _criteria(spec: dict) -> audiences.Criteria:
    groups = {g.name: g.pk for g in ProfessionalGroup.objects.filter(parent__isnull=True)}
    return audiences.Criteria(
        sources=tuple(spec.get("sources", ())),
        professional_groups=tuple(
            groups[name] for name in spec.get("professional_groups", ()) if name in groups
        ),
    )


def _sent(bulletin: Bulletin, *, days_ago: int):
    """The bulletin as the worker left it ``days_ago``: a delivery and a sent e-mail per
    recipient, with the choices people have today applied."""
    sent_at = timezone.now() - timedelta(days=days_ago)
    resolution = audiences.resolve(
        audiences.Criteria.from_json(bulletin.audience), topic=bulletin.topic
    )
    emails = Email.objects.bulk_create(
        [
            Email(
                to=r.email,
                subject=bulletin.title,
                body=services.bulletin_email_body(bulletin, r.email),
                kind="Bulletin",
                about=bulletin.title,
                status=Email.Status.SENT,
                attempts=1,
                created=sent_at,
                changed=sent_at,
            )
            for r in resolution.recipients
            if not r.weekly
        ]
    )
    by_address = {e.to.lower(): e for e in emails}
    Delivery.objects.bulk_create(
        [
            Delivery(
                bulletin=bulletin,
                email=r.email,
                name=r.name[:200],
                person_id=r.person_id,
                weekly=r.weekly,
                message=by_address.get(r.email.lower()),
                done=True,
            )
            for r in resolution.recipients
        ]
    )
    Bulletin.objects.filter(pk=bulletin.pk).update(
        status=Bulletin.Status.SENT, sent_at=sent_at, recipients=len(resolution.recipients)
    )


def load(*, stdout):
    if Bulletin.objects.exists():
        stdout.write("  communications already loaded")
        return
    staff = get_user_model().objects.filter(username="staff").first()
    # A few people's own choices first: they apply to everything sent.
    from ccpl.models import Person

    people = list(Person.objects.exclude(email="").order_by("pk")[:40])
    if len(people) > 5:
        services.unsubscribe(email=people[3].email)
        services.preferences_save(
            email=people[5].email, topics=list(Topic.values), frequency="weekly"
        )
        services.preferences_save(
            email=people[7].email, topics=[Topic.OPPORTUNITIES], frequency="each"
        )
    today = timezone.localdate()
    for months_ago in range(11, -1, -1):
        month = (today.replace(day=1) - timedelta(days=30 * months_ago)).strftime("%B %Y")
        title, body = MONTHLY
        bulletin = services.bulletin_save(
            user=staff,
            title=title.format(month=month),
            body=body,
            topic=Topic.NEWS,
            criteria=audiences.Criteria(),
            audience_label=audiences.SOURCES[audiences.LEADERS],
            is_public=months_ago % 3 == 0,
        )
        _sent(bulletin, days_ago=30 * months_ago + 3)
    for days_ago, title, body, topic, spec, public in ONE_OFFS:
        criteria = _criteria(spec)
        bulletin = services.bulletin_save(
            user=staff,
            title=title,
            body=body,
            topic=topic,
            criteria=criteria,
            audience_label="; ".join(spec.get("professional_groups", []))
            or "The talent pool and every leader",
            is_public=public,
        )
        _sent(bulletin, days_ago=days_ago)
    later = services.bulletin_save(
        user=staff,
        title="Leadership summit: save the date",
        body="Our system leadership summit is in the spring. Save the date: details to follow.",
        topic=Topic.EVENTS,
        criteria=audiences.Criteria(),
        audience_label=audiences.SOURCES[audiences.LEADERS],
        is_public=True,
    )
    services.bulletin_schedule(
        user=staff, bulletin=later, send_at=timezone.now() + timedelta(days=6)
    )
    services.bulletin_save(
        user=staff,
        title="Draft: protected time guidance",
        body="A draft still being written.",
        topic=Topic.NEWS,
        criteria=audiences.Criteria(),
        audience_label=audiences.SOURCES[audiences.LEADERS],
        is_public=False,
    )
    stdout.write(
        f"  {Bulletin.objects.filter(status=Bulletin.Status.SENT).count()} bulletins sent, "
        f"{Delivery.objects.count()} deliveries"
    )
