"""The demo's "you said, we did": about ten entries across the four kinds of source, linked to
demo actions, most of them public (those whose source may be public)."""

from django.contrib.auth import get_user_model

from actions import selectors as action_selectors
from communications.forum_models import PractitionerItem
from forums.models import Decision
from surveys.models import Recommendation, Survey

from . import yousaid_selectors as selectors
from . import yousaid_services as services
from .yousaid_models import YouSaid

THEMES = (
    (
        "Protected time for leadership work",
        "Leaders told us their leadership time is the first thing to go when services are busy.",
        "We now record the time funded and the time protected for every appointment, and the "
        "Council reviews the gaps each quarter.",
    ),
    (
        "Hearing about roles in time",
        "Leaders from some professions heard about leadership roles too late to apply.",
        "Every advert now goes to every professional network, and we keep a talent pool.",
    ),
)
ITEM_WORDS = (
    (
        "Leaders asked how to get time to take part in ICB forums.",
        "We agreed sessional time for forum members and set it out in each role's description.",
    ),
    (
        "Leaders asked for development open to every profession, not just doctors and nurses.",
        "We opened the development offer to every profession and sector.",
    ),
    (
        "Leaders asked for a simpler way to raise ideas with the Council.",
        "Ideas from the practitioner forum now go to the Council's agenda each month.",
    ),
)


def _public(entry, user):
    if selectors.public_problem(entry) is None:
        services.entry_set_public(user=user, entry=entry, is_public=True)


def load(*, stdout):
    if YouSaid.objects.exists():
        stdout.write("  you said, we did already loaded")
        return
    staff = get_user_model().objects.filter(username="staff").first()
    plan = action_selectors.current_plan()
    actions = list(action_selectors.action_list(plan=plan)) if plan else []

    def some(n):
        return [actions[(n * 3 + k) % len(actions)] for k in range(2)] if actions else []

    made = []
    recommendations = (
        Recommendation.objects.exclude(text="")
        .select_related("survey", "priority")
        .order_by("-survey__year", "priority__number")[:3]
    )
    for n, rec in enumerate(recommendations):
        made.append(
            services.entry_create(
                user=staff,
                source_kind=YouSaid.Source.RECOMMENDATION,
                recommendation=rec,
                priority=rec.priority,
                you_said=f"In the {rec.survey.year} temperature check, leaders told us this "
                "priority needed more attention.",
                we_did="We added actions to the plan and report on them to the Council.",
                actions=some(n),
            )
        )
    surveys = Survey.objects.filter(status=Survey.Status.PUBLISHED).order_by("-year")[:1]
    for survey in surveys:
        comments = selectors.published_comments(survey)
        for n, (theme, said, did) in enumerate(THEMES):
            made.append(
                services.entry_create(
                    user=staff,
                    source_kind=YouSaid.Source.COMMENT_THEME,
                    survey=survey,
                    theme=theme,
                    quote=comments[n] if len(comments) > n else "",
                    you_said=said,
                    we_did=did,
                    priority=None,
                    actions=some(n + 3),
                )
            )
    decisions = Decision.objects.select_related("meeting__forum", "priority").order_by(
        "-meeting__forum__is_public", "-meeting__minutes_public", "-meeting__starts_at", "pk"
    )[:2]
    for n, decision in enumerate(decisions):
        made.append(
            services.entry_create(
                user=staff,
                source_kind=YouSaid.Source.DECISION,
                decision=decision,
                priority=decision.priority,
                you_said=f"The {decision.meeting.forum.name} asked us to act on what leaders "
                "told it.",
                we_did="We took it into the action plan.",
                actions=some(n + 5),
            )
        )
    items = PractitionerItem.objects.filter(
        moderation=PractitionerItem.Moderation.ACCEPTED
    ).order_by("-status", "pk")[: len(ITEM_WORDS)]
    for n, (item, (said, did)) in enumerate(zip(items, ITEM_WORDS, strict=False)):
        made.append(
            services.entry_create(
                user=staff,
                source_kind=YouSaid.Source.PRACTITIONER_ITEM,
                practitioner_item=item,
                priority=item.priority,
                you_said=said,
                we_did=did,
                actions=[item.action] if item.action_id else some(n + 7),
            )
        )
    for entry in made[:-1]:  # the last one stays for the team only
        _public(entry, staff)
    public = YouSaid.objects.filter(is_public=True).count()
    stdout.write(f"  you said, we did: {len(made)} entries, {public} public")
