"""The cascade (issue 17): professional networks that leaders lead, the people who joined
a network's list themselves (double opt-in), and a lead forwarding a sent bulletin to their
network. A forwarded bulletin reuses ``Delivery``: the database's one-delivery-per-address-
per-bulletin constraint means nobody hears the same bulletin twice, however it reached them.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Network(models.Model):
    """A professional network (e.g. the nursing and midwifery network): the CCPL team names
    its leads; people join its list themselves."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    professional_group = models.ForeignKey(
        "ccpl.ProfessionalGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
    )
    leads = models.ManyToManyField("ccpl.Person", blank=True, related_name="networks_led")
    is_open = models.BooleanField(
        "open for anyone to join",
        default=True,
        help_text="Listed on the public networks page, where people join its list.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[leads])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communications:network_join", args=[self.slug])


class Subscriber(models.Model):
    """An address on a network's list: it receives forwards only once confirmed from the
    e-mail sent to it, and never after leaving."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField("email address")
    name = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="The last confirmation e-mail (at most one an hour)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "network",
                Lower("email"),
                name="subscriber_one_per_address_per_network",
                violation_error_message="This address is already on the network's list.",
            )
        ]
        indexes = [models.Index(fields=["network", "confirmed_at", "unsubscribed_at"])]

    def __str__(self):
        return f"{self.email} on {self.network}"

    @property
    def is_receiving(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Forward(models.Model):
    """A lead sending a sent bulletin on to their network: once per bulletin and network."""

    bulletin = models.ForeignKey(
        "communications.Bulletin", on_delete=models.CASCADE, related_name="forwards"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="forwards")
    lead = models.ForeignKey("ccpl.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(
        "covering note",
        max_length=1000,
        blank=True,
        help_text="Optional. A few words to your network, shown above the bulletin.",
    )
    forwarded_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(
        default=0, help_text="New addresses it reached (not already sent the bulletin)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["forwarded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "network"],
                name="forward_once_per_bulletin_per_network",
                violation_error_message="This bulletin has already been forwarded to this network.",
            )
        ]

    def __str__(self):
        return f"{self.bulletin} to {self.network}"
