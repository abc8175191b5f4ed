"""Forms of peer review (the NHS.UK crispy pack through ``ccpl.forms``)."""

from django import forms

from ccpl.forms import NhsDateField, NhsForm

from .peer_models import COMMENT_MAX, MAX_DAYS


class ReviewerInviteForm(NhsForm):
    submit_label = "Send the invitation"

    name = forms.CharField(label="Reviewer's name", max_length=120)
    organisation = forms.CharField(
        label="Their organisation", max_length=160, help_text="For example, a neighbouring ICB"
    )
    email = forms.EmailField(label="Their e-mail address", max_length=254)
    expires_on = NhsDateField(
        label="The link works until",
        required=False,
        help_text=f"Leave empty for 28 days from today; at most {MAX_DAYS} days. "
        "For example, 31 3 2027",
    )


class ReviewerExtendForm(NhsForm):
    submit_label = "Save the new date"

    expires_on = NhsDateField(
        label="The link works until",
        help_text=f"At most {MAX_DAYS} days from today. For example, 31 3 2027",
    )


class PeerCommentForm(forms.Form):
    """The reviewer's comment on one principle (rendered by hand, one per principle)."""

    entry = forms.IntegerField(min_value=1)
    text = forms.CharField(max_length=COMMENT_MAX, strip=True)
