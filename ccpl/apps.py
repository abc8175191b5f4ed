from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_user_kinds(sender, **kwargs):
    from . import services

    services.user_kinds_ensure()


class CcplConfig(AppConfig):
    name = "ccpl"
    verbose_name = "CCPL framework core"

    def ready(self):
        # Groups need the permission rows, which only exist after migrate.
        post_migrate.connect(_ensure_user_kinds, sender=self)
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_start

        user_logged_in.connect(session_start, dispatch_uid="ccpl.session_start")

        from allauth.mfa.signals import authenticator_added, authenticator_removed

        from .middleware import mfa_enrolled, mfa_removed

        authenticator_added.connect(mfa_enrolled, dispatch_uid="ccpl.mfa_enrolled")
        authenticator_removed.connect(mfa_removed, dispatch_uid="ccpl.mfa_removed")

        # Every write bumps the data version that keys cached public pages (ccpl.pagecache).
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_migrate

        from .pagecache import install, migrate_ended, migrate_started

        connection_created.connect(install, dispatch_uid="ccpl.pagecache")
        pre_migrate.connect(migrate_started, sender=self, dispatch_uid="ccpl.pagecache_pause")
        post_migrate.connect(migrate_ended, sender=self, dispatch_uid="ccpl.pagecache_resume")

        # Equality answers have no foreign key to cascade: they go with their person.
        from django.db.models.signals import post_delete

        from .models import Person
        from .services import equality_answers_forget_on_delete

        post_delete.connect(
            equality_answers_forget_on_delete, sender=Person, dispatch_uid="ccpl.person_equality"
        )
