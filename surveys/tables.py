import django_tables2 as tables

from ccpl.tables import NhsTable

from .models import Survey

NUMERIC = {
    "th": {"class": "nhsuk-table__header--numeric"},
    "td": {"class": "nhsuk-table__cell--numeric"},
}


class SurveyTable(NhsTable):
    caption = "Surveys"

    title = tables.Column(linkify=("surveys:survey_detail", {"pk": tables.A("pk")}))
    year = tables.Column(attrs=NUMERIC)
    kind = tables.Column(verbose_name="Type")
    status = tables.Column()
    question_count = tables.Column(verbose_name="Questions", attrs=NUMERIC)
    invitation_count = tables.Column(verbose_name="Invited", attrs=NUMERIC)
    response_count = tables.Column(verbose_name="Responses", attrs=NUMERIC)

    class Meta:
        model = Survey
        fields = (
            "title",
            "year",
            "kind",
            "status",
            "question_count",
            "invitation_count",
            "response_count",
        )
        empty_text = "No surveys yet. Start one from the temperature-check template."

    def render_year(self, value):
        return str(value)
