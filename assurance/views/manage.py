"""The CCPL team drafts the self-assessment; executives read it and sign it off; nobody else
sees these pages."""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ccpl import uploads
from ccpl.access import permission_required
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import peer_selectors, presenters, selectors, services
from ..forms import (
    AssessmentCreateForm,
    EntryForm,
    EvidenceDocumentForm,
    EvidenceLinkForm,
    LevelDescriptionForm,
    LocalWordingForm,
    ReviewForumForm,
    ReviewOutcomeForm,
)
from ..models import Assessment, AssessmentEntry, Evidence, LevelDescription, Principle

VIEW = "assurance.view_assessments"
MANAGE = "assurance.manage_assessments"
SIGN_OFF = "assurance.sign_off_assessments"
PUBLISH = "assurance.publish_assessments"


def _crumbs(*extra):
    return [
        ("Home", reverse("home")),
        ("Self-assessments", reverse("assurance:manage")),
        *extra,
    ]


def _detail_crumb(assessment):
    return (str(assessment), assessment.get_absolute_url())


def _error(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


@permission_required(VIEW)
def assessment_list(request):
    page = Paginator(selectors.assessment_list(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "assurance/manage_list.html",
        {"page_obj": page, "breadcrumbs": [("Home", reverse("home"))]},
    )


@permission_required(MANAGE)
def assessment_create(request):
    form = AssessmentCreateForm(request.POST or None, cancel_url=reverse("assurance:manage"))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                user=request.user,
                year=form.cleaned_data["year"],
                as_of=form.cleaned_data["as_of"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The self-assessment has started from a copy of the previous one."
            )
            return redirect(assessment)
    return form_page(
        request,
        form,
        title="Start a self-assessment",
        intro="It starts from a copy of the previous year's levels, narrative and evidence.",
        breadcrumbs=_crumbs(),
    )


@permission_required(VIEW)
def assessment_detail(request, pk):
    assessment = get_object_or_404(selectors.assessment_list(), pk=pk)
    user = request.user
    sections = presenters.assessment_sections(assessment)
    peer = peer_selectors.section(assessment)
    for section in sections:
        section.peer_comments = peer.comments.get(section.entry.pk, [])
    return render(
        request,
        "assurance/assessment_detail.html",
        {
            "assessment": assessment,
            "sections": sections,
            "peer": peer,
            "can_change": rules.has_perm("assurance.change_assessment", user, assessment),
            "can_sign_off": rules.has_perm("assurance.sign_off_assessment", user, assessment),
            "can_publish": rules.has_perm("assurance.publish_assessment", user, assessment),
            "breadcrumbs": _crumbs(),
        },
    )


def _editable_entry(request, pk):
    entry = get_object_or_404(
        AssessmentEntry.objects.select_related("assessment", "principle__priority"), pk=pk
    )
    if not entry.assessment.is_draft:
        messages.error(request, "This self-assessment is not a draft: it cannot be changed.")
        return entry, redirect(entry.assessment)
    return entry, None


@permission_required(MANAGE)
def entry_edit(request, pk):
    entry, refused = _editable_entry(request, pk)
    if refused:
        return refused
    descriptions = {d.level: d.description for d in entry.principle.level_descriptions.all()}
    initial = {name: getattr(entry, name) for name in services.ENTRY_FIELDS}
    form = EntryForm(
        request.POST or None,
        initial=initial,
        descriptions=descriptions,
        cancel_url=entry.assessment.get_absolute_url(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(user=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{entry.principle.label}: saved.")
            return redirect(entry.assessment)
    return form_page(
        request,
        form,
        title=entry.principle.label,
        caption=str(entry.assessment),
        intro=entry.principle.local_wording,
        breadcrumbs=_crumbs(_detail_crumb(entry.assessment)),
    )


@permission_required(MANAGE)
def evidence_link_add(request, pk):
    entry, refused = _editable_entry(request, pk)
    if refused:
        return refused
    form = EvidenceLinkForm(request.POST or None, cancel_url=entry.assessment.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        kind, object_id = form.cleaned_data["target"]
        try:
            services.evidence_link_add(
                user=request.user,
                entry=entry,
                kind=kind,
                object_id=object_id,
                label=form.cleaned_data["label"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The evidence has been added.")
            return redirect(entry.assessment)
    return form_page(
        request,
        form,
        title="Link to evidence in CCPL Manager",
        caption=entry.principle.label,
        breadcrumbs=_crumbs(_detail_crumb(entry.assessment)),
    )


@permission_required(MANAGE)
def evidence_document_add(request, pk):
    entry, refused = _editable_entry(request, pk)
    if refused:
        return refused
    form = EvidenceDocumentForm(
        request.POST or None, request.FILES or None, cancel_url=entry.assessment.get_absolute_url()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_document_add(
                user=request.user,
                entry=entry,
                document=form.cleaned_data["document"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The document has been added.")
            return redirect(entry.assessment)
    return form_page(
        request,
        form,
        title="Upload a document as evidence",
        caption=entry.principle.label,
        breadcrumbs=_crumbs(_detail_crumb(entry.assessment)),
    )


@require_POST
@permission_required(MANAGE)
def evidence_remove(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("entry__assessment"), pk=pk)
    assessment = evidence.entry.assessment
    try:
        services.evidence_remove(user=request.user, evidence=evidence)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, "The evidence has been removed.")
    return redirect(assessment)


@permission_required(VIEW)
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk, kind=Evidence.Kind.DOCUMENT)
    try:
        handle = evidence.document.open("rb")
    except FileNotFoundError:
        raise Http404("The document is missing.") from None
    return uploads.attachment_response(handle, filename=evidence.document_filename)


@permission_required(MANAGE)
def send_for_review(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    form = ReviewForumForm(request.POST or None, cancel_url=assessment.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_send_for_review(
                user=request.user, assessment=assessment, forum=form.cleaned_data["forum"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The self-assessment is with its reviewers.")
            return redirect(assessment)
    return form_page(
        request,
        form,
        title="Send for review",
        caption=str(assessment),
        intro="Nothing in it can be changed while the forum reviews it.",
        breadcrumbs=_crumbs(_detail_crumb(assessment)),
    )


@permission_required(MANAGE)
def record_review(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    form = ReviewOutcomeForm(request.POST or None, cancel_url=assessment.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record_review(
                user=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The review has been recorded.")
            return redirect(assessment)
    return form_page(
        request,
        form,
        title="Record the forum's review",
        caption=str(assessment),
        breadcrumbs=_crumbs(_detail_crumb(assessment)),
    )


@require_POST
@permission_required(SIGN_OFF)
def sign_off(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    try:
        services.assessment_sign_off(user=request.user, assessment=assessment)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, "Signed off. Its indicators are stored as they were on its date.")
    return redirect(assessment)


@require_POST
@permission_required(PUBLISH)
def publish(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    published = request.POST.get("published") == "yes"
    try:
        services.assessment_publish(user=request.user, assessment=assessment, published=published)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            "The summary is published at /assurance/."
            if published
            else "The summary is no longer published.",
        )
    return redirect(assessment)


@permission_required(VIEW)
def comparison(request):
    data = selectors.comparison()
    return render(
        request,
        "assurance/comparison.html",
        {
            "comparison": data,
            "chart": presenters.levels_chart(data),
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(VIEW)
def principle_list(request):
    """The principles and core expectations in both wordings, with what each level means."""
    return render(
        request,
        "assurance/principle_list.html",
        {"principles": selectors.principle_list(), "breadcrumbs": _crumbs()},
    )


@permission_required(MANAGE)
def level_description_edit(request, pk):
    description = get_object_or_404(
        LevelDescription.objects.select_related("principle__priority"), pk=pk
    )
    back = reverse("assurance:principle_list")
    form = LevelDescriptionForm(
        request.POST or None, initial={"description": description.description}, cancel_url=back
    )
    if request.method == "POST" and form.is_valid():
        services.level_description_update(
            user=request.user, description=description, text=form.cleaned_data["description"]
        )
        messages.success(request, "The description has been saved.")
        return redirect(back)
    return form_page(
        request,
        form,
        title=f"What “{description.get_level_display()}” means",
        caption=description.principle.label,
        breadcrumbs=_crumbs(("Principles and levels", back)),
    )


@permission_required(MANAGE)
def core_expectation_edit(request, pk):
    """The ICB's own words for a core expectation (a principle's are its CCPL priority's)."""
    principle = get_object_or_404(Principle, pk=pk, priority__isnull=True)
    back = reverse("assurance:principle_list")
    form = LocalWordingForm(
        request.POST or None, initial={"local_wording": principle.local_wording}, cancel_url=back
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.core_expectation_update(
                user=request.user,
                principle=principle,
                local_wording=form.cleaned_data["local_wording"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Our words have been saved.")
            return redirect(back)
    return form_page(
        request,
        form,
        title="Our words for this core expectation",
        caption=principle.label,
        intro=f"NHS England's words: {principle.nhse_wording}",
        breadcrumbs=_crumbs(("Principles and levels", back)),
    )
