from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"

    def ready(self):
        from ccpl import snapshots
        from forums import hooks as forum_hooks

        from . import selectors

        # Role holders are this app's population. Forum members are counted here too,
        # because role seats are part of forum membership.
        snapshots.register_population(
            selectors.ROLE_HOLDERS,
            label="Role holders",
            people=selectors.role_holders,
            register_public=True,  # the public role register names every holder and group
        )
        snapshots.register_population(
            selectors.FORUM_MEMBERS, label="Forum members", people=selectors.forum_member_people
        )
        # A forum's members include its role seats' holders: forums asks, roles answers.
        forum_hooks.seat_holders_by_forum.register(selectors.seat_holders_by_forum)
        forum_hooks.person_holds_seat.register(selectors.person_holds_seat)
