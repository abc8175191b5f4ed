"""The demo ICB's communication with leaders: a year of bulletins to several audiences
(the monthly bulletin to every leader, a nursing and midwifery network update, an
opportunity for the talent pool, a primary care leaders' message), some public, with their
deliveries as the worker made them; one scheduled and one draft; and a few people's own
choices (one unsubscribed, one weekly digest). Written as past events: no e-mail is
queued."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from ccpl.models import Email, Person, ProfessionalGroup

from . import audiences, cascade_services, services
from .models import Bulletin, Delivery, Forward, Network, Subscriber, Topic

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
    load_forum(stdout=stdout)
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
    _attachments(staff)
    _cascade(staff)
    stdout.write(
        f"  {Bulletin.objects.filter(status=Bulletin.Status.SENT).count()} bulletins sent, "
        f"{Delivery.objects.count()} deliveries, {Network.objects.count()} networks, "
        f"{Forward.objects.count()} forwards"
    )


def _attachments(staff):
    """A paper with the latest public bulletin and one with the draft (private storage)."""
    from .models import BulletinAttachment

    public = Bulletin.objects.filter(status=Bulletin.Status.SENT, is_public=True).first()
    draft = Bulletin.objects.filter(status=Bulletin.Status.DRAFT).first()
    for bulletin, name, text in (
        (public, "leadership-framework-summary.txt", "The leadership framework, in short.\n"),
        (draft, "protected-time-guidance-draft.txt", "Protected time guidance: draft.\n"),
    ):
        if bulletin is None:
            continue
        content = ContentFile(text.encode(), name=name)
        BulletinAttachment.objects.create(
            bulletin=bulletin, name=name, file=content, size=content.size
        )


# --- The cascade -------------------------------------------------------------------------------

NETWORKS = (
    # name, professional group, description, list size, demo leader leads it
    (
        "Nursing and midwifery network",
        "Nursing and midwifery",
        "Nurses, midwives and nursing associates across the ICB, from every setting. The "
        "network's leads share the CCPL team's news and add their own.",
        48,
        True,
    ),
    (
        "AHP council",
        "Allied health professions",
        "The 14 allied health professions' council: physiotherapists, paramedics, "
        "radiographers, dietitians and the rest.",
        36,
        False,
    ),
    (
        "Primary care clinical leads",
        "Medical",
        "Clinical directors and clinical leads of primary care networks.",
        28,
        True,
    ),
    (
        "Pharmacy network",
        "Pharmacy",
        "Community, clinical and primary care network pharmacists.",
        22,
        False,
    ),
)
NHS_NAMES = (
    "amelia.hughes", "oliver.khan", "isla.morgan", "jacob.evans", "ava.patel", "noah.price",
    "mia.williams", "leo.davies", "grace.thomas", "arthur.roberts", "freya.jones", "zain.ali",
    "ruby.walker", "theo.edwards", "poppy.wright", "ethan.green", "lily.hall", "harry.wood",
)  # fmt: skip


def _cascade(staff):
    """Four networks with their leads (the demo leader leads two), lists of confirmed
    addresses (demo people of the group and other nhs.net addresses), a few still waiting to
    confirm and one who left; some sent bulletins forwarded as the worker left them."""
    leader = Person.objects.filter(user__username="leader").first()
    groups = {g.name: g for g in ProfessionalGroup.objects.filter(parent__isnull=True)}
    now = timezone.now()
    made = []
    for n, (name, group_name, description, size, led_by_leader) in enumerate(NETWORKS):
        group = groups.get(group_name)
        others = Person.objects.filter(professional_group__parent=group) | Person.objects.filter(
            professional_group=group
        )
        others = list(others.exclude(email="").order_by("pk")[:size])
        leads = others[:1] + ([leader] if led_by_leader and leader else [])
        network = cascade_services.network_save(
            user=staff,
            name=name,
            description=description,
            professional_group=group,
            leads=leads,
            is_open=True,
        )
        addresses = {p.email.lower(): p.full_name for p in others[: size * 2 // 3]}
        for local in NHS_NAMES:
            if len(addresses) >= size:
                break
            addresses.setdefault(f"{local}{n}@nhs.net", local.replace(".", " ").title())
        subscribers = [
            Subscriber(
                network=network,
                email=email,
                name=full_name,
                confirmed_at=now - timedelta(days=300 - i),
                created_at=now - timedelta(days=300 - i),
            )
            for i, (email, full_name) in enumerate(sorted(addresses.items()))
        ]
        for waiting in ("new.starter", "bank.colleague"):
            subscribers.append(
                Subscriber(
                    network=network,
                    email=f"{waiting}{n}@nhs.net",
                    confirmation_sent_at=now - timedelta(days=1),
                )
            )
        Subscriber.objects.bulk_create(subscribers)
        Subscriber.objects.filter(network=network, email=sorted(addresses)[-1]).update(
            unsubscribed_at=now - timedelta(days=20)
        )
        made.append(network)
    # Forwards of recent sent bulletins, as the worker left them.
    lead_users = {
        network.pk: network.leads.filter(user__isnull=False).select_related("user").first()
        for network in made
    }
    recent = list(Bulletin.objects.filter(status=Bulletin.Status.SENT).order_by("-sent_at")[1:4])
    for bulletin in recent:
        for network in made:
            lead = lead_users[network.pk] or network.leads.first()
            if lead is None or (bulletin.pk + network.pk) % 3 == 0:
                continue
            _forwarded(bulletin, network, lead)


def _forwarded(bulletin: Bulletin, network: Network, lead: Person):
    at = bulletin.sent_at + timedelta(days=1)
    forward = Forward.objects.create(
        bulletin=bulletin,
        network=network,
        lead=lead,
        forwarded_by=lead.user,
        note="Sharing this with the network: please pass it on to colleagues.",
        forwarded_at=at,
    )
    already = {e.lower() for e in bulletin.deliveries.values_list("email", flat=True)}
    recipients = [
        r
        for r in cascade_services.network_recipients(network, topic=bulletin.topic)
        if r[0] not in already
    ]
    emails = Email.objects.bulk_create(
        [
            Email(
                to=email,
                subject=bulletin.title,
                body=services.bulletin_email_body(bulletin, email, attachments=[], forward=forward),
                kind="Bulletin via a network",
                about=bulletin.title,
                status=Email.Status.SENT,
                attempts=1,
                created=at,
                changed=at,
            )
            for email, _, weekly in recipients
            if not weekly
        ]
    )
    by_address = {e.to.lower(): e for e in emails}
    Delivery.objects.bulk_create(
        [
            Delivery(
                bulletin=bulletin,
                email=email,
                name=name[:200],
                weekly=weekly,
                message=by_address.get(email),
                done=True,
                forward=forward,
            )
            for email, name, weekly in recipients
        ]
    )
    Forward.objects.filter(pk=forward.pk).update(recipients=len(recipients))


# --- The practitioner forum -----------------------------------------------------------------

FORUM_ITEMS = (
    ("question", "How is protected leadership time funded next year?"),
    ("concern", "Leadership roles are hard to combine with clinical rotas"),
    ("idea", "A shared leaders' induction across the three Places"),
    ("question", "Who signs off job plans for system leadership sessions?"),
    ("idea", "Peer shadowing between primary care and acute leaders"),
    ("concern", "Social care voices are missing from the clinical forum"),
    ("question", "Can AHP leaders join the clinical senate?"),
    ("idea", "Publish forum papers a week before each meeting"),
    ("concern", "Too many meetings clash with Monday clinics"),
    ("question", "Is there funding for a coaching qualification?"),
    ("idea", "A quarterly open forum for leaders in their first year"),
    ("concern", "Pharmacy leaders are not told about Place decisions"),
    ("question", "How do I put an item on the Place partnership agenda?"),
    ("idea", "Record short videos explaining each forum's remit"),
    ("concern", "Backfill for leadership sessions arrives months late"),
    ("question", "What happens to the temperature check results?"),
    ("idea", "Buddy new leaders with an experienced leader for six months"),
    ("concern", "VCSE colleagues cannot open shared documents"),
    ("question", "Will the leadership programme run in the evenings?"),
    ("idea", "Rotate forum meetings around the Places"),
    ("concern", "Leaders from minority ethnic backgrounds feel unheard"),
    ("question", "Can the action plan show who owns each action?"),
    ("idea", "An annual leaders' summit with patients and carers"),
    ("concern", "Digital leads have no route to the system board"),
    ("question", "How are clinical leads' appraisals handled across employers?"),
    ("idea", "Share forum minutes in the monthly bulletin"),
    ("concern", "Dental and optometry leaders are rarely invited"),
    ("question", "Is there guidance on declaring interests at forums?"),
    ("idea", "Joint learning sets for nursing and social work leaders"),
    ("concern", "Mental health leaders are stretched across too many forums"),
)
FORUM_COMMENTS = (
    "I agree: the same happens in our Place.",
    "We tried this locally and it worked well.",
    "Could the CCPL team share what other ICBs do?",
    "This matters for our newest leaders especially.",
    "Thank you for raising it.",
    "Please include social care colleagues too.",
)


def load_forum(*, stdout):
    """About thirty items over the past year in every kind, moderation state and status,
    some anonymous, with comments and supports; some routed to forum meetings, some linked to
    the demo's decisions and actions. Seeded, so every load gives the same forum. Written as
    past events: no e-mail is queued."""
    import random

    from actions.models import Action
    from ccpl.history import saved
    from ccpl.models import Person, Place, Priority
    from forums.models import Decision, Meeting

    from .forum_models import PractitionerComment, PractitionerItem, PractitionerSupport

    if PractitionerItem.objects.exists():
        stdout.write("  practitioner forum already loaded")
        return
    rng = random.Random(17)
    staff = get_user_model().objects.filter(username="staff").first()
    people = list(Person.objects.order_by("pk")[:120])
    own = Person.objects.filter(user__username="leader").first()
    places = list(Place.objects.order_by("pk"))
    priorities = list(Priority.objects.order_by("number"))
    upcoming = list(Meeting.objects.upcoming().select_related("forum")[:6])
    decisions = list(Decision.objects.select_related("meeting__forum").order_by("pk")[:10])
    actions = list(Action.objects.order_by("pk")[:10])
    if not people:
        return
    Item = PractitionerItem
    now = timezone.now()
    plan = (
        # moderation, status: a mix covering every state
        [("accepted", "received")] * 6
        + [("accepted", "considered")] * 6
        + [("accepted", "answered")] * 7
        + [("accepted", "acted_on")] * 6
        + [("pending", "received")] * 2
        + [("hidden", "received")]
        + [("merged", "received")]
        + [("accepted", "received")]
    )
    made = []
    for n, ((kind, title), (moderation, status)) in enumerate(zip(FORUM_ITEMS, plan, strict=True)):
        days_ago = 360 - n * 12 if moderation != "pending" else rng.randint(1, 4)
        created = now - timedelta(days=days_ago, hours=rng.randint(0, 8))
        author = own if own is not None and n in (3, 18, 26, 27) else rng.choice(people)
        item = Item(
            kind=kind,
            title=title,
            body=f"{title}.\n\nI raise this as a leader working across organisations. "
            "What can the CCPL team and the forums do about it?",
            author=author,
            anonymous=n % 4 == 1 or n == 26,
            priority=rng.choice(priorities) if priorities and n % 3 else None,
            place=rng.choice(places) if places and n % 2 else None,
            created_at=created,
        )
        if moderation != "pending":
            item.moderation = "accepted"
            item.moderated_by, item.moderated_at = staff, created + timedelta(days=1)
        if moderation == "hidden":
            item.moderation = "hidden"
            item.hidden_reason = (
                "It names a member of staff. Please post it again without the name."
            )
        if status in ("considered", "answered", "acted_on") and (upcoming or decisions):
            if status == "considered" and upcoming:
                meeting = upcoming[n % len(upcoming)]
            elif decisions:
                meeting = decisions[n % len(decisions)].meeting
            else:
                meeting = upcoming[n % len(upcoming)]
            item.forum, item.meeting = meeting.forum, meeting
            item.considered_at = created + timedelta(days=7)
            item.status, item.status_changed_at = "considered", item.considered_at
        if status in ("answered", "acted_on"):
            item.answer = (
                "Thank you for raising this. The forum discussed it and agreed the next "
                "steps, which the CCPL team is taking forward."
            )
            item.answered_at = created + timedelta(days=rng.randint(10, 60))
            item.status, item.status_changed_at = "answered", item.answered_at
        if status == "acted_on" and (decisions or actions):
            if n % 2 and actions:
                item.action = actions[n % len(actions)]
            elif decisions:
                item.decision = decisions[n % len(decisions)]
            else:
                item.action = actions[n % len(actions)]
            item.acted_on_at = item.answered_at + timedelta(days=14)
            item.status, item.status_changed_at = "acted_on", item.acted_on_at
        item.status_changed_by = staff if item.status_changed_at else None
        made.append(saved(item, staff))
    accepted = [i for i in made if i.moderation == "accepted"]
    # The duplicate: merged into the first item on protected time.
    duplicate = made[-2]
    duplicate.moderation, duplicate.merged_into = "merged", made[0]
    saved(duplicate, staff)
    comments, supports = [], []
    for item in accepted:
        for c in range(rng.randint(0, 4)):
            comments.append(
                PractitionerComment(
                    item=item,
                    author=rng.choice(people),
                    anonymous=rng.random() < 0.2,
                    body=rng.choice(FORUM_COMMENTS),
                    created_at=item.created_at + timedelta(days=c + 1),
                )
            )
        for person in rng.sample(people, rng.randint(0, min(15, len(people)))):
            supports.append(PractitionerSupport(item=item, person=person))
    PractitionerComment.objects.bulk_create(comments)
    PractitionerSupport.objects.bulk_create(supports, ignore_conflicts=True)
    stdout.write(
        f"  {len(made)} practitioner forum items, {len(comments)} comments, "
        f"{len(supports)} supports"
    )
