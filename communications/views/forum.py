"""The practitioner forum: leaders' pages (the list, posting, an item with its comments and
support) and the CCPL team's moderation pages and engagement figures. Authors are shown
only through ``forum_selectors`` (see its docstring for who sees whom)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ccpl import disclosure
from ccpl.access import permission_required
from ccpl.exports import csv_response
from ccpl.forms import add_service_errors
from ccpl.pages import form_page
from ccpl.periods import financial_year, financial_year_label

from .. import engagement as communication_engagement
from .. import forum_selectors as selectors
from .. import forum_services as services
from ..formatting import bulletin_html
from ..forum_forms import (
    ActForm,
    AnswerForm,
    CommentForm,
    CommentHideForm,
    ForumFilterForm,
    HideForm,
    ItemForm,
    MergeForm,
    RouteForm,
)
from ..forum_models import PractitionerComment, PractitionerItem

VIEW = "communications.view_forum"
POST = "communications.post_to_forum"
MODERATE = "communications.moderate_forum"
FIGURES = "communications.view_forum_figures"


def _crumbs(*extra):
    return [
        ("Home", reverse("home")),
        ("Practitioner forum", reverse("communications:forum")),
        *extra,
    ]


@permission_required(VIEW)
def forum(request):
    form = ForumFilterForm(request.GET or None)
    items = selectors.forum_list(request.user, **form.filters())
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    selectors.present(page.object_list, request.user)
    return render(
        request,
        "communications/forum/list.html",
        {"form": form, "page_obj": page, "breadcrumbs": [("Home", reverse("home"))]},
    )


@permission_required(POST)
def item_new(request):
    form = ItemForm(request.POST or None, cancel_url=reverse("communications:forum"))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_post(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you. The CCPL team's moderators will check it, then every leader can "
                "read it. Until then only you and the moderators can see it.",
            )
            return redirect(item)
    return form_page(
        request,
        form,
        title="Post a question, idea or concern",
        intro="Leaders across the system read the practitioner forum, and the CCPL team "
        "answers or takes it to a forum.",
        breadcrumbs=_crumbs(),
    )


def _item_or_404(request, pk):
    item = selectors.item_page(request.user, pk)
    if item is None:
        raise Http404("There is no such item, or you cannot see it.")
    return item


def _comment_form(item):
    # Under their own anonymous item, the author's comments are anonymous too (the service
    # makes sure); the box shows it.
    form = CommentForm(initial={"anonymous": item.anonymous and item.is_own})
    form.helper.form_action = reverse("communications:forum_comment", args=[item.pk])
    return form


@permission_required(VIEW)
def item_detail(request, pk):
    item = _item_or_404(request, pk)
    if item.moderation == PractitionerItem.Moderation.MERGED:
        messages.info(request, "That item was merged into this one, with its comments and support.")
        return redirect(item.merged_into)
    context = {"item": item, "breadcrumbs": _crumbs(), "who_sees": selectors.WHO_SEES_THE_AUTHOR}
    if item.moderation == PractitionerItem.Moderation.ACCEPTED:
        context.update(
            body_html=bulletin_html(item.body),
            answer_html=bulletin_html(item.answer) if item.answer else "",
            comments=selectors.comments(item, request.user),
            comment_form=_comment_form(item),
            is_moderator=selectors.is_moderator(request.user),
        )
    elif item.moderation == PractitionerItem.Moderation.PENDING:
        context["body_html"] = bulletin_html(item.body)
    return render(request, "communications/forum/detail.html", context)


@require_POST
@permission_required(POST)
def item_support(request, pk):
    item = _item_or_404(request, pk)
    try:
        supported = services.support_toggle(user=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "You support this item." if supported else "You no longer support this item."
        )
    return redirect(item)


@permission_required(POST)
def item_comment(request, pk):
    item = _item_or_404(request, pk)
    form = CommentForm(request.POST or None, cancel_url=item.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_add(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(item)
    return form_page(
        request,
        form,
        title="Comment",
        caption=item.title,
        breadcrumbs=_crumbs((item.title, item.get_absolute_url())),
    )


# --- Moderation (the CCPL team) -------------------------------------------------------------


def _manage_crumbs(*extra):
    return [
        ("Home", reverse("home")),
        ("Moderate the practitioner forum", reverse("communications:forum_manage")),
        *extra,
    ]


MODERATION_FILTERS = [
    (selectors.NEEDS_ATTENTION, "Waiting for moderation or a response"),
    *PractitionerItem.Moderation.choices,
    ("", "Every item"),
]


@permission_required(MODERATE)
def manage(request):
    moderation = request.GET.get("moderation", selectors.NEEDS_ATTENTION)
    if moderation not in dict(MODERATION_FILTERS):
        moderation = selectors.NEEDS_ATTENTION
    page = Paginator(selectors.moderation_queue(moderation=moderation), 25).get_page(
        request.GET.get("page")
    )
    selectors.present(page.object_list, request.user)
    return render(
        request,
        "communications/forum/manage_list.html",
        {
            "page_obj": page,
            "moderation": moderation,
            "filters": MODERATION_FILTERS,
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


def _managed(pk):
    return get_object_or_404(
        PractitionerItem.objects.select_related(
            "author", "priority", "place", "forum", "meeting", "decision", "action", "merged_into"
        ),
        pk=pk,
    )


@permission_required(MODERATE)
def manage_item(request, pk):
    item = _managed(pk)
    selectors.present([item], request.user)
    return render(
        request,
        "communications/forum/manage_item.html",
        {
            "item": item,
            "body_html": bulletin_html(item.body),
            "answer_html": bulletin_html(item.answer) if item.answer else "",
            "comments": selectors.comments(item, request.user),
            "breadcrumbs": _manage_crumbs(),
        },
    )


@require_POST
@permission_required(MODERATE)
def manage_accept(request, pk):
    item = _managed(pk)
    try:
        services.item_accept(user=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The item is accepted: every leader can read it.")
    return redirect("communications:forum_manage_item", pk=pk)


def _moderation_form_page(request, item, form, *, title, act, done):
    form.cancel_url = reverse("communications:forum_manage_item", args=[item.pk])
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(form.cancel_url)
    return form_page(
        request,
        form,
        title=title,
        caption=item.title,
        breadcrumbs=_manage_crumbs((item.title, form.cancel_url)),
    )


@permission_required(MODERATE)
def manage_hide(request, pk):
    item = _managed(pk)
    return _moderation_form_page(
        request,
        item,
        HideForm(request.POST or None),
        title="Hide this item",
        act=lambda data: services.item_hide(user=request.user, item=item, reason=data["reason"]),
        done="The item is hidden.",
    )


@permission_required(MODERATE)
def manage_merge(request, pk):
    item = _managed(pk)
    return _moderation_form_page(
        request,
        item,
        MergeForm(request.POST or None, targets=selectors.merge_targets(item)),
        title="Merge this item into another",
        act=lambda data: services.item_merge(user=request.user, item=item, into=data["into"]),
        done="The item is merged.",
    )


@permission_required(MODERATE)
def manage_route(request, pk):
    item = _managed(pk)
    return _moderation_form_page(
        request,
        item,
        RouteForm(request.POST or None),
        title="Put this item on a forum's agenda",
        act=lambda data: services.item_route(
            user=request.user, item=item, forum=data["forum"], meeting=data["meeting"]
        ),
        done="The item is on the forum's agenda.",
    )


@permission_required(MODERATE)
def manage_answer(request, pk):
    item = _managed(pk)
    return _moderation_form_page(
        request,
        item,
        AnswerForm(request.POST or None, initial={"answer": item.answer}),
        title="Answer this item",
        act=lambda data: services.item_answer(user=request.user, item=item, answer=data["answer"]),
        done="The answer is recorded. The author will be told by e-mail.",
    )


@permission_required(MODERATE)
def manage_act(request, pk):
    item = _managed(pk)
    return _moderation_form_page(
        request,
        item,
        ActForm(request.POST or None, item=item),
        title="Record what was done",
        act=lambda data: services.item_act(
            user=request.user,
            item=item,
            decision=data["decision"],
            action=data["action"],
            answer=data["answer"],
        ),
        done="The item is marked as acted on. The author will be told by e-mail.",
    )


@permission_required(MODERATE)
def manage_comment_hide(request, pk):
    comment = get_object_or_404(PractitionerComment.objects.select_related("item"), pk=pk)
    return _moderation_form_page(
        request,
        comment.item,
        CommentHideForm(request.POST or None),
        title="Hide this comment",
        act=lambda data: services.comment_hide(
            user=request.user, comment=comment, reason=data["reason"]
        ),
        done="The comment is hidden.",
    )


FIGURE_YEARS = 5


@permission_required(FIGURES)
def figures(request):
    """Engagement for a financial year (this one so far by default, as the dashboard's
    tile): how far bulletins reached and what leaders raised in the forum, with a CSV copy."""
    today = timezone.localdate()
    current = financial_year(today)[0].year
    years = list(range(current, current - FIGURE_YEARS, -1))
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    if year not in years:
        year = current
    start, ends_on = financial_year(date(year, 4, 1))
    end = min(ends_on, today)
    engagement = selectors.forum_engagement(start, end)
    reach = communication_engagement.reach(starts_on=start, on=end)
    tables = engagement.tables
    if request.GET.get("format") == "csv":
        rows = [["Bulletins sent", reach.bulletins], ["People reached", reach.people.display]]
        rows += [["Forwards by networks' leads", reach.forwards]]
        rows += [["People reached only through networks", reach.through_networks.display], []]
        for reach_table in reach.tables:
            rows += [
                [reach_table.title],
                *reach_table.table.csv_rows(corner=reach_table.first_column),
                [],
            ]
        rows += [["Practitioner forum items by status"], ["Status", "Items"]]
        rows += [[label, n] for label, n in engagement.by_status.items()] + [[]]
        for title, first_column, table in tables:
            rows += [
                [f"Practitioner forum items {title.lower()}"],
                *table.csv_rows(corner=first_column),
                [],
            ]
        rows.append([disclosure.PEOPLE_FOOTNOTE])
        return csv_response(rows=rows, filename=f"engagement-{year}-{year + 1}.csv")
    return render(
        request,
        "communications/forum/figures.html",
        {
            "engagement": engagement,
            "reach": reach,
            "tables": tables,
            "year": year,
            "years": [(y, financial_year_label(y)) for y in years],
            "period_label": financial_year_label(year),
            "on": end,
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )
