"""Forum pages: public pages at /forums/, staff pages under /forums/manage/."""

import mimetypes
import os

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl import uploads
from ccpl.access import PermissionRequiredMixin, permission_required, public
from ccpl.exports import CsvExportMixin
from ccpl.forms import add_service_errors
from ccpl.pages import form_page, query_id
from ccpl.services import site_url

from . import hooks, presenters, selectors, services
from .filters import CoproductionReviewFilter, DecisionFilter, ForumFilter
from .forms import (
    AttendanceFormSet,
    CoproductionReviewForm,
    DecisionFormSet,
    ForumForm,
    ForumRemitForm,
    MeetingForm,
    MeetingPaperForm,
    MembershipForm,
    ReportingLineForm,
    TermsOfReferenceForm,
)
from .models import (
    Attendance,
    CoproductionReview,
    Forum,
    Meeting,
    MeetingPaper,
    Membership,
    ReportingLine,
)
from .tables import CoproductionReviewTable, DecisionTable, ForumTable

VIEW = "forums.view_forums"
MANAGE = "forums.manage_forums"


def _crumbs(*extra):
    return [("Home", reverse("home")), ("Forums", reverse("forums:forum_list")), *extra]


def _forum_crumbs(forum, *extra):
    return _crumbs((forum.name, forum.get_absolute_url()), *extra)


# --- Public -----------------------------------------------------------------------------


PUBLIC_FORUMS_PER_PAGE = 50


