"""The demo ICB's self-assessments: last year's, reviewed by the Council, signed off by the
demo executive and published (its indicators stored as they were on its date), and this
year's draft, started from a copy of it, with evidence linked to demo actions, decisions,
forums and surveys."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from actions import selectors as action_selectors
from forums import selectors as forum_selectors
from forums.models import Forum
from surveys import selectors as survey_selectors

from . import peer_services, services, yousaid_demo
from .models import Assessment, Evidence

COUNCIL = "Clinical and Care Professional Council"

# Principle order → (level, what we did, what we heard, what is next), last year's.
LAST_YEAR = {
    1: (
        1,
        "Set up the Clinical and Care Professional Council with seats for every profession and "
        "a lived-experience member; agreed which professions each forum's remit expects.",
        "Allied health professionals and social care leaders told us they were invited late "
        "to decisions that affected them.",
        "Fill the gaps the membership mix shows on the Place advisory groups.",
    ),
    2: (
        1,
        "Ran the first temperature check and shared what we heard in the bulletin.",
        "Leaders want more time to learn from each other across Places.",
        "Start a cross-Place journal club and a shared learning session each quarter.",
    ),
    3: (
        1,
        "Agreed sessional time for every role on the register.",
        "Protected time is the biggest barrier, especially in primary care.",
        "Record time funded and time actually protected for every appointment.",
    ),
    4: (
        0,
        "Mapped what the ICB and partners already offer.",
        "Leaders outside the NHS could not find anything open to them.",
        "Publish one development offer open to every profession and sector.",
    ),
    5: (
        1,
        "Advertised every leadership role openly with a request to recruit.",
        "Applicants from some professions did not hear about roles in time.",
        "Send every advert to every professional network, and keep a talent pool.",
    ),
    100: (
        2,
        "The ICB board agreed the CCPL framework and action plan with partners.",
        "Partners want to see progress against the plan.",
        "Report progress to the board twice a year.",
    ),
    101: (
        1,
        "The medical and nursing directors sponsor the Council.",
        "Some professions feel the directors speak for medicine and nursing first.",
        "Rotate the Council's chair between professions.",
    ),
}
THIS_YEAR = {
    1: (2, "The membership mix now flags only the gaps each forum's remit expects."),
    3: (2, "Appointments now record time funded and time protected."),
    4: (1, "The development offer opened with cohorts for every profession and sector."),
}


def _links():
    """Demo things to point at, found through the apps' selectors."""
    plan = action_selectors.current_plan()
    actions = list(action_selectors.action_list(plan=plan)[:3]) if plan else []
    decisions = list(forum_selectors.decisions_log()[:2])
    council = Forum.objects.filter(name=COUNCIL).first() or Forum.objects.order_by("pk").first()
    check = survey_selectors.latest_temperature_check()
    return actions, decisions, council, check


def load(*, stdout):
    yousaid_demo.load(stdout=stdout)
    if Assessment.objects.exists():
        stdout.write("  assurance already loaded")
        return
    users = get_user_model().objects
    staff = users.filter(username="staff").first()
    executive = users.filter(username="exec").first()
    today = timezone.localdate()
    services.principles_ensure(user=staff)
    actions, decisions, council, check = _links()

    # Last year's, as of the end of last year, reviewed early this year.
    last = services.assessment_create(
        user=staff, year=today.year - 1, as_of=date(today.year - 1, 12, 31)
    )
    for entry in last.entries.select_related("principle"):
        level, did, heard, next_ = LAST_YEAR[entry.principle.order]
        services.entry_update(
            user=staff,
            entry=entry,
            level=level,
            what_we_did=did,
            what_we_heard=heard,
            what_is_next=next_,
            internal_notes="Check the figures with the finance team before the board.",
        )
        order = entry.principle.order
        if order == 1 and council:
            services.evidence_link_add(
                user=staff, entry=entry, kind=Evidence.Kind.FORUM, object_id=council.pk
            )
        if order == 2 and check:
            services.evidence_link_add(
                user=staff, entry=entry, kind=Evidence.Kind.SURVEY, object_id=check.pk
            )
        if order in (3, 5) and actions:
            services.evidence_link_add(
                user=staff, entry=entry, kind=Evidence.Kind.ACTION, object_id=actions[0].pk
            )
        if order == 100 and decisions:
            services.evidence_link_add(
                user=staff, entry=entry, kind=Evidence.Kind.DECISION, object_id=decisions[0].pk
            )
    if council:
        services.assessment_send_for_review(user=staff, assessment=last, forum=council)
        services.assessment_record_review(
            user=staff,
            assessment=last,
            reviewed_on=min(last.as_of + timedelta(days=20), today),
            outcome="The Council agreed the levels and asked for the protected time figures "
            "by Place next year.",
            changes_needed=False,
        )
        if executive:
            services.assessment_sign_off(user=executive, assessment=last)
            services.assessment_publish(user=executive, assessment=last, published=True)

    draft = services.assessment_create(user=staff, year=today.year, as_of=today)
    for entry in draft.entries.select_related("principle"):
        change = THIS_YEAR.get(entry.principle.order)
        if change:
            level, did = change
            services.entry_update(
                user=staff,
                entry=entry,
                level=level,
                what_we_did=did,
                what_we_heard=entry.what_we_heard,
                what_is_next=entry.what_is_next,
                internal_notes="Draft: levels to agree with the Council.",
            )
        if entry.principle.order == 2 and len(decisions) > 1:
            services.evidence_link_add(
                user=staff, entry=entry, kind=Evidence.Kind.DECISION, object_id=decisions[1].pk
            )
        if entry.principle.order == 4 and len(actions) > 1:
            services.evidence_link_add(
                user=staff, entry=entry, kind=Evidence.Kind.ACTION, object_id=actions[1].pk
            )
    _peer_review(draft, staff)
    stdout.write(f"  self-assessments: {last.year} signed off, {draft.year} draft")


# Two reviewers from a neighbouring ICB read this year's draft; one has commented.
PEER_REVIEWERS = (
    ("Dr Amara Okafor", "Associate medical director, NHS Northern Neighbour ICB",
     "amara.okafor@northern-neighbour.example.nhs.uk"),
    ("Siân Pritchard", "Chief allied health professions officer, NHS Northern Neighbour ICB",
     "sian.pritchard@northern-neighbour.example.nhs.uk"),
)  # fmt: skip
PEER_COMMENTS = {
    1: "The Council's membership mix is a real strength. Say more about how social care "
    "leaders are invited before decisions are made, not after.",
    3: "Protected time: we found it helps to publish time used against time funded by Place "
    "each quarter. Is 'established' a stretch while primary care is still behind?",
}


def _peer_review(draft, staff):
    """No e-mails: the demo's reviewers get theirs when the team presses "Send a new link"."""
    peer_services.peer_review_start(user=staff, assessment=draft)
    reviewers = [
        peer_services.reviewer_invite(
            user=staff,
            assessment=draft,
            name=name,
            organisation=organisation,
            email=email,
            send=False,
        )
        for name, organisation, email in PEER_REVIEWERS
    ]
    commenter = reviewers[0]
    peer_services.reviewer_seen(commenter)
    for entry in draft.entries.select_related("principle"):
        text = PEER_COMMENTS.get(entry.principle.order)
        if text:
            peer_services.comment_save(reviewer=commenter, entry_id=entry.pk, text=text)
