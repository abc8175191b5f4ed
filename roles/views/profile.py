"""A signed-in person's own profile page at /profile/: their details, how many equality
questions they have answered, their leadership roles and forums, and links to their own
development pages (kept by the development app: ``roles.hooks.profile_development_links``).

It lives here, not in the core, because it reads the roles app; editing the details and the
equality answers stay with the core (``ccpl.views``)."""

from django.shortcuts import render

from ccpl import selectors as core_selectors
from ccpl.access import permission_required
from ccpl.hooks import equality_offers

from .. import hooks, selectors


@permission_required("ccpl.view_own_profile")
def my_profile(request):
    person = core_selectors.person_for_account(request.user)
    if person is None:
        return render(request, "ccpl/no_person_record.html")
    return render(
        request,
        "roles/my_profile.html",
        {
            "person": person,
            "answered": core_selectors.equality_answered_count(person),
            # Answers from the application that appointed them, which they may copy.
            "has_equality_offer": bool(equality_offers(person)),
            "leadership": selectors.person_leadership(person),
            # Their own development pages, kept by the development app above this one.
            "development_links": hooks.profile_development_links(person),
        },
    )
