"""Reads for recruitment. Equality answers are only ever counted here, in the database."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ccpl import disclosure, equality, history
from ccpl import selectors as core_selectors
from ccpl.hooks import EqualityOffer
from ccpl.models import ProfessionalGroup
from roles.models import Appointment

from .models import Application, Campaign, ExitInterview, RequestToRecruit, TalentPoolMember
from .services import SHORTLISTED_STAGES

STEPS = ("applied", "shortlisted", "appointed")
STEP_LABELS = {"applied": "Applied", "shortlisted": "Shortlisted", "appointed": "Appointed"}


def open_vacancies(on=None):
    return (
        Campaign.objects.open(on)
        .select_related("role__function", "role__place", "job_description")
        .prefetch_related("role__eligible_groups")
        .order_by("closes_on", "role__title")
    )


def open_advert_urls(on=None) -> dict[int, str]:
    """Role id → the address of its open advert, for the public register's "Vacant" links."""
    rows = Campaign.objects.open(on).order_by("closes_on").values_list("role_id", "pk")
    urls: dict[int, str] = {}
    for role_id, pk in rows:
        urls.setdefault(role_id, reverse("recruitment:vacancy_detail", kwargs={"pk": pk}))
    return urls


def public_campaign(pk: int) -> Campaign:
    """A campaign as published: its role and job description."""
    return (
        Campaign.objects.select_related("role__function", "role__place", "job_description")
        .prefetch_related("role__eligible_groups")
        .get(pk=pk)
    )


def job_posting(campaign: Campaign, *, request=None) -> dict:
    """The advert as schema.org ``JobPosting`` structured data (for the page's JSON-LD)."""
    from ccpl.models import IntegratedCareBoard

    role = campaign.role
    jd = campaign.job_description
    icb = IntegratedCareBoard.current()
    url = campaign.get_absolute_url()
    if request is not None:
        url = request.build_absolute_uri(url)
    organisation = {"@type": "Organization", "name": icb.name}
    if icb.website:
        organisation["sameAs"] = icb.website
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": advert_description(campaign),
        "datePosted": campaign.opens_on.isoformat(),
        "validThrough": f"{campaign.closes_on.isoformat()}T23:59:59",
        "employmentType": "PART_TIME",
        "hiringOrganization": organisation,
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressRegion": role.place.name
                if role.place_id
                else (icb.system_name or icb.name),
                "addressCountry": "GB",
            },
        },
        "directApply": True,
        "url": url,
    }
    eligible = [group.name for group in role.eligible_groups.all()]
    if eligible:
        data["qualifications"] = "Open to " + " or ".join(sorted(eligible)) + "."
    if campaign.nhs_jobs_reference:
        data["identifier"] = {
            "@type": "PropertyValue",
            "name": "NHS Jobs reference",
            "value": campaign.nhs_jobs_reference,
        }
    if jd is not None:
        data["responsibilities"] = jd.responsibilities
    return data


def advert_description(campaign: Campaign) -> str:
    """A plain-text description of an advert (for the feed and structured data): the role's
    summary, the purpose from its job description, who may apply, time and closing date."""
    role = campaign.role
    jd = campaign.job_description
    parts = [role.summary.strip(), jd.purpose.strip() if jd is not None else ""]
    eligible = sorted(group.name for group in role.eligible_groups.all())
    parts.append(f"Open to {' or '.join(eligible)}." if eligible else "Open to any profession.")
    if role.time_display:
        parts.append(f"Funded time: {role.time_display}.")
    parts.append(f"Closing date: {campaign.closes_on:%-d %B %Y}.")
    return "\n\n".join(part for part in parts if part)


def appointee_equality_offers(person) -> list[EqualityOffer]:
    """The equality answers ``person`` gave with an application that led to their
    appointment, while they differ from the person's own answers: for that person's own
    equality page only (``ccpl.hooks.equality_offers``), never for anyone else."""
    own = core_selectors.equality_answers_of(person)
    offers = []
    applications = (
        Application.objects.filter(appointment__person=person)
        .select_related("campaign__role")
        .order_by("-submitted_at", "-pk")
    )
    for application in applications:
        answers = core_selectors.equality_answers_of(application)
        if not any(answers.values()) or all(
            own.get(question, "") == value for question, value in answers.items() if value
        ):
            continue
        offers.append(
            EqualityOffer(
                source=f"your application for {application.campaign.role.title}",
                answers=answers,
                copy_url=reverse("recruitment:appointee_equality_copy"),
                key=application.pk,
            )
        )
    return offers


