"""Action plan pages: staff (the CCPL team) edit, executives read everything."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl import uploads
from ccpl.access import PermissionRequiredMixin, permission_required
from ccpl.exports import EXPORT_PARAM, CsvExportMixin, csv_response
from ccpl.formatting import nhs_count
from ccpl.forms import add_service_errors
from ccpl.fragments import CachedTableMixin, fragment_vary
from ccpl.pages import form_page
from forums.models import Forum

from . import hooks, presenters, selectors, services
from .filters import ActionFilter
from .forms import (
    ActionForm,
    ActionPlanForm,
    CouncilReportDateForm,
    PlanApproveForm,
    PlanImportColumnsForm,
    PlanImportForm,
    PlanRefreshForm,
    ProgressUpdateForm,
)
from .models import Action, ActionPlan, ProgressUpdate, add_months
from .tables import ActionTable

VIEW = "actions.view_plan"
MANAGE = "actions.manage_plan"


def _plan(plan_pk: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("overseeing_forum", "previous_plan"), pk=plan_pk
    )


def _crumbs(*items, plan: ActionPlan | None = None):
    crumbs = [("Home", reverse("home")), ("Action plan", reverse("actions:overview"))]
    if plan is not None:
        crumbs.append((f"{plan.title} ({plan.version})", plan.get_absolute_url()))
    return crumbs + list(items)


# --- Overview and plans --------------------------------------------------------------------


def _overview(request, plan: ActionPlan | None):
    if plan is None:
        return render(
            request,
            "actions/overview.html",
            {"plan": None, "breadcrumbs": [("Home", reverse("home"))]},
        )
    today = timezone.localdate()
    return render(
        request,
        "actions/overview.html",
        {
            "plan": plan,
            "today": today,
            # Worked out only when the cached tables are out of date (ccpl.fragments).
            "matrix": SimpleLazyObject(lambda: selectors.plan_summary_matrix(plan=plan)),
            "progress": SimpleLazyObject(lambda: selectors.plan_progress(plan=plan, on=today)),
            "fragment": fragment_vary(request, plan.pk),
            "rag_key": selectors.rag_key(),
            "next_plan": plan.next_plans.first(),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@permission_required(VIEW)
def overview(request):
    return _overview(request, selectors.current_plan())


@permission_required(VIEW)
def plan_overview(request, plan_pk):
    return _overview(request, _plan(plan_pk))


@permission_required(VIEW)
def plan_list(request):
    return render(
        request,
        "actions/plan_list.html",
        {"plans": selectors.plan_list(), "breadcrumbs": _crumbs()},
    )


@permission_required(MANAGE)
def plan_create(request):
    form = ActionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Plan created as a draft. Add its actions, then approve it.")
            return redirect(plan)
    form.cancel_url = reverse("actions:plan_list")
    return form_page(request, form, title="Start a new plan", breadcrumbs=_crumbs())


@permission_required(MANAGE)
def plan_edit(request, plan_pk):
    plan = _plan(plan_pk)
    initial = {
        "title": plan.title,
        "version": plan.version,
        "starts_on": plan.starts_on,
        "overseeing_forum": plan.overseeing_forum,
    }
    form = ActionPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Plan details saved.")
            return redirect(plan)
    form.cancel_url = plan.get_absolute_url()
    return form_page(
        request,
        form,
        title="Change the plan's details",
        caption=str(plan),
        intro="Changing the start date moves the dates of every action that follows its "
        "timeframe. Actions given their own dates keep them.",
        breadcrumbs=_crumbs(plan=plan),
    )


@permission_required(MANAGE)
def plan_approve(request, plan_pk):
    plan = _plan(plan_pk)
    if plan.status != ActionPlan.Status.DRAFT:
        messages.info(request, "This plan is already approved.")
        return redirect(plan)
    initial = {
        "approved_on": timezone.localdate(),
        "approved_by": plan.overseeing_forum.name if plan.overseeing_forum else "",
    }
    form = PlanApproveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_approve(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{plan} is now the active plan.")
            return redirect(plan)
    form.cancel_url = plan.get_absolute_url()
    current = selectors.current_plan()
    intro = "Approving makes this the active plan."
    if current and current.pk != plan.pk and current.status == ActionPlan.Status.ACTIVE:
        intro += f" {current} will be archived, and the actions carried over from it closed."
    return form_page(
        request,
        form,
        title="Approve the plan",
        caption=str(plan),
        intro=intro,
        breadcrumbs=_crumbs(plan=plan),
    )


@permission_required(MANAGE)
def plan_refresh(request, plan_pk):
    plan = _plan(plan_pk)
    next_start = add_months(plan.starts_on, 12)
    form = PlanRefreshForm(
        request.POST or None,
        initial={"title": plan.title, "version": "", "starts_on": next_start},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_plan = services.plan_refresh(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = new_plan.actions.count()
            messages.success(
                request,
                f"Next year's plan created as a draft with {nhs_count(count)} "
                f"action{'s' if count != 1 else ''} carried over. Change or add actions, "
                "then approve it.",
            )
            return redirect(new_plan)
    form.cancel_url = plan.get_absolute_url()
    return render(
        request,
        "actions/plan_refresh.html",
        {
            "form": form,
            "plan": plan,
            "preview": selectors.refresh_preview(plan=plan),
            "next_plan": plan.next_plans.first(),
            "breadcrumbs": _crumbs(plan=plan),
        },
    )


IMPORT_SESSION_KEY = "actions:plan-import"


def _import_file_errors(form, error: ValidationError, *, field: str = "file") -> None:
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        # Problems with the file's contents, one a line.
        for message in error.messages:
            form.add_error(field, message)


def _import_done(request, plan: ActionPlan):
    count = plan.actions.count()
    messages.success(request, f"Plan imported as a draft with {nhs_count(count)} actions.")
    for warning in selectors.dependency_date_warnings(plan=plan):
        messages.warning(request, warning)
    return redirect(plan)


@permission_required(MANAGE)
def plan_import(request):
    """Step 1: the plan's details and the file. Columns found by their headers' names
    are imported at once; otherwise step 2 asks which column holds what."""
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            headers = services.import_header(data["file"])
        except ValidationError as error:
            _import_file_errors(form, error)
        else:
            columns = services.import_columns_suggest(headers)
            if services.import_columns_missing(columns):
                request.session[IMPORT_SESSION_KEY] = {
                    "title": data["title"],
                    "version": data["version"],
                    "starts_on": data["starts_on"].isoformat(),
                    "overseeing_forum": data["overseeing_forum"].pk
                    if data["overseeing_forum"]
                    else None,
                    "text": data["file"],
                }
                return redirect("actions:plan_import_columns")
            try:
                plan = services.plan_import_csv(
                    user=request.user,
                    title=data["title"],
                    version=data["version"],
                    starts_on=data["starts_on"],
                    overseeing_forum=data["overseeing_forum"],
                    text=data["file"],
                    columns=columns,
                )
            except ValidationError as error:
                _import_file_errors(form, error)
            else:
                return _import_done(request, plan)
    form.cancel_url = reverse("actions:plan_list")
    return render(
        request,
        "actions/plan_import.html",
        {
            "form": form,
            "columns": services.IMPORT_COLUMNS,
            "aliases": presenters.import_header_aliases(),
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(MANAGE)
def plan_import_columns(request):
    """Step 2: which column of the file holds each field (suggested from the headers)."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored:
        messages.info(request, "Upload the file first.")
        return redirect("actions:plan_import")
    try:
        headers = services.import_header(stored["text"])
    except ValidationError:
        del request.session[IMPORT_SESSION_KEY]
        messages.error(request, "The file could not be read again. Upload it once more.")
        return redirect("actions:plan_import")
    form = PlanImportColumnsForm(
        request.POST or None,
        headers=headers,
        suggestion=services.import_columns_suggest(headers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_import_csv(
                user=request.user,
                title=stored["title"],
                version=stored["version"],
                starts_on=datetime.date.fromisoformat(stored["starts_on"]),
                overseeing_forum=Forum.objects.filter(pk=stored["overseeing_forum"]).first()
                if stored["overseeing_forum"]
                else None,
                text=stored["text"],
                columns=form.columns(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                # The plan's details (its version is taken, say): back to step 1.
                for message in error.messages:
                    messages.error(request, message)
                del request.session[IMPORT_SESSION_KEY]
                return redirect("actions:plan_import")
            for message in error.messages:
                form.add_error(None, message)
        else:
            del request.session[IMPORT_SESSION_KEY]
            return _import_done(request, plan)
    form.cancel_url = reverse("actions:plan_import")
    return render(
        request,
        "actions/plan_import_columns.html",
        {
            "form": form,
            "plan_title": f"{stored['title']} ({stored['version']})",
            "unmatched": form.unmatched_headers(),
            "breadcrumbs": _crumbs(("Import a plan", reverse("actions:plan_import"))),
        },
    )


@permission_required(MANAGE)
def plan_import_template(request):
    from . import demo

    rows = [["Code", "Priority", "Action", "Timeframe", "Owner", "Depends on", "Title"]]
    for code, band, owner, text in demo.ACTIONS[:3]:
        rows.append(
            [
                code,
                code.split(".")[0],
                text,
                band,
                owner,
                " ".join(demo.DEPENDENCIES.get(code, [])),
                demo.TITLES[code],
            ]
        )
    return csv_response(rows=rows, filename="action-plan-template.csv")


# --- Actions -------------------------------------------------------------------------------


class ActionListView(
    PermissionRequiredMixin, CsvExportMixin, CachedTableMixin, SingleTableMixin, FilterView
):
    permission_required = VIEW
    table_class = ActionTable
    filterset_class = ActionFilter
    table_pagination = {"per_page": 50}
    template_name = "actions/action_list.html"
    export_name = "actions"

    def get(self, request, *args, **kwargs):
        self.plan = _plan(kwargs["plan_pk"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.action_list(plan=self.plan)

    def get_table_kwargs(self):
        # The last update's date is in the CSV; on screen the table stays narrow enough.
        if self.request.GET.get(EXPORT_PARAM) == "csv":
            return {}
        return {"exclude": ("latest_update_on",)}

    def get_filterset_kwargs(self, filterset_class):
        return super().get_filterset_kwargs(filterset_class) | {"plan": self.plan}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["rag_key"] = selectors.rag_key()
        context["breadcrumbs"] = _crumbs(plan=self.plan)
        return context


@permission_required(VIEW)
def action_detail(request, pk):
    try:
        action = selectors.action_heading(pk=pk)
    except Action.DoesNotExist:
        raise Http404("No such action.") from None
    # The details and dependencies are kept in the cache (ccpl.fragments) and worked out only
    # when out of date; the updates, with their forms, are shown afresh each time.
    detail = SimpleLazyObject(lambda: selectors.action_detail(pk=pk))
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "detail": detail,
            "fragment": fragment_vary(request, pk),
            "plan": action.plan,
            "updates": selectors.action_updates(action=action),
            "practitioner_items": hooks.practitioner_items_for_action(action.pk),
            "rag_key": selectors.rag_key(),
            "date_warnings": SimpleLazyObject(
                lambda: selectors.dependency_date_warnings(action=detail)
            ),
            "editable": action.plan.status != ActionPlan.Status.ARCHIVED,
            "breadcrumbs": _crumbs(
                ("Actions", reverse("actions:action_list", kwargs={"plan_pk": action.plan_id})),
                plan=action.plan,
            ),
        },
    )


def _action_form_values(data: dict) -> dict:
    values = dict(data)
    values["owner_executive"] = values.get("owner_executive") or ""
    return values


def _next_code(plan: ActionPlan, priority) -> str:
    if priority is None:
        return ""
    numbers = [
        int(code.split(".")[1])
        for code in plan.actions.filter(priority=priority).values_list("code", flat=True)
        if code.count(".") == 1 and code.split(".")[1].isascii() and code.split(".")[1].isdigit()
    ]
    return f"{priority.number}.{max(numbers, default=0) + 1}"


def _action_create(request, plan: ActionPlan, *, decision=None, initial=None):
    if plan.status == ActionPlan.Status.ARCHIVED:
        messages.info(request, f"{plan} is archived, so it cannot take new actions.")
        return redirect(plan)
    other_actions = selectors.other_actions_in_plan(action=Action(plan=plan))
    form = ActionForm(request.POST or None, initial=initial, other_actions=other_actions)
    if request.method == "POST" and form.is_valid():
        values = _action_form_values(form.cleaned_data)
        try:
            action = services.action_create(
                user=request.user, plan=plan, decision=decision, **values
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Action {action.code} added.")
            for warning in selectors.dependency_date_warnings(action=action):
                messages.warning(request, warning)
            return redirect(action)
    form.cancel_url = plan.get_absolute_url()
    intro = ""
    if decision is not None:
        intro = f"From the decision of {decision.meeting}: “{decision.text}”"
    return form_page(
        request,
        form,
        title="Add an action",
        caption=str(plan),
        intro=intro,
        breadcrumbs=_crumbs(plan=plan),
    )


@permission_required(MANAGE)
def action_create(request, plan_pk):
    return _action_create(request, _plan(plan_pk))


@permission_required(MANAGE)
def action_from_decision(request, decision_pk):
    from forums.models import Decision

    decision = get_object_or_404(
        Decision.objects.select_related("meeting__forum", "priority"), pk=decision_pk
    )
    plan = selectors.current_plan()
    if plan is None:
        messages.info(request, "There is no action plan yet. Start one, then add the action.")
        return redirect("actions:overview")
    initial = {
        "text": decision.text,
        "priority": decision.priority,
        "code": _next_code(plan, decision.priority),
        "overseeing_forum": decision.meeting.forum,
    }
    return _action_create(request, plan, decision=decision, initial=initial)


@permission_required(MANAGE)
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.with_related(), pk=pk)
    if action.plan.status == ActionPlan.Status.ARCHIVED:
        messages.info(request, "This action is in an archived plan, so it cannot be changed.")
        return redirect(action)
    initial = {
        "code": action.code,
        "priority": action.priority,
        "title": action.title,
        "text": action.text,
        "band": action.band,
        "owner": action.owner,
        "owner_executive": action.owner_executive,
        "owner_forum": action.owner_forum,
        "owner_role": action.owner_role,
        "overseeing_forum": action.overseeing_forum,
        "depends_on": list(action.depends_on.all()),
    }
    if action.dates_overridden:
        initial |= {
            "starts_on": action.starts_on,
            "due_on": action.due_on,
            "date_override_reason": action.date_override_reason,
        }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        other_actions=selectors.other_actions_in_plan(action=action),
    )
    if request.method == "POST" and form.is_valid():
        values = _action_form_values(form.cleaned_data)
        depends_on = values.pop("depends_on")
        try:
            services.action_update(
                user=request.user, action=action, depends_on=depends_on, **values
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Action {action.code} saved.")
            for warning in selectors.dependency_date_warnings(action=action):
                messages.warning(request, warning)
            return redirect(action)
    form.cancel_url = action.get_absolute_url()
    return form_page(
        request,
        form,
        title=f"Change action {action.code}",
        caption=str(action.plan),
        breadcrumbs=_crumbs((f"Action {action.code}", action.get_absolute_url()), plan=action.plan),
    )


@permission_required(MANAGE)
def progress_update_add(request, pk):
    action = get_object_or_404(Action.objects.with_related(), pk=pk)
    if action.plan.status == ActionPlan.Status.ARCHIVED:
        messages.info(
            request, "This action is in an archived plan. Add updates to the current plan's."
        )
        return redirect(action)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_add(user=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Progress update saved for action {action.code}.")
            return redirect(action)
    form.cancel_url = action.get_absolute_url()
    return form_page(
        request,
        form,
        title="Add a progress update",
        caption=f"Action {action.code}: {action.display_title}",
        breadcrumbs=_crumbs((f"Action {action.code}", action.get_absolute_url()), plan=action.plan),
    )


def _evidence_update(request, pk):
    return get_object_or_404(ProgressUpdate, pk=pk)


@permission_required("actions.view_evidence", fn=_evidence_update)
def evidence_download(request, pk):
    update = _evidence_update(request, pk)
    if not update.evidence_file:
        raise Http404("This update has no evidence file.")
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("The evidence file is missing.") from None
    return uploads.attachment_response(handle, filename=update.evidence_filename)


# --- Timeline and Council report -----------------------------------------------------------


@permission_required(VIEW)
def timeline(request, plan_pk):
    plan = _plan(plan_pk)
    today = timezone.localdate()
    actions = list(selectors.action_list(plan=plan, on=today))
    return render(
        request,
        "actions/timeline.html",
        {
            "plan": plan,
            "actions": actions,
            "today": today,
            "timeline": presenters.plan_timeline(plan=plan, actions=actions, today=today),
            "breadcrumbs": _crumbs(plan=plan),
        },
    )


@permission_required(VIEW)
def council_report(request, plan_pk):
    plan = _plan(plan_pk)
    form = CouncilReportDateForm(request.GET or None)
    on = timezone.localdate()
    if request.GET and form.is_valid():
        on = form.cleaned_data["on"] or on
    elif request.GET and not form.is_valid():
        on = None
    if on is not None and request.GET.get(EXPORT_PARAM) == "csv":
        return csv_response(
            rows=selectors.council_report_csv_rows(plan=plan, on=on),
            filename=f"council-progress-report-{on:%Y-%m-%d}.csv",
        )
    return render(
        request,
        "actions/council_report.html",
        {
            "plan": plan,
            "form": form,
            "on": on,
            "on_label": date_format(on, "j F Y") if on else "",
            "sections": selectors.council_report(plan=plan, on=on) if on else [],
            "rag_key": selectors.rag_key(),
            "breadcrumbs": _crumbs(plan=plan),
        },
    )
