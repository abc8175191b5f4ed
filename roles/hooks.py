"""What the roles app asks of apps above it (see ``ccpl.hooks``).

``advert_urls``: role id → the address of the role's open advert, for the public register's
"Vacant" links. The recruitment app provides it (``RecruitmentConfig.ready``); without it
no role shows an advert.
"""

from ccpl.hooks import Hook


def _no_adverts() -> dict[int, str]:
    return {}


advert_urls: Hook[[], dict[int, str]] = Hook("roles.advert_urls", _no_adverts)
