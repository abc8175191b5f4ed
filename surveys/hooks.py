"""What the surveys app asks of apps above it (see ``ccpl.hooks``).

``results_withheld``: survey → why an app that runs the survey keeps its results back for
now (``""`` when it does not). The development app provides it for cohort evaluations
(``DevelopmentConfig.ready``): a cohort's own results are withheld while another evaluated
cohort of its offer has fewer than 10 responses, since the offer's pooled results less this
cohort's would give that small cohort's.
"""

from ccpl.hooks import Hook


def _nothing_withheld(survey) -> str:
    return ""


results_withheld: Hook[[object], str] = Hook("surveys.results_withheld", _nothing_withheld)
