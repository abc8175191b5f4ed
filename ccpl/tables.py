import django_tables2 as tables

from .models import Benchmark, Person


class PersonTable(tables.Table):
    caption = "People"

    name = tables.Column(
        accessor="family_name",
        verbose_name="Name",
        linkify=("ccpl:person_detail", {"pk": tables.A("pk")}),
        order_by=("family_name", "given_name"),
    )
    professional_group = tables.Column(order_by=("professional_group__name",))
    organisation = tables.Column()
    place = tables.Column()
    email = tables.EmailColumn(verbose_name="Email")

    class Meta:
        model = Person
        fields = ("name", "professional_group", "organisation", "place", "email")
        empty_text = "No people match these filters."

    def render_name(self, record):
        return record.full_name

    def value_name(self, record):
        return record.full_name


class BenchmarkTable(tables.Table):
    caption = "Benchmarks"

    benchmark = tables.Column()
    dimension = tables.Column()
    category = tables.Column()
    place = tables.Column(default="Whole system")
    share = tables.Column(verbose_name="Share (%)")

    class Meta:
        model = Benchmark
        fields = ("benchmark", "dimension", "category", "place", "share")
        empty_text = "No benchmarks yet. Import a CSV file to add them."

    def render_share(self, value):
        return f"{value * 100:.1f}"

    def value_share(self, value):
        return str(value)
