"""factory_boy factories for the action plan."""

import datetime

import factory

from actions import models
from tests.factories import PriorityFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionPlan

    title = "Leadership action plan"
    version = factory.Sequence(lambda n: f"Version {n + 1}")
    starts_on = datetime.date(2026, 1, 1)
    status = models.ActionPlan.Status.DRAFT


class ActionFactory(factory.django.DjangoModelFactory):
    """An action with dates derived from its band (as ``action_create`` would)."""

    class Meta:
        model = models.Action

    plan = factory.SubFactory(ActionPlanFactory)
    code = factory.Sequence(lambda n: f"1.{n % 99 + 1}")
    priority = factory.LazyAttribute(lambda a: PriorityFactory(number=int(a.code.split(".")[0])))
    title = factory.Sequence(lambda n: f"Action {n}")
    text = "Do something useful for clinical and care leaders."
    band = models.Band.SHORT
    owner = "CMO / CNO"
    starts_on = factory.LazyAttribute(lambda a: models.band_dates(a.band, a.plan.starts_on)[0])
    due_on = factory.LazyAttribute(lambda a: models.band_dates(a.band, a.plan.starts_on)[1])
    # Entered with the plan, at its start (the import and the demo may say otherwise).
    added_on = factory.LazyAttribute(lambda a: a.plan.starts_on)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    on = datetime.date(2026, 2, 1)
    status = models.ProgressStatus.ON_TRACK
    narrative = "Good progress this month."


def load_demo_plan():
    """The Gloucestershire demo plan with its five priorities, Council, board and author."""
    import io

    from actions import demo
    from tests.factories import UserFactory
    from tests.forums.factories import ForumFactory

    for number in range(1, 6):
        PriorityFactory(number=number, short_title=f"Priority {number}")
    ForumFactory(name="Clinical and Care Professional Council", slug="council")
    ForumFactory(name="Integrated Care Board", slug="board")
    UserFactory(username="staff")
    demo.load(stdout=io.StringIO())
    return models.ActionPlan.objects.get(title=demo.TITLE)
