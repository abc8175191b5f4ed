import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils import timezone

from ccpl.formatting import nhs_date, nhs_datetime, nhs_time

from .models import Benchmark, Email, Person


class NhsTable(tables.Table):
    """The base of every table: paging parameters from the address are clamped.

    tables2 takes ``?per_page=`` and ``?page=`` from the query string as they come; a
    negative or huge ``per_page`` would raise from Django's paginator or return every row.
    Pages hold 1 to ``MAX_PER_PAGE`` rows; a page past the end shows the last page.
    """

    MAX_PER_PAGE = 100

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = per_page or self._meta.per_page
        per_page = min(max(int(per_page), 1), self.MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, max(int(page), 1), *args, **kwargs)


class PersonTable(NhsTable):
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


class BenchmarkTable(NhsTable):
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


class EmailTable(NhsTable):
    caption = "E-mails"

    created = tables.DateTimeColumn(verbose_name="Written")
    to = tables.Column(verbose_name="To")
    subject = tables.Column()
    kind = tables.Column(verbose_name="Kind")
    status = tables.Column()
    attempts = tables.Column()
    changed = tables.DateTimeColumn(verbose_name="Last change")
    again = tables.TemplateColumn(
        template_name="ccpl/email_send_again_button.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Email
        fields = ("created", "to", "subject", "kind", "status", "attempts", "changed")

    def render_created(self, value):
        return nhs_datetime(value)

    def render_changed(self, value):
        return nhs_datetime(value)

    def render_status(self, value, record):
        """Failed ones say why, and whether (and when) they will be sent again by themselves."""
        if record.status != Email.Status.FAILED:
            return value
        if record.retry_at is not None:
            at = timezone.localtime(record.retry_at)
            return (
                f"{value}: the mail relay could not be reached. It will be sent again "
                f"automatically at {nhs_time(at)} on {nhs_date(at)}."
            )
        return f"{value}: {record.last_error or 'no reason given'}. Use Send again to retry."
