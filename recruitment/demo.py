"""Demo recruitment: a year of requests and campaigns for the demo ICB's vacant roles.

Loaded by ``load_demo`` after roles and surveys; running it again changes nothing. As the
seeds found, even openly advertised roles drew mostly medical applicants.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ccpl import equality, publications
from ccpl.models import EqualityProfile, Place, ProfessionalGroup
from roles.models import Appointment, Role

from . import selectors, services
from .models import Application, Campaign, ExitInterview, RequestToRecruit, TalentPoolMember

SEED = 5
PDF = b"%PDF-1.4\n% Demo CV\n"
# Applicants by professional family: mostly medical, as the seeds describe.
FAMILY_WEIGHTS = {
    "Medical": 55,
    "Nursing and midwifery": 18,
    "Allied health professions": 12,
    "Pharmacy": 7,
    "Psychology": 3,
    "Social work": 3,
    "Public health": 2,
}
GIVEN = ["Amira", "Ben", "Chloe", "Dev", "Ellen", "Femi", "Gareth", "Hana", "Imran", "Jo"]
FAMILY = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fofana", "Green", "Hughes", "Iqbal"]
STATEMENT = (
    "I have led service change across primary and community care and chair a local network. "
    "I meet the person specification through my experience of working with partners, "
    "patients and communities, and I would bring the voice of my profession to the role."
)
ETHNICITY_WEIGHTS = {
    "white_british": 62,
    "white_other": 6,
    "asian_indian": 10,
    "asian_pakistani": 4,
    "black_african": 6,
    "black_caribbean": 2,
    "mixed_white_asian": 2,
    "other_any": 1,
    equality.PREFER_NOT_TO_SAY: 7,
}


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _group(rng, families):
    family = families[_weighted(rng, FAMILY_WEIGHTS)]
    children = list(family.children.all())
    return rng.choice(children) if children else family


def _apply(rng, campaign, families, n):
    """``n`` applications, bypassing the closing-date check (they arrived in time); their
    equality answers are stored in random order, as the nightly mix would leave them."""
    profiles = []
    # A role limited to some professions only receives applications from them.
    eligible = list(campaign.role.eligible_groups.all())
    for i in range(n):
        group = _group(rng, families)
        if eligible and not ({group.pk, group.parent_id} & {g.pk for g in eligible}):
            family = rng.choice(eligible)
            group = rng.choice(list(family.children.all()) or [family])
        answers = None
        if rng.random() < 0.75:
            answers = {
                "ethnicity": _weighted(rng, ETHNICITY_WEIGHTS),
                "sex": rng.choice(["female", "female", "male", "male", "prefer_not_to_say"]),
                "age_band": rng.choice(["30-39", "40-49", "40-49", "50-59", "60+"]),
                "disability": rng.choice(["no", "no", "no", "no", "yes", "prefer_not_to_say"]),
            }
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        application = Application.objects.create(
            campaign=campaign,
            candidate_number=i + 1,
            given_name=given,
            family_name=family,
            email=f"{given}.{family}.{campaign.pk}.{i}@demo.nhs.net".lower(),
            professional_group=group,
            organisation="A partner organisation",
            supporting_statement=STATEMENT,
            cv=ContentFile(PDF, name="cv.pdf"),
            cv_filename="cv.pdf",
            consent=True,
            submitted_at=timezone.now() - timedelta(days=rng.randrange(1, 10)),
        )
        if answers:
            subject = EqualityProfile.subject_for(application)
            profiles.append(EqualityProfile(subject=subject, **answers))
    rng.shuffle(profiles)
    EqualityProfile.objects.bulk_create(profiles)


@transaction.atomic
def load(*, stdout):
    if RequestToRecruit.objects.exists():
        stdout.write("  recruitment already loaded")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    User = get_user_model()
    staff = User.objects.filter(username="staff").first()
    executive = User.objects.filter(username="exec").first() or staff
    panel = User.objects.filter(username="panel").first()
    if staff is None:
        stdout.write("  recruitment skipped: no demo staff account")
        return
    families = {g.name: g for g in ProfessionalGroup.objects.filter(parent__isnull=True)}
    families = {k: v for k, v in families.items() if k in FAMILY_WEIGHTS}
    everyone = list(ProfessionalGroup.objects.filter(parent__isnull=True))
    vacant = [
        r
        for r in Role.objects.active().with_status().filter(is_filled=False).order_by("pk")
        if r.job_descriptions.exists()
    ]
    # Roles open to every profession first: the seeds' pattern (most applicants medical)
    # shows there, while a role limited to some professions only hears from them.
    vacant.sort(key=lambda r: r.eligible_groups.exists())
    filled = list(Role.objects.active().with_status().filter(is_filled=True).order_by("pk")[:3])

    def request_for(role, days_ago, decision, reason=""):
        rtr = services.request_to_recruit_create(
            user=staff,
            role=role,
            reason="The previous holder's term has ended and the role is unfilled.",
            proposed_funding="ICB clinical and care leadership budget",
            proposed_sessions=role.sessional_time or 1,
        )
        RequestToRecruit.objects.filter(pk=rtr.pk).update(
            requested_on=today - timedelta(days=days_ago)
        )
        if decision is not None:
            services.request_to_recruit_decide(
                user=executive, request=rtr, approve=decision, reason=reason
            )
            RequestToRecruit.objects.filter(pk=rtr.pk).update(
                decided_on=today - timedelta(days=days_ago - 5)
            )
        rtr.refresh_from_db()
        return rtr

    applications = 0
    # Closed campaigns earlier in the year that appointed someone (filling the role).
    for i, role in enumerate(vacant[:3]):
        # Advertised before the last holder left; the new holder starts the day after.
        last_end = max(
            (a.ended_on for a in role.appointments.all() if a.ended_on),
            default=today - timedelta(days=60),
        )
        opened = last_end - timedelta(days=90)
        rtr = request_for(role, (today - opened).days + 10, True)
        campaign = services.campaign_create(
            user=staff,
            request=rtr,
            opens_on=opened,
            closes_on=opened + timedelta(days=28),
            nhs_jobs_reference=f"D9999-26-{100 + i}",
            nhs_jobs_url="https://www.jobs.nhs.uk/",
            on_ics_website=True,
            communicated_to=everyone if i == 2 else [families["Medical"]],
            panel=[panel] if panel else [],
        )
        n = 12 + i * 3
        _apply(rng, campaign, families, n)
        applications += n
        shortlisted = list(campaign.applications.order_by("?")[: max(4, n // 3)])
        for a in campaign.applications.exclude(pk__in=[s.pk for s in shortlisted]):
            services.application_move(user=staff, application=a, stage="not_shortlisted")
        for a in shortlisted:
            services.application_move(user=staff, application=a, stage="interviewed")
        services.shortlist_lock(user=staff, campaign=campaign)
        # The seeds' pattern: the medical candidate is most often the one appointed.
        shortlisted.sort(key=lambda a: a.professional_group.family.name != "Medical")
        services.application_appoint(
            user=staff,
            application=shortlisted[0],
            starts_on=min(today, last_end + timedelta(days=1)),
        )
    # Open adverts.
    for i, role in enumerate(vacant[3:6]):
        rtr = request_for(role, 30 + i, True)
        campaign = services.campaign_create(
            user=staff,
            request=rtr,
            opens_on=today - timedelta(days=10 + i),
            closes_on=today + timedelta(days=14 + 7 * i),
            how_to_apply="For an informal conversation about the role, email the CCPL team.",
            on_ics_website=True,
            communicated_to=everyone if i != 1 else everyone[:4],
            panel=[panel] if panel and i == 0 else [],
        )
        n = 4 + i * 2
        _apply(rng, campaign, families, n)
        applications += n
    # Requests awaiting decision and declined.
    for role in (vacant[6:7] or filled[2:3])[:1]:
        request_for(role, 3, None)
    for role in filled[:2]:
        request_for(role, 120, False, "The role is filled until its term ends.")
    _talent_pool(rng, everyone)
    _exit_interviews(rng, staff)
    publications.publications_make_yearly(keys=[selectors.APPLICANTS])
    stdout.write(
        f"  {RequestToRecruit.objects.count()} requests to recruit, "
        f"{Campaign.objects.count()} campaigns, {applications} applications, "
        f"{TalentPoolMember.objects.count()} in the talent pool, "
        f"{ExitInterview.objects.count()} exit interviews"
    )


INTERESTS = ["Frailty", "Population health", "Mental health", "Urgent care", "Digital", ""]
EXIT_STORIES = [
    (
        "Could not keep up the role alongside a full clinical job.",
        "Protected time that was really protected, and backfill for clinics.",
        ["time", "workload"],
    ),
    (
        "Moved to a system role in another ICB.",
        "A clearer next step here.",
        ["career"],
    ),
    (
        "The sessions were not funded after the first year.",
        "Recurrent funding for the sessions.",
        ["funding"],
    ),
    (
        "Felt the role had little influence on decisions.",
        "A seat at the forums where decisions are made.",
        ["influence", "support"],
    ),
]


def _talent_pool(rng, groups):
    places = list(Place.objects.all())
    for i in range(18):
        group = rng.choice(groups)
        children = list(group.children.all())
        services.talent_pool_join(
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            email=f"aspiring{i}@demo.nhs.net",
            professional_group=rng.choice(children) if children else group,
            place=rng.choice(places) if places and rng.random() < 0.6 else None,
            interests=rng.choice(INTERESTS),
            wants_shadowing=rng.random() < 0.6,
            wants_mentoring=rng.random() < 0.5,
            consent=True,
        )


def _exit_interviews(rng, staff):
    ended = Appointment.objects.filter(ended_on__isnull=False, exit_interview_on__isnull=False)
    for i, appointment in enumerate(ended.order_by("pk")):
        reason, kept, themes = EXIT_STORIES[i % len(EXIT_STORIES)]
        services.exit_interview_record(
            user=staff,
            appointment=appointment,
            held_on=appointment.exit_interview_on,
            reason=reason,
            what_would_have_kept=kept,
            development_received=rng.choice(
                ["Induction and a coaching programme.", "Induction only.", "A mentor."]
            ),
            themes=themes,
        )
