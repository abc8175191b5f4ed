"""The CMO/CNO dashboard: live tiles reading every app through its selectors.

* ``selectors`` — the tiles: a registry of one function (here) and one template
  (``dashboard/templates/dashboard/tiles/<key>.html``) per tile.
* ``views`` — the one page, for the CCPL team and executives.

Every figure describing people reaches a tile only through ``ccpl.disclosure``.
"""
