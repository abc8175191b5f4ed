"""Demo action plan: Gloucestershire's 20 actions, verbatim, with a believable year of progress.

The plan starts on the first of the month 15 months before today, so its short and
medium-term actions are due and its long-term ones are under way. Idempotent: the plan is
found by its title, actions by code, and updates are only added to an action with none.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from ccpl.models import Priority

from . import services
from .models import Action, ActionPlan, ProgressStatus, add_months

TITLE = "Clinical and care professional leadership action plan"
COUNCIL = "Clinical and Care Professional Council"
EVIDENCE_SITE = "https://www.nhsglos.nhs.uk/about-us/clinical-and-care-professional-leadership"

# code, band, owner as the plan states it, the action verbatim.
ACTIONS = [
    (
        "1.1",
        "short",
        "CMO / CNO",
        "To ensure transparency and visibility, publish the full list of who holds clinical and care professional lead roles, and where they have involvement in ICB decision making. Include in this an analysis of diversity across the roles (age, gender, ethnicity as well as professional group). Review annually.",
    ),
    (
        "1.2",
        "short",
        "CMO / CNO",
        "Review governance and accountability including the purpose and membership of clinical & care groups (including Clinical and Care Professional Council) ensuring clear understanding and mapping of interconnections / alignment between groups.",
    ),
    (
        "1.3",
        "medium",
        "CMO / CNO",
        "Following 1.2, put in place improved 2-way communication with clinical and care professional leads (such as a virtual practitioner forum and wider cascade of comms to clinical and care leaders).",
    ),
    (
        "1.4",
        "medium",
        "Clinical & Care Professional Council",
        "Use the AHP model to consider how other professional groups can build their own voice – starting with those professions under-represented (social care, mental health, community pharmacy).",
    ),
    (
        "1.5",
        "medium",
        "Integrated Care Board",
        "As part of the development of the 5 year ICB strategy (later in 2022), ensure there is a strong clinical and care professional voice throughout - supported by effective engagement with clinical and care leads & giving the opportunity to unite around outcomes.",
    ),
    (
        "2.1",
        "long",
        "CMO / CNO",
        "Carry out annual survey / temperature check of clinical and care professional leads (building on the survey undertaken in December 2021) to test progress across the five priorities of the CCPL framework, disseminate results and make recommendations.",
    ),
    (
        "2.2",
        "medium",
        "Clinical Programme Board",
        "Carry out a review (initially across Clinical Programme Groups) of approaches to co-production (i.e. people with lived experience) and make recommendations for further improvement.",
    ),
    (
        "2.3",
        "short",
        "Directors of People (with CMO and CNO)",
        "Co-produce a set of ICS values and behaviours for clinical and care professional leaders across the system for use within the job description for leads and during appraisals.",
    ),
    (
        "2.4",
        "long",
        "CMO / CNO",
        "Work with Local Government in Gloucestershire to identify how to more fully support collaboration between clinical and care leads and Elected Members.",
    ),
    (
        "3.1",
        "medium",
        "CMO / CNO",
        "Undertake work on a long-term structure for clinical leadership roles required for Gloucestershire – considering the number and type of roles required to deliver the ICS vision.\n\nThis should also facilitate a move towards more aligned terms and conditions across roles and towards a range of role descriptions (at different levels) that allow for career progression and development.",
    ),
    (
        "3.2",
        "medium",
        "Directors of Finance and Directors of Strategy",
        "Review and publish “link role” arrangements for BI / Finance / Performance / Programme Management teams to ensure that there are named individuals linked to ICS transformation programmes and across partner organisations – and supporting clinical and care professional leads.",
    ),
    (
        "3.3",
        "medium",
        "CMO / CNO",
        "Determine the scope of – and recruit to the remaining clinical and care leadership vacancies, ensuring that these are supporting leadership development of individuals and incorporating a wider range of professions.\n\nAs part of this, consider opportunities for shadowing and support for those seeking to understand CCPL roles – including those leaders in CPGs.",
    ),
    (
        "4.1",
        "medium",
        "Directors of People",
        "Use the work on the development of the ICS People Strategy to develop a clear statement around learning and development which is empowering of staff to take available opportunities and has the support of the Integrated Care Board.",
    ),
    (
        "4.2",
        "medium",
        "Directors of People with the input of the CMO and CNO",
        "Review and enhance the Gloucestershire offer of mentorship and coaching to clinical and care professional leaders across the ICS (both those existing leaders as well as aspiring future leaders).",
    ),
    (
        "4.3",
        "medium",
        "CMO and CNO",
        "Strengthen induction arrangements, objective setting and appraisal processes for clinical and care leads – ensuring there is clarity on accountability arrangements for those roles. Use this to support a review of future development needs.",
    ),
    (
        "4.4",
        "long",
        "Directors of People",
        "Improve the dissemination arrangements for leadership and development opportunities, ensuring this is tailored to clinical and care leads (e.g. this might be in the form of a simple guide, web-page or individuals that can be contacted).",
    ),
    (
        "5.1",
        "medium",
        "ICS Strategic Executive",
        "Any future clinical/care professional leadership role advertised (related to roles on slide 3) will have overall accountability to the CMO / CNO. Approval to recruit will need to be sought from the CMO/CNO.",
    ),
    (
        "5.2",
        "long",
        "CMO and CNO",
        "The CMO / CNO will review (with a range of clinical/care professionals and Directors of People) the standard JD at least annually with an emphasis towards 'values-based recruitment' and recruiting from diverse professions and backgrounds.",
    ),
    (
        "5.3",
        "medium",
        "ICS Strategic Executive",
        "Ensure that all advertising of future clinical/care professional leadership roles (related to slide 3) is transparent using the standard JD. This means advertising via NHS Jobs and/or advertising via the One Gloucestershire website / other local platforms with communications to all professions.",
    ),
    (
        "5.4",
        "long",
        "CMO and CNO",
        "Undertake work to learn from recruitment into clinical and care lead jobs (why did / didn't people apply) - as well as learning from leaders leaving their posts. This will inform the development and diversity of leadership roles going forward and be key to informing actions with other actions.",
    ),
]

# Short names for lists, in plain English.
TITLES = {
    "1.1": "Publish who holds leadership roles, with a diversity analysis",
    "1.2": "Review governance of clinical and care groups",
    "1.3": "Improve 2-way communication with leaders",
    "1.4": "Help more professions build their own voice",
    "1.5": "A strong professional voice in the 5-year strategy",
    "2.1": "Run a yearly temperature check of leaders",
    "2.2": "Review co-production in clinical programme groups",
    "2.3": "Co-produce values and behaviours for leaders",
    "2.4": "Support collaboration with elected members",
    "3.1": "Plan a long-term structure for leadership roles",
    "3.2": "Review and publish link roles",
    "3.3": "Recruit to remaining leadership vacancies",
    "4.1": "Agree a statement on learning and development",
    "4.2": "Improve mentoring and coaching",
    "4.3": "Strengthen induction, objectives and appraisal",
    "4.4": "Make development opportunities easier to find",
    "5.1": "CMO and CNO approval to recruit",
    "5.2": "Review the standard job description every year",
    "5.3": "Advertise every leadership role openly",
    "5.4": "Learn from recruitment and from leaders leaving",
}

DEPENDENCIES = {"1.3": ["1.2"]}

# Dates set by hand: code → (start month, due month, reason).
DATE_OVERRIDES = {
    "3.1": (6, 18, "Extended by the Council to line up with the ICB's operating model review."),
}

# code → [(days after the plan starts, status, narrative, evidence link or "")].
UPDATES = {
    "1.1": [
        (20, "on_track", "Gathering the list of lead roles from each partner organisation.", ""),
        (
            75,
            "on_track",
            "List of 64 lead roles checked with partners. Diversity questionnaire sent to every role holder.",
            "",
        ),
        (
            150,
            "complete",
            "Role register and diversity analysis published on the ICB website. Annual review added to the Council's forward plan.",
            f"{EVIDENCE_SITE}/role-register",
        ),
    ],
    "1.2": [
        (30, "on_track", "Terms of reference collected for all clinical and care groups.", ""),
        (
            120,
            "at_risk",
            "Mapping is taking longer than planned: several groups have no current terms of reference.",
            "",
        ),
        (
            175,
            "complete",
            "Governance map agreed by the Council. Every group now has terms of reference and a reporting line.",
            f"{EVIDENCE_SITE}/governance-map",
        ),
    ],
    "1.3": [
        (200, "on_track", "Virtual practitioner forum designed with leads from 6 professions.", ""),
        (
            290,
            "on_track",
            "First 2 virtual forums held, with 140 people attending. Monthly leaders' bulletin started.",
            "",
        ),
        (
            355,
            "complete",
            "Virtual forum now runs every quarter and the monthly bulletin reaches 900 clinical and care leaders.",
            "",
        ),
    ],
    "1.4": [
        (
            210,
            "on_track",
            "AHP Council chair met social care and community pharmacy leads to share their model.",
            "",
        ),
        (
            300,
            "at_risk",
            "Social care council agreed in principle; mental health and community pharmacy have no one to lead yet.",
            "",
        ),
        (
            400,
            "at_risk",
            "Social care council has met twice. Still looking for leads in mental health and community pharmacy.",
            "",
        ),
    ],
    "1.5": [
        (200, "on_track", "Clinical and care leads took part in 4 strategy workshops.", ""),
        (
            330,
            "complete",
            "Strategy approved by the board with a chapter written by clinical and care leaders.",
            f"{EVIDENCE_SITE}/strategy",
        ),
    ],
    "2.1": [
        (
            140,
            "on_track",
            "Second temperature check survey agreed with the Council, using the same questions as December 2021.",
            "",
        ),
        (
            260,
            "on_track",
            "Survey closed with 131 responses. Results shared with the Council and all professional networks.",
            "",
        ),
        (420, "on_track", "Next year's survey questions agreed. It opens next month.", ""),
    ],
    "2.2": [
        (
            215,
            "on_track",
            "Review of co-production started with the respiratory and diabetes programme groups.",
            "",
        ),
        (300, "off_track", "Review paused: the project lead left and has not been replaced.", ""),
        (
            380,
            "off_track",
            "New lead not yet found. The Clinical Programme Board will discuss options next month.",
            "",
        ),
    ],
    "2.3": [
        (
            25,
            "on_track",
            "Workshops planned with leaders, people who use services and Directors of People.",
            "",
        ),
        (
            100,
            "on_track",
            "Draft values and behaviours shared for comment with every professional network.",
            "",
        ),
        (
            170,
            "complete",
            "Values and behaviours agreed and added to the standard job description and appraisal form.",
            "",
        ),
    ],
    "2.4": [
        (
            380,
            "at_risk",
            "First meeting with the county council's health overview committee postponed until after the local elections.",
            "",
        ),
    ],
    "3.1": [
        (
            220,
            "on_track",
            "Options for a long-term structure of roles drafted with the CMO and CNO.",
            "",
        ),
        (
            330,
            "on_track",
            "Council agreed to line the work up with the ICB's operating model review, with a new due date.",
            "",
        ),
    ],
    "3.2": [
        (230, "on_track", "Link roles named for 7 of 10 transformation programmes.", ""),
        (340, "complete", "Link roles for every programme published on the intranet.", ""),
    ],
    "3.3": [
        (
            200,
            "on_track",
            "Scope of 12 vacant roles agreed. Shadowing offer designed with the Leadership Faculty.",
            "",
        ),
        (290, "on_track", "8 of 12 roles advertised. 5 shadowing places taken up.", ""),
        (
            370,
            "at_risk",
            "4 roles still vacant after 2 rounds of advertising, all in professions that are under-represented.",
            "",
        ),
    ],
    "4.1": [
        (
            200,
            "on_track",
            "Learning and development statement drafted as part of the People Strategy.",
            "",
        ),
        (
            320,
            "complete",
            "Statement approved by the board as part of the ICS People Strategy.",
            "",
        ),
    ],
    "4.2": [
        (210, "on_track", "Current mentoring and coaching offers mapped across partners.", ""),
        (300, "on_track", "Shared coaching pool agreed with 3 trusts and the county council.", ""),
        (
            360,
            "complete",
            "Mentoring and coaching offer launched for existing and aspiring leaders.",
            "",
        ),
    ],
    "4.3": [
        (
            240,
            "on_track",
            "New induction pack and objective-setting template tested with 10 new leads.",
            "",
        ),
        (
            340,
            "complete",
            "Induction, objectives and appraisal process in use for every clinical and care lead.",
            "",
        ),
    ],
    "4.4": [
        (
            370,
            "on_track",
            "Guide to development opportunities drafted with leads from 5 professions.",
            "",
        ),
        (
            430,
            "on_track",
            "Web page of opportunities being tested with the Leadership Faculty.",
            "",
        ),
    ],
    "5.1": [
        (190, "on_track", "Request to recruit form agreed with the Strategic Executive.", ""),
        (
            260,
            "complete",
            "Every leadership role now needs CMO or CNO approval before it is advertised.",
            "",
        ),
    ],
    "5.2": [
        (
            300,
            "on_track",
            "First annual review of the standard job description started with Directors of People.",
            "",
        ),
        (
            420,
            "on_track",
            "Values-based wording agreed. Final version goes to the Council next month.",
            "",
        ),
    ],
    "5.3": [
        (
            220,
            "on_track",
            "Advertising standard drafted: NHS Jobs and the One Gloucestershire website, sent to every profession.",
            "",
        ),
        (
            330,
            "complete",
            "All leadership roles now advertised openly using the standard job description.",
            "",
        ),
    ],
    # 5.4 has had no update at all: not started, and stale.
}


# Internal notes (code, day): every other scripted update is published on the public page.
INTERNAL_UPDATES = {("2.2", 300), ("3.3", 370)}


def plan_start(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), -15)


def _author():
    return get_user_model().objects.filter(username="staff").first()


def load(*, stdout):
    from forums.models import Forum

    priorities = {p.number: p for p in Priority.objects.all()}
    if len(priorities) < 5:
        stdout.write("  No priorities yet: load the core demo first.")
        return
    today = timezone.localdate()
    author = _author()
    council = Forum.objects.filter(name=COUNCIL).first()
    plan = ActionPlan.objects.filter(title=TITLE).order_by("starts_on").first()
    if plan is None:
        starts_on = plan_start(today)
        plan = services.plan_create(
            user=author,
            title=TITLE,
            version=f"{starts_on.year} to {add_months(starts_on, 18).year}",
            starts_on=starts_on,
            overseeing_forum=council,
        )
    forums = list(Forum.objects.all())
    actions = {a.code: a for a in plan.actions.all()}
    for code, band, owner, text in ACTIONS:
        if code in actions:
            continue
        dates = {}
        if code in DATE_OVERRIDES:
            start_month, due_month, reason = DATE_OVERRIDES[code]
            dates = {
                "starts_on": add_months(plan.starts_on, start_month),
                "due_on": add_months(plan.starts_on, due_month),
                "date_override_reason": reason,
            }
        actions[code] = services.action_create(
            user=author,
            plan=plan,
            code=code,
            priority=priorities[int(code.split(".")[0])],
            title=TITLES[code],
            text=text,
            band=band,
            owner=owner,
            **services.owner_links(owner, forums=forums),
            **dates,
        )
    for code, depends_on in DEPENDENCIES.items():
        if not actions[code].depends_on.exists():
            services.action_dependencies_set(
                user=author, action=actions[code], depends_on=[actions[c] for c in depends_on]
            )
    if plan.status == ActionPlan.Status.DRAFT:
        services.plan_approve(
            user=author,
            plan=plan,
            approved_on=plan.starts_on - datetime.timedelta(days=14),
            approved_by=COUNCIL,
        )
    with_updates = set(
        Action.objects.filter(plan=plan, updates__isnull=False).values_list("code", flat=True)
    )
    # Code order, so that 1.2 is complete before 1.3 is marked complete.
    for code, script in UPDATES.items():
        if code in with_updates:
            continue
        for days, status, narrative, evidence in script:
            on = plan.starts_on + datetime.timedelta(days=days)
            if on > today:
                continue
            services.progress_update_add(
                user=author,
                action=actions[code],
                on=on,
                status=ProgressStatus(status),
                narrative=narrative,
                evidence_url=evidence,
                is_public=(code, days) not in INTERNAL_UPDATES,
            )
    stdout.write(f"  {plan}: {plan.actions.count()} actions, starting {plan.starts_on:%-d %B %Y}")
