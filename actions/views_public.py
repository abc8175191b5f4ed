"""The plan for everyone: progress against the active plan, and staff publishing updates.

The public page reads only ``selectors.public_plan_progress``, which copies out what may be
published (never an internal update's words, evidence or author).
"""

from collections import Counter
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ccpl.access import permission_required, public

from . import selectors, services
from .models import ProgressUpdate, Rag

MANAGE = "actions.manage_plan"


@public
def public_plan(request):
    plan = selectors.public_plan()
    context = {"plan": plan, "breadcrumbs": [("Home", reverse("home"))]}
    if plan is not None:
        today = timezone.localdate()
        actions = selectors.public_plan_progress(plan=plan, on=today)
        counts = Counter(action.rag for action in actions)
        context |= {
            "today": today,
            "action_count": len(actions),
            "rag_counts": [(rag, counts[rag]) for rag in Rag if counts[rag]],
            "priorities": [
                (priority, list(rows))
                for priority, rows in groupby(actions, key=lambda action: action.priority)
            ],
            "rag_key": selectors.rag_key(),
        }
    return render(request, "actions/public_plan.html", context)


@require_POST
@permission_required(MANAGE)
def progress_update_publish(request, pk):
    update = get_object_or_404(ProgressUpdate.objects.select_related("action"), pk=pk)
    publish = request.POST.get("publish") == "yes"
    try:
        services.progress_update_publish(user=request.user, update=update, is_public=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The update of {update.on:%-d %B %Y} is "
            + ("now on the public plan page." if publish else "no longer on the public plan page."),
        )
    return redirect(update.action)