def requests_awaiting_decision():
    return RequestToRecruit.objects.filter(status=RequestToRecruit.Status.PENDING).select_related(
        "role", "requested_by__person"
    )


def request_list():
    return RequestToRecruit.objects.select_related(
        "role", "requested_by__person", "decided_by", "campaign"
    ).order_by("-requested_on", "-pk")


def campaign_list():
    return (
        Campaign.objects.select_related("role")
        .annotate(
            application_count=Count("applications", distinct=True),
            shortlisted_count=Count(
                "applications",
                filter=Q(applications__shortlisted_on__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-closes_on", "-pk")
    )


def panel_campaigns(user):
    return Campaign.objects.for_panel_member(user).select_related("role").order_by("-closes_on")


def communication_gaps(campaign: Campaign) -> list[ProfessionalGroup]:
    """Top-level professional groups the campaign's communications did not reach."""
    reached = set(campaign.communicated_to.values_list("pk", flat=True))
    return [g for g in ProfessionalGroup.objects.filter(parent__isnull=True) if g.pk not in reached]


def staff_applications(campaign: Campaign):
    """Applications with contact details, for staff (never with equality answers)."""
    return (
        campaign.applications.select_related("professional_group")
        .annotate(
            shortlisting_score=Avg("scores__score", filter=Q(scores__step="shortlisting")),
            interview_score=Avg("scores__score", filter=Q(scores__step="interview")),
        )
        .only(
            "pk",
            "campaign_id",
            "candidate_number",
            "given_name",
            "family_name",
            "email",
            "phone",
            "organisation",
            "professional_group__name",
            "stage",
            "submitted_at",
            "cv",
            "cv_filename",
            "shortlisted_on",
        )
    )


def staff_applications_csv_rows(applications) -> list[list[str]]:
    """Applications for a staff CSV: contact details and stage, never equality answers."""
    header = ["Candidate", "First name", "Last name", "Email", "Phone", "Professional group"]
    header += ["Organisation", "Stage", "Received", "Shortlisting score", "Interview score"]
    rows = [header]
    for a in applications:
        rows.append(
            [
                a.candidate_number,
                a.given_name,
                a.family_name,
                a.email,
                a.phone,
                a.professional_group.name,
                a.organisation,
                a.get_stage_display(),
                timezone.localtime(a.submitted_at).date().isoformat(),
                "" if a.shortlisting_score is None else f"{a.shortlisting_score:.1f}",
                "" if a.interview_score is None else f"{a.interview_score:.1f}",
            ]
        )
    return rows


@dataclass(frozen=True)
class AnonymisedCandidate:
    """What a panel sees before the shortlist is locked: no name, contact or equality data."""

    pk: int
    candidate_number: int
    professional_group: str
    supporting_statement: str
    my_score: int | None


def anonymised_candidates(campaign: Campaign, user) -> list[AnonymisedCandidate]:
    rows = (
        campaign.applications.exclude(stage=Application.Stage.WITHDRAWN)
        .order_by("candidate_number")
        .values(
            "pk",
            "candidate_number",
            "professional_group__name",
            "supporting_statement",
        )
    )
    scores = dict(
        Application.objects.filter(
            campaign=campaign, scores__panel_member=user, scores__step="shortlisting"
        ).values_list("pk", "scores__score")
    )
    return [
        AnonymisedCandidate(
            pk=row["pk"],
            candidate_number=row["candidate_number"],
            professional_group=row["professional_group__name"],
            supporting_statement=row["supporting_statement"],
            my_score=scores.get(row["pk"]),
        )
        for row in rows
    ]


def interview_candidates(campaign: Campaign, user) -> list[dict]:
    """Shortlisted candidates with names, once the shortlist is locked (still no equality data)."""
    rows = list(
        campaign.applications.filter(stage__in=SHORTLISTED_STAGES)
        .order_by("candidate_number")
        .values(
            "pk",
            "candidate_number",
            "given_name",
            "family_name",
            "professional_group__name",
            "organisation",
        )
    )
    scores = dict(
        Application.objects.filter(
            campaign=campaign, scores__panel_member=user, scores__step="interview"
        ).values_list("pk", "scores__score")
    )
    for row in rows:
        row["my_score"] = scores.get(row["pk"])
    return rows


# --- Funnel -------------------------------------------------------------------------------


def _step_filters(as_of: date | None = None):
    """Which applications reached each step; with ``as_of``, by the end of that day: made
    by then, shortlisted by then (a dated step) and appointed by then (from each
    application's recorded stage: one not recorded by then is not counted as appointed)."""
    if as_of is None:
        return {
            "applied": Q(),
            "shortlisted": Q(shortlisted_on__isnull=False),
            "appointed": Q(stage=Application.Stage.APPOINTED),
        }
    appointed_then = (
        history.as_of(Application, as_of).filter(stage=Application.Stage.APPOINTED).values("id")
    )
    return {
        "applied": Q(submitted_at__lte=history.end_of_day(as_of)),
        "shortlisted": Q(submitted_at__lte=history.end_of_day(as_of), shortlisted_on__lte=as_of),
        "appointed": Q(submitted_at__lte=history.end_of_day(as_of), pk__in=appointed_then),
    }


def _funnel_counts(applications, key: str, as_of: date | None = None) -> dict[str, dict[str, int]]:
    """Raw counts ``{category: {step: n}}`` grouped by ``key``, counted in one query."""
    aggregates = {step: Count("pk", filter=q) for step, q in _step_filters(as_of).items()}
    rows = applications.order_by().values(key).annotate(**aggregates)
    return {row[key]: {step: row[step] for step in STEPS} for row in rows}


def funnel_counts_by_professional_group(
    applications=None, *, as_of: date | None = None
) -> dict[str, dict[str, int]]:
    """Raw applied/shortlisted/appointed counts by top-level professional group (with
    ``as_of``, as they stood at the end of that day)."""
    applications = Application.objects.all() if applications is None else applications
    annotated = applications.annotate(
        family=Coalesce("professional_group__parent__name", "professional_group__name")
    )
    return _funnel_counts(annotated, "family", as_of)


def funnel_counts_by_equality(
    *, dimension: str, applications=None, as_of: date | None = None
) -> dict[str, dict[str, int]]:
    """Raw applied/shortlisted/appointed counts by one equality answer (applications with
    no equality form count as not answered). Ethnicity comes back by broad ONS group.
    With ``as_of``, as they stood at the end of that day."""
    if dimension not in equality.QUESTIONS:
        raise ValueError(f"Unknown equality dimension: {dimension}")
    applications = Application.objects.all() if applications is None else applications
    answer = core_selectors.equality_answer_expression(people=applications, question=dimension)
    return _funnel_counts_by_answer(applications, dimension, answer, as_of)


def _funnel_counts_by_answer(applications, dimension: str, answer, as_of: date | None):
    counts = _funnel_counts(applications.annotate(answer=answer), "answer", as_of)
    if dimension == "ethnicity":
        by_step = {
            step: disclosure.collapse_to_ethnic_groups({k: v[step] for k, v in counts.items()})
            for step in STEPS
        }
        groups = {group for series in by_step.values() for group in series}
        counts = {g: {step: by_step[step].get(g, 0) for step in STEPS} for g in groups}
    return counts


@dataclass(frozen=True)
class LikelihoodRow:
    label: str
    cells: tuple  # disclosure.Cell for applied, shortlisted, appointed
    appointed_from_shortlist: disclosure.Share
    # "1.50", "*" (hidden) or "–" (not available: nobody shortlisted in the group or the
    # reference). The reference row's own is "1.00", or "–" when it is empty. Pages, CSV
    # and PDF all show this string as it is.
    relative_likelihood: str
    is_reference: bool


@dataclass(frozen=True)
class Funnel:
    title: str
    reference_label: str
    rows: list[LikelihoodRow]
    totals: tuple
    # The reference group compared with everyone else together ("*" when hidden).
    compared_with_rest: str = ""
    key: str = ""
    reference: str = ""
    choices: tuple = ()

    def csv_rows(self) -> list[list[str]]:
        out = [
            [
                self.title,
                *STEP_LABELS.values(),
                "Appointed from shortlisting (%)",
                f"Relative likelihood ({self.reference_label} compared with group)",
            ]
        ]
        for row in self.rows:
            out.append(
                [
                    row.label,
                    *(c.csv_value for c in row.cells),
                    row.appointed_from_shortlist.csv_value,
                    row.relative_likelihood,
                ]
            )
        out.append(["Total", *(c.csv_value for c in self.totals), "", ""])
        out.append(
            [
                f"{self.reference_label} compared with everyone else",
                "",
                "",
                "",
                "",
                self.compared_with_rest,
            ]
        )
        return out


def _likelihood(appointed: int, shortlisted: int) -> Decimal | None:
    return None if shortlisted == 0 else Decimal(appointed) / Decimal(shortlisted)


def relative_likelihood(reference: tuple[int, int], other: tuple[int, int]) -> Decimal | None:
    """WRES-style ratio: (appointed ÷ shortlisted) of the reference group divided by the same
    for the other group. ``None`` when either likelihood cannot be worked out or is 0."""
    ref = _likelihood(*reference)
    oth = _likelihood(*other)
    if ref is None or oth is None or oth == 0:
        return None
    return (ref / oth).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def funnel(
    counts: dict[str, dict[str, int]],
    *,
    title: str,
    reference: str,
    labels: dict[str, str] | None = None,
    categories=None,
    key: str = "",
) -> Funnel:
    """Publish a funnel through disclosure control, with each group's relative likelihood
    of appointment from shortlisting compared with ``reference``.

    The ratio is worked out from the published (rounded) counts and hidden (``*``) whenever
    any figure it uses is hidden in the published table, as the people-counts policy requires.
    """
    labels = labels or {}
    # Every category is listed, with or without applicants, so that a row's presence
    # never tells anyone that somebody gave that answer.
    categories = list(categories or []) + [k for k in counts if k not in (categories or [])]
    counts = {k: counts.get(k, dict.fromkeys(STEPS, 0)) for k in categories}
    order = sorted(categories, key=lambda k: k != reference)
    table = disclosure.people_count_table(
        counts, rows=order, columns=list(STEPS), row_totals=False, column_totals=True
    )
    ref_hidden = reference in counts and any(
        table.cell(reference, step).hidden for step in ("shortlisted", "appointed")
    )
    rows = []
    for category in order:
        cells = tuple(table.cell(category, step) for step in STEPS)
        share = disclosure.people_share(
            table.cell(category, "appointed"), table.cell(category, "shortlisted")
        )
        is_reference = category == reference
        if is_reference:
            # The reference compared with itself: 1.00, unless nobody in it was shortlisted,
            # when there is no likelihood to compare anyone with.
            ref_shortlisted = table.cell(reference, "shortlisted")
            # 0 is published as 0 exactly, so this reveals nothing the table does not.
            someone = ref_shortlisted.hidden or (ref_shortlisted.value or 0) > 0
            ratio = "1.00" if someone else disclosure.NOT_AVAILABLE_DISPLAY
        else:
            hidden = ref_hidden or cells[1].hidden or cells[2].hidden
            # From the published (rounded) counts: raw counts would undo the rounding.
            ref_published = (
                (
                    table.cell(reference, "appointed").value or 0,
                    table.cell(reference, "shortlisted").value or 0,
                )
                if reference in counts
                else (0, 0)
            )
            value = relative_likelihood(
                ref_published,
                (cells[2].value or 0, cells[1].value or 0),
            )
            if hidden:
                ratio = disclosure.HIDDEN_DISPLAY
            elif value is None:
                ratio = disclosure.NOT_AVAILABLE_DISPLAY
            else:
                ratio = f"{value:.2f}"
        rows.append(
            LikelihoodRow(
                label=str(labels.get(category, category)),
                cells=cells,
                appointed_from_shortlist=share,
                relative_likelihood=ratio,
                is_reference=is_reference,
            )
        )
    totals = table.totals_row().cells
    return Funnel(
        title=title,
        reference_label=str(labels.get(reference, reference)),
        rows=rows,
        totals=totals,
        compared_with_rest=_compared_with_rest(counts, reference, ref_hidden, totals),
        key=key,
        reference=str(reference),
        choices=tuple((str(k), str(labels.get(k, k))) for k in categories),
    )


def _compared_with_rest(counts, reference, ref_hidden, totals) -> str:
    """The reference group's relative likelihood compared with all other groups together.

    Everyone else's figures are not in the table, so they are judged as stand-alone people
    counts: the ratio is hidden when they (or any published input) would be hidden.
    """
    if reference not in counts:
        return disclosure.NOT_AVAILABLE_DISPLAY
    ref = counts[reference]
    rest = {step: sum(c[step] for k, c in counts.items() if k != reference) for step in STEPS}
    rest_hidden = any(
        disclosure.people_count(rest[step]).hidden for step in ("shortlisted", "appointed")
    )
    if ref_hidden or rest_hidden or totals[1].hidden or totals[2].hidden:
        return disclosure.HIDDEN_DISPLAY
    published = {step: disclosure.round_people(n) for step, n in rest.items()}
    value = relative_likelihood(
        (disclosure.round_people(ref["appointed"]), disclosure.round_people(ref["shortlisted"])),
        (published["appointed"], published["shortlisted"]),
    )
    return disclosure.NOT_AVAILABLE_DISPLAY if value is None else f"{value:.2f}"


def _choice_labels(dimension: str) -> dict[str, str]:
    """Every category of a dimension in display order, with its label."""
    if dimension == "ethnicity":
        return dict(equality.EthnicGroup.choices)
    choices = {
        "age_band": equality.AgeBand.choices,
        "sex": equality.Sex.choices,
        "gender_same_as_birth": equality.YesNo.choices,
        "disability": equality.YesNo.choices,
        "sexual_orientation": equality.SexualOrientation.choices,
        "religion": equality.Religion.choices,
    }[dimension]
    return dict(choices) | {equality.NOT_ANSWERED: "Not answered"}


# Reference group per dimension, as WRES indicator 2 compares White applicants with others.
REFERENCE_GROUPS = {
    "ethnicity": equality.EthnicGroup.WHITE,
    "sex": equality.Sex.MALE,
    "age_band": equality.AgeBand.AGE_40_49,
    "disability": equality.YesNo.NO,
    "gender_same_as_birth": equality.YesNo.YES,
    "sexual_orientation": equality.SexualOrientation.HETEROSEXUAL,
    "religion": equality.Religion.NONE,
}
DIMENSION_TITLES = {
    "ethnicity": "Ethnic group",
    "sex": "Sex",
    "age_band": "Age",
    "disability": "Long-term condition or disability",
    "gender_same_as_birth": "Gender identity the same as sex registered at birth",
    "sexual_orientation": "Sexual orientation",
    "religion": "Religion",
}
MEDICAL_HINTS = ("medic", "doctor", "gp", "general practi", "consultant")


def medical_group_name(names) -> str | None:
    """The professional group treated as the reference: the medical one, if any."""
    for name in sorted(names):
        if any(hint in name.lower() for hint in MEDICAL_HINTS):
            return name
    return None


def funnels(
    *,
    applications=None,
    references: dict[str, str] | None = None,
    as_of: date | None = None,
) -> list[Funnel]:
    """Every published funnel: by professional group, then by each equality question.

    ``references`` may choose another reference group per funnel key
    (``professional_group`` or an equality question); unknown choices are ignored. With
    ``as_of``, each step as it stood at the end of that day (see ``_step_filters``).
    """
    references = references or {}
    by_group = funnel_counts_by_professional_group(applications, as_of=as_of)
    groups = list(
        ProfessionalGroup.objects.filter(parent__isnull=True)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    chosen = references.get("professional_group")
    out = [
        funnel(
            by_group,
            title="Professional group",
            reference=chosen if chosen in groups else (medical_group_name(groups) or ""),
            categories=groups,
            key="professional_group",
        )
    ]
    # Every applicant's pseudonym is worked out once for all the questions.
    people = Application.objects.all() if applications is None else applications
    answers = core_selectors.equality_answer_expressions(
        people=people, questions=equality.QUESTIONS
    )
    for dimension in equality.QUESTIONS:
        counts = _funnel_counts_by_answer(people, dimension, answers[dimension], as_of)
        labels = _choice_labels(dimension)
        chosen = references.get(dimension)
        out.append(
            funnel(
                counts,
                title=DIMENSION_TITLES[dimension],
                reference=chosen if chosen in labels else REFERENCE_GROUPS[dimension],
                labels=labels,
                categories=list(labels),
                key=dimension,
            )
        )
    return out


def today():
    return timezone.localdate()


# --- Talent pool and exit interviews ------------------------------------------------------


def talent_pool(*, on: date | None = None):
    """Everyone in the talent pool (with ``on``, those of them who had joined by that day)."""
    members = TalentPoolMember.objects.select_related("professional_group", "place")
    if on is not None:
        members = members.filter(joined_on__lte=on)
    return members.order_by("family_name", "given_name")


def exit_interviews():
    return ExitInterview.objects.select_related(
        "appointment__role", "appointment__person"
    ).order_by("-held_on", "-pk")


def exit_interviews_due(*, within_days: int = 730):
    """Appointments that ended (within two years) with no exit interview recorded."""
    since = timezone.localdate() - timedelta(days=within_days)
    return (
        Appointment.objects.filter(ended_on__gte=since, exit_interview__isnull=True)
        .select_related("role", "person")
        .order_by("-ended_on")
    )


def exit_interview_themes(*, on: date | None = None) -> disclosure.DisclosedTable:
    """How many exit interviews named each theme, through disclosure control (leavers are
    people too); with ``on``, interviews held by that day."""
    counts = dict.fromkeys(ExitInterview.Theme.values, 0)
    interviews = ExitInterview.objects.all()
    if on is not None:
        interviews = interviews.filter(held_on__lte=on)
    for themes in interviews.values_list("themes", flat=True):
        for theme in set(themes or []):
            if theme in counts:
                counts[theme] += 1
    return disclosure.people_count_table(
        counts, rows=list(counts), columns=["interviews"], column_totals=False
    )


APPLICANTS = "applicants"


def applicants(on=None):
    """Applications made in the 12 months up to ``on``, for diversity snapshots.

    Applicants have no Person record, but an application has a ``professional_group`` and
    its own equality pseudonym, so the core counts it exactly as it counts people. Each
    application is one applicant.
    """
    on = on or timezone.localdate()
    since = on - timedelta(days=365)
    return Application.objects.filter(
        submitted_at__date__gt=since, submitted_at__date__lte=on
    ).exclude(stage=Application.Stage.WITHDRAWN)


# --- For assurance (issue 18): the funnel over a period, and time to fill ---------------------


def applications_for_campaigns_closing(*, since: date, until: date):
    """Applications to adverts closing after ``since`` up to ``until``."""
    return Application.objects.filter(campaign__closes_on__gt=since, campaign__closes_on__lte=until)


def days_to_appointment(*, since: date, until: date) -> list[int]:
    """For each advert with an appointment letter sent after ``since`` up to ``until``: the
    days from the advert opening to that letter (its first, when a job share appointed two)."""
    firsts: dict[int, tuple[date, date]] = {}
    for campaign_id, opens_on, sent_on in (
        Application.objects.filter(
            stage=Application.Stage.APPOINTED,
            outcome_sent_on__gt=since,
            outcome_sent_on__lte=until,
        )
        .order_by("outcome_sent_on")
        .values_list("campaign_id", "campaign__opens_on", "outcome_sent_on")
    ):
        firsts.setdefault(campaign_id, (opens_on, sent_on))
    return [(sent - opened).days for opened, sent in firsts.values()]


def adverts_reaching_every_profession(*, since: date, until: date) -> tuple[int, int]:
    """(adverts whose communications reached every top-level professional group, all adverts)
    closing after ``since`` up to ``until``: two queries however many adverts."""
    top = set(ProfessionalGroup.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    reached: dict[int, set[int]] = {}
    for campaign_id in Campaign.objects.filter(
        closes_on__gt=since, closes_on__lte=until
    ).values_list("pk", flat=True):
        reached[campaign_id] = set()
    for campaign_id, group_id in Campaign.communicated_to.through.objects.filter(
        campaign_id__in=list(reached)
    ).values_list("campaign_id", "professionalgroup_id"):
        reached[campaign_id].add(group_id)
    return sum(1 for groups in reached.values() if top <= groups), len(reached)
