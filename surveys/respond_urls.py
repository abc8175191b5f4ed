"""The respondent journey at /survey/ (public: the personal link is the key).

Only the first address, /survey/<token>/, holds the token; it starts a journey and redirects
to the addresses below, which do not. Mount with ``path("survey/", include("surveys.respond_urls"))``.
"""

from django.urls import path

from .views import respond

app_name = "survey"

urlpatterns = [
    path("thank-you/", respond.thank_you, name="thank_you"),
    path("about/", respond.about, name="about"),
    path("page/<int:number>/", respond.page, name="page"),
    path("check/", respond.check, name="check"),
    path("<str:token>/", respond.start, name="start"),
]
