import json

from django.core.management.base import BaseCommand, CommandError

from demo import bench
from reports.models import ReportJob
from surveys.models import Response


class Command(BaseCommand):
    help = (
        "Measuring parts of `make bench` (scripts/bench.sh), on generated data: "
        "queries, session, journeys, responses, annual-report, diversity-analysis, "
        "survey-import, plan-import. Prints JSON (journeys: one secret a line)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "what",
            choices=[
                "pages",
                "queries",
                "session",
                "journeys",
                "responses",
                "annual-report",
                "diversity-analysis",
                "survey-import",
                "plan-import",
            ],
        )
        parser.add_argument("--username", default="staff")
        parser.add_argument("--count", type=int, default=1000)

    def handle(self, *args, what: str, username: str, count: int, **options):
        if what == "pages":
            out = [p.__dict__ for p in bench.pages()]
        elif what == "queries":
            out = bench.page_queries()
        elif what == "session":
            self.stdout.write(bench.session_cookie(username))
            return
        elif what == "journeys":
            self.stdout.write("\n".join(bench.journeys_start(count=count)))
            return
        elif what == "responses":
            out = {"responses": Response.objects.filter(survey=bench.open_survey()).count()}
        elif what == "annual-report":
            out = bench.measure(lambda: bench.report_run(ReportJob.Kind.ANNUAL_REPORT))
        elif what == "diversity-analysis":
            out = bench.measure(lambda: bench.report_run(ReportJob.Kind.DIVERSITY_ANALYSIS))
        elif what == "survey-import":
            out = bench.survey_import(count)
        elif what == "plan-import":
            out = bench.measure(bench.plan_import)
        else:  # pragma: no cover - argparse's choices
            raise CommandError(what)
        self.stdout.write(json.dumps(out))
