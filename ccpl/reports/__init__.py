"""Reports and the CMO/CNO dashboard: the framework core reading every domain app.

* ``sections`` — the registry of report sections; each is one build function (in
  ``annual``, ``diversity``, ``council``, ``survey``) and one template under
  ``templates/reports/pdf/sections/``. A section appears only when its app provides it.
* ``rendering`` — HTML with a slim print stylesheet → WeasyPrint → tagged PDF/UA.
* ``charts`` — SVG charts with a ``<title>`` (the alt text) for pages and PDFs.
* ``services`` — report jobs: request (deduplicated by a fingerprint of the inputs), run,
  sign-off, the stale-job sweeper. ``tasks`` are thin Celery wrappers around them.
* ``dashboard`` — the dashboard's tiles, another registry of one function + one template.

Every figure describing people reaches a report or tile only through ``ccpl.disclosure``.
"""
