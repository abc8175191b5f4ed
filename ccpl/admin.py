"""Django admin for reference data, for the system administrator alone.

Only an active staff superuser gets in (``ccpl.access.can_use_admin``); everyone else
signed in gets 403, and signing in goes through allauth (rate limits, and single
sign-on later), never the admin's own form. EqualityProfile is deliberately not
registered: individual equality answers are seen only by the person themself.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from . import models, services
from .access import can_use_admin

admin.site.site_header = "CCPL Manager administration"
admin.site.site_title = "CCPL Manager"


def _admin_has_permission(request):
    return can_use_admin(request.user)


def _refuse_signed_in_users_who_may_not(login_view):
    # The admin sends a signed-in user it refuses to its own login form, which would
    # take another account's password outside allauth: refuse them here instead.
    @wraps(login_view)
    def login(request, *args, **kwargs):
        if request.user.is_authenticated and not can_use_admin(request.user):
            raise PermissionDenied
        return login_view(request, *args, **kwargs)

    return login


admin.site.has_permission = _admin_has_permission
admin.site.login = secure_admin_login(_refuse_signed_in_users_who_may_not(admin.site.login))


@admin.register(models.IntegratedCareBoard)
class IntegratedCareBoardAdmin(SimpleHistoryAdmin):
    list_display = ("name", "cmo_name", "cno_name")


@admin.register(models.Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "place")
    list_filter = ("kind", "place")
    list_select_related = ("place",)
    search_fields = ("name",)


@admin.register(models.ProfessionalGroup)
class ProfessionalGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "parent", "under_represented", "order")
    list_filter = ("under_represented", "parent")
    list_select_related = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    """No account link here: a person's record is linked to an account only when they
    accept their own invitation or sign in by single sign-on, never by staff. Anyone who
    could point a record at their own account would read its equality answers."""

    list_display = ("full_name", "professional_group", "organisation", "place", "email")
    list_filter = ("place", "professional_group__parent")
    list_select_related = ("professional_group", "organisation", "place")
    search_fields = ("given_name", "family_name", "email")
    fields = (
        "given_name",
        "family_name",
        "email",
        "job_title",
        "professional_group",
        "organisation",
        "place",
    )

    def get_readonly_fields(self, request, obj=None):
        # The address of someone with an account changes only when they confirm it
        # (``services.email_change_request``), here as on the CCPL team's pages.
        if obj is not None and obj.user_id:
            return ("email",)
        return ()

    def save_model(self, request, obj, form, change):
        # Also reached by reverting to an old version from the history page, whose
        # instance carries the account link (and address) of its day: keep the stored ones.
        stored = models.Person.objects.filter(pk=obj.pk).values("user_id", "email").first()
        obj.user_id = stored["user_id"] if change and stored else None
        if obj.user_id:
            obj.email = stored["email"]
        super().save_model(request, obj, form, change)


@admin.register(models.Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("number", "short_title")


@admin.register(models.Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ("benchmark", "dimension", "category", "place", "share")
    list_filter = ("benchmark", "dimension", "place")
    list_select_related = ("place",)


# --- MFA: the administrator resets a lost authenticator (docs/security.md) ----------------
# allauth's own admin shows each authenticator's data, the app's secret among it: ours
# shows who, what and when, and offers one action, audited in the admin's log.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__username", "user__email")
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
    actions = ["reset_mfa"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Reset two-factor authentication for these people")
    def reset_mfa(self, request, queryset):
        users = {authenticator.user for authenticator in queryset.select_related("user")}
        for user in users:
            authenticators = list(Authenticator.objects.filter(user=user))
            # The admin's log (LogEntry): who reset whose authenticators, and when.
            self.log_deletions(request, authenticators)
            services.mfa_reset(user=user)
        self.message_user(
            request,
            f"Two-factor authentication reset for {len(users)} "
            f"{'person' if len(users) == 1 else 'people'}: they must set it up again "
            "the next time they sign in.",
        )
