"""The respondent journey at /survey/<token>/ (public: the personal link is the key).

Mount with ``path("survey/", include("surveys.respond_urls"))``.
"""

from django.urls import path

from .views import respond

app_name = "survey"

urlpatterns = [
    path("thank-you/", respond.thank_you, name="thank_you"),
    path("<str:token>/", respond.start, name="start"),
    path("<str:token>/page/<int:number>/", respond.page, name="page"),
    path("<str:token>/check/", respond.check, name="check"),
]
