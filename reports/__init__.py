"""Reports: dated, disclosure-controlled PDFs made by a Celery worker (docs/adr/0006).

* ``models`` — ``ReportJob``: one request, its progress and its PDF (private storage).
* ``kinds`` — what each kind of report (``ReportJob.Kind``) is about, its form and its inputs.
* ``sections`` — the registry of report sections; each is one build function (in
  ``annual``, ``diversity``, ``council``, ``survey``, ``recruitment``) and one template under
  ``templates/reports/pdf/sections/``, reading the apps through their selectors.
* ``rendering`` — HTML with a slim print stylesheet → WeasyPrint → tagged PDF/UA.
* ``charts`` — SVG charts with a ``<title>`` (the alt text) for pages and PDFs.
* ``services`` — report jobs: request (deduplicated by a fingerprint of the inputs), run,
  sign-off, the stale-job sweeper. ``tasks`` are thin Celery wrappers around them, with the
  names they had in the core (``ccpl.reports.…``).
* ``reminders`` — the weekly digest to the CCPL team and the survey reminders.

Every figure describing people reaches a report only through ``ccpl.disclosure``. The
dashboard is its own app (``dashboard``).
"""