@public
def public_forum_list(request):
    forums = Forum.objects.public().with_related().order_by("name", "pk")
    return render(
        request,
        "forums/public_forum_list.html",
        {
            # A large system has hundreds of forums: 50 a page.
            "forums": Paginator(forums, PUBLIC_FORUMS_PER_PAGE).get_page(request.GET.get("page")),
            "upcoming": selectors.upcoming_meetings(public_only=True)[:10],
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@public
def public_forum_detail(request, slug):
    forum = get_object_or_404(Forum.objects.public().with_related(), slug=slug)
    page = selectors.forum_page(forum, public=True)
    now = timezone.now()
    return render(
        request,
        "forums/public_forum_detail.html",
        {
            "page": page,
            "forum": forum,
            "past_meetings": [m for m in page.meetings if m.starts_at < now],
            "upcoming_meetings": sorted(
                (m for m in page.meetings if m.starts_at >= now), key=lambda m: m.starts_at
            ),
            "breadcrumbs": [("Home", reverse("home")), ("Forums", reverse("forums:public_list"))],
        },
    )


@public
def governance_map(request):
    """Public forums for everyone; the complete structure for staff and executives.

    A large system's map of every forum would be unreadable (and a megabyte): above
    ``MAP_FORUMS_MAX`` forums it shows the system's forums and those others report to, with
    each Place's other forums a link away (``?place=``: that Place's forums and the forums
    they report to)."""
    complete = rules.has_perm(VIEW, request.user)
    graph = selectors.governance_graph(public_only=not complete)
    place_id = query_id(request, "place")
    places = []
    place = None
    if place_id is not None:
        place = next((f.place for f in graph.forums if f.place_id == place_id), None)
        if place is None:
            raise Http404("No forums in that Place")
        shown = graph.place_view(place_id)
    elif len(graph.forums) > MAP_FORUMS_MAX:
        places = graph.outside_spine_by_place()
        shown = graph.subgraph(graph.spine())
    else:
        shown = graph

    def url_for(forum):
        return forum.get_absolute_url() if complete else forum.get_public_url()

    title = "Governance map: forums and their reporting lines"
    if place is not None:
        title = f"Governance map: the forums of {place.name} and those they report to"
    return render(
        request,
        "forums/governance_map.html",
        {
            "complete": complete,
            "svg": presenters.governance_map_svg(shown, url_for=url_for, title=title),
            "outline": presenters.governance_outline_html(shown, url_for=url_for),
            "forum_count": len(shown.forums),
            "place": place,
            "places": places,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Forums", reverse("forums:forum_list" if complete else "forums:public_list")),
                *([("Governance map", reverse("forums:map"))] if place is not None else []),
            ],
        },
    )


MAP_FORUMS_MAX = 40


def _forum_for_calendar(request, slug):
    return get_object_or_404(Forum, slug=slug)


@permission_required("forums.view_forum_calendar", fn=_forum_for_calendar)
def forum_calendar_feed(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    # The configured address, not the request's Host header (which the caller chooses).
    body = presenters.meetings_icalendar(
        forum, list(selectors.calendar_meetings(forum)), site_url=site_url()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{forum.slug}.ics"'
    return response


def _paper(request, pk):
    return get_object_or_404(MeetingPaper.objects.select_related("meeting__forum"), pk=pk)


@permission_required("forums.view_paper", fn=_paper)
def paper_download(request, pk):
    """Papers live in private storage; this permission-checked view is the only way out."""
    paper = _paper(request, pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file for this paper is missing.") from None
    name = os.path.basename(paper.file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = uploads.attachment_response(handle, filename=name, content_type=content_type)
    if paper.is_public:
        response["Cache-Control"] = "private"
    return response


# --- Staff: lists -----------------------------------------------------------------------


class ForumListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = ForumTable
    filterset_class = ForumFilter
    table_pagination = {"per_page": 50}
    template_name = "forums/forum_list.html"
    export_name = "forums"

    def get_queryset(self):
        return selectors.forum_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Home", reverse("home"))]
        return context


class DecisionListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = DecisionTable
    filterset_class = DecisionFilter
    table_pagination = {"per_page": 50}
    template_name = "forums/decision_list.html"
    export_name = "decisions"

    def get_queryset(self):
        return selectors.decisions_log()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = _crumbs()
        return context


@permission_required(VIEW)
def membership_mix(request):
    return render(
        request,
        "forums/membership_mix.html",
        {"mix": selectors.membership_mix(), "breadcrumbs": _crumbs()},
    )


@permission_required(VIEW)
def meeting_calendar(request):
    return render(
        request,
        "forums/calendar.html",
        {"meetings": selectors.upcoming_meetings()[:200], "breadcrumbs": _crumbs()},
    )


# --- Staff: a forum ---------------------------------------------------------------------


@permission_required(VIEW)
def forum_detail(request, slug):
    forum = get_object_or_404(Forum.objects.with_related(), slug=slug)
    page = selectors.forum_page(forum)
    members = [(m, page.attendance.for_person(m.person.pk)) for m in page.members]
    return render(
        request,
        "forums/forum_detail.html",
        {
            "page": page,
            "forum": forum,
            "members": members,
            "today": timezone.localdate(),
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(MANAGE)
def forum_create(request):
    form = ForumForm(request.POST or None)
    form.cancel_url = reverse("forums:forum_list")
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.forum_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{forum.name} has been added.")
            return redirect(forum)
    return form_page(request, form, title="Add a forum", breadcrumbs=_crumbs())


@permission_required(MANAGE)
def forum_edit(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = ForumForm(request.POST or None, instance=Forum.objects.get(pk=forum.pk))
    form.cancel_url = forum.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.forum_update(user=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The forum's details have been saved.")
            return redirect(forum)
    return form_page(request, form, title=f"Change {forum.name}", breadcrumbs=_forum_crumbs(forum))


@permission_required(MANAGE)
def forum_remit(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = ForumRemitForm(
        request.POST or None,
        initial={
            "professions": list(forum.expected_professions.all()),
            "lived_experience": forum.expects_lived_experience,
            "vcse": forum.expects_vcse,
        },
    )
    form.cancel_url = reverse("forums:membership_mix")
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_remit_set(user=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"What {forum.name} expects of its membership is saved.")
            return redirect("forums:membership_mix")
    return form_page(
        request,
        form,
        title="What the forum's remit expects",
        caption=forum.name,
        intro="The membership mix flags the forum only for what you choose here and nobody "
        "among its current members brings.",
        breadcrumbs=_forum_crumbs(forum),
    )


@permission_required(MANAGE)
def terms_add(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    current = forum.terms_of_reference.order_by("-version").first()
    form = TermsOfReferenceForm(
        request.POST or None, initial={"text": current.text} if current else None
    )
    form.cancel_url = forum.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            terms = services.terms_of_reference_add(
                user=request.user, forum=forum, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {terms.version} of the terms of reference added.")
            return redirect(forum)
    return form_page(
        request,
        form,
        title="Add a version of the terms of reference",
        caption=forum.name,
        breadcrumbs=_forum_crumbs(forum),
    )


@permission_required(MANAGE)
def reporting_line_add(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = ReportingLineForm(request.POST or None, forum=forum)
    form.cancel_url = forum.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_line_add(
                user=request.user,
                forum=forum,
                reports_to=form.cleaned_data["reports_to"],
                nature=form.cleaned_data["nature"],
            )
        except ValidationError as error:
            add_service_errors(form, error, "reports_to")
        else:
            messages.success(request, "The link has been added.")
            return redirect(forum)
    return form_page(
        request,
        form,
        title="Add a reporting line",
        caption=forum.name,
        intro="Choose the forum or board this forum reports to, advises or escalates "
        "to. A forum may have several.",
        breadcrumbs=_forum_crumbs(forum),
    )


@permission_required(MANAGE)
def reporting_line_remove(request, pk):
    line = get_object_or_404(ReportingLine.objects.select_related("forum", "reports_to"), pk=pk)
    forum = line.forum
    if request.method == "POST":
        services.reporting_line_remove(user=request.user, line=line)
        messages.success(request, f"The link to {line.reports_to.name} has been removed.")
        return redirect(forum)
    return render(
        request,
        "forums/reporting_line_remove.html",
        {"line": line, "breadcrumbs": _forum_crumbs(forum)},
    )


@permission_required(MANAGE)
def membership_add(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    form = MembershipForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    form.cancel_url = forum.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                user=request.user, forum=forum, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.person.full_name} has been added.")
            return redirect(forum)
    return form_page(
        request,
        form,
        title="Add a member",
        caption=forum.name,
        intro="People who sit on the forum because of a leadership role are added "
        "through the role, not here.",
        breadcrumbs=_forum_crumbs(forum),
    )


@permission_required(MANAGE)
def membership_edit(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("forum", "person"), pk=pk)
    forum = membership.forum
    form = MembershipForm(request.POST or None, instance=Membership.objects.get(pk=pk))
    form.cancel_url = forum.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                user=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{membership.person.full_name}'s membership is saved.")
            return redirect(forum)
    return form_page(
        request,
        form,
        title=f"Change {membership.person.full_name}'s membership",
        caption=forum.name,
        intro="To record that someone has left, give the date they left as the end date.",
        breadcrumbs=_forum_crumbs(forum),
    )


# --- Staff: meetings --------------------------------------------------------------------


def _expected_people(forum, meeting=None):
    """Who the attendance list offers: members on the meeting's day (today for a new
    meeting), and anyone already recorded."""
    on = timezone.localdate(meeting.starts_at) if meeting else timezone.localdate()
    people = {m.person.pk: m.person for m in selectors.forum_members(forum, on=on)}
    if meeting is not None:
        for record in meeting.attendance.select_related("person__professional_group"):
            people.setdefault(record.person_id, record.person)
    return sorted(people.values(), key=lambda p: (p.family_name, p.given_name, p.pk))


def _meeting_form_page(request, forum, meeting=None):
    people = _expected_people(forum, meeting)
    if meeting is not None:
        recorded = dict(meeting.attendance.values_list("person_id", "status"))
        initial = [{"person": p.pk, "status": recorded.get(p.pk, "")} for p in people]
        form_initial = MeetingForm.initial_for(meeting)
    else:
        initial = None
        form_initial = {"status": Meeting.Status.HELD}
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, initial=form_initial)
    attendance = AttendanceFormSet(data, people=people, prefix="attendance", initial=initial)
    decisions = DecisionFormSet(data, prefix="decisions")
    if data is not None and all([form.is_valid(), attendance.is_valid(), decisions.is_valid()]):
        status = form.cleaned_data["status"]
        recorded = attendance.attendance()
        try:
            with transaction.atomic():
                meeting = services.meeting_record(
                    user=request.user,
                    forum=forum,
                    meeting=meeting,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data.get("ends_at"),
                    format=form.cleaned_data["format"],
                    venue=form.cleaned_data["venue"],
                    status=status,
                    minutes=form.cleaned_data["minutes"],
                    minutes_public=form.cleaned_data["minutes_public"],
                    attendance=recorded if status == Meeting.Status.HELD else {},
                    decisions=[
                        services.DecisionInput(text=d["text"], priority=d.get("priority"))
                        for d in decisions.cleaned_data
                        if d.get("text", "").strip()
                    ],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting has been saved.")
            return redirect(meeting)
    return render(
        request,
        "forums/meeting_form.html",
        {
            "forum": forum,
            "meeting": meeting,
            "form": form,
            "attendance": attendance,
            "decisions": decisions,
            "breadcrumbs": _forum_crumbs(forum),
        },
    )


@permission_required(MANAGE)
def meeting_create(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    return _meeting_form_page(request, forum)


@permission_required(MANAGE)
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    return _meeting_form_page(request, meeting.forum, meeting)


@permission_required(VIEW)
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.only("pk"), pk=pk)
    meeting = selectors.meeting_page(meeting)
    counts = {status: 0 for status in Attendance.Status.values}
    for record in meeting.attendance.all():
        counts[record.status] += 1
    return render(
        request,
        "forums/meeting_detail.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "counts": counts,
            "practitioner_items": hooks.practitioner_items_for_meeting(meeting.pk),
            "breadcrumbs": _forum_crumbs(meeting.forum),
        },
    )


@permission_required(MANAGE)
def paper_upload(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    form = MeetingPaperForm(request.POST or None, request.FILES or None)
    form.cancel_url = meeting.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_paper_add(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The paper has been uploaded.")
            return redirect(meeting)
    return form_page(
        request,
        form,
        title="Upload a paper",
        caption=str(meeting),
        intro="Papers are private unless you mark them public. Public papers of a "
        "public forum can be downloaded by anyone.",
        breadcrumbs=_forum_crumbs(meeting.forum, (str(meeting), meeting.get_absolute_url())),
    )


# --- Staff: co-production reviews -------------------------------------------------------


def _coproduction_crumbs(*extra):
    return _crumbs(("Co-production reviews", reverse("forums:coproduction_list")), *extra)


class CoproductionReviewListView(
    PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView
):
    permission_required = VIEW
    table_class = CoproductionReviewTable
    filterset_class = CoproductionReviewFilter
    table_pagination = {"per_page": 50}
    template_name = "forums/coproduction_list.html"
    export_name = "coproduction-reviews"
    export_exclude_columns = ("change",)

    def get_queryset(self):
        return selectors.coproduction_reviews()

    def get_table_kwargs(self):
        if rules.has_perm(MANAGE, self.request.user):
            return {}
        return {"exclude": ("change",)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = _crumbs()
        context["any_recorded"] = CoproductionReview.objects.exists()
        return context


def _coproduction_form_page(request, form, *, title, review=None):
    return render(
        request,
        "forums/coproduction_form.html",
        {
            "form": form,
            "title": title,
            "review": review,
            "breadcrumbs": _coproduction_crumbs(),
        },
    )


@permission_required(MANAGE)
def coproduction_add(request):
    forum_id = query_id(request, "forum")
    forum = get_object_or_404(Forum, pk=forum_id) if forum_id is not None else None
    form = CoproductionReviewForm(
        request.POST or None, forum=forum, initial={"forum": forum} if forum else None
    )
    form.cancel_url = forum.get_absolute_url() if forum else reverse("forums:coproduction_list")
    if request.method == "POST" and form.is_valid():
        try:
            review = services.coproduction_review_record(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The review of {review.subject} has been recorded.")
            return redirect(review.forum or "forums:coproduction_list")
    return _coproduction_form_page(request, form, title="Record a co-production review")


@permission_required(MANAGE)
def coproduction_edit(request, pk):
    review = get_object_or_404(CoproductionReview.objects.select_related("forum"), pk=pk)
    # The form validates on a copy of its own (a ModelForm writes what it cleans into its
    # instance); the service alone changes ``review``, and the page keeps its saved subject.
    form = CoproductionReviewForm(
        request.POST or None, instance=CoproductionReview.objects.get(pk=pk)
    )
    form.cancel_url = reverse("forums:coproduction_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.coproduction_review_update(
                user=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The co-production review has been saved.")
            return redirect("forums:coproduction_list")
    return _coproduction_form_page(
        request, form, title="Change a co-production review", review=review
    )


@permission_required(MANAGE)
def coproduction_delete(request, pk):
    review = get_object_or_404(CoproductionReview.objects.select_related("forum"), pk=pk)
    if request.method == "POST":
        services.coproduction_review_delete(user=request.user, review=review)
        messages.success(request, f"The review of {review.subject} has been deleted.")
        return redirect("forums:coproduction_list")
    return render(
        request,
        "forums/coproduction_delete.html",
        {"review": review, "breadcrumbs": _coproduction_crumbs()},
    )
