"""What the recruitment app asks of apps above it (see ``ccpl.hooks``).

``advert_audiences``: an advert that has just opened → the further audiences to tell about
it, each a label and its recipients (``recruitment.services.Recipient``). The development
app provides programme alumni who asked to hear about vacancies (``DevelopmentConfig.ready``);
without it only the talent pool hears. Every audience goes through ``announce``: one e-mail
per address per advert, whichever audience names it first.
"""

from ccpl.hooks import Hook


def _no_audiences(campaign) -> list[tuple[str, list]]:
    return []


advert_audiences: Hook[[object], list[tuple[str, list]]] = Hook(
    "recruitment.advert_audiences", _no_audiences
)
