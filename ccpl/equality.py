"""Equality-monitoring categories: ONS 2021 census ethnicity, NHS England standards.

Every question offers "Prefer not to say". Ethnicity keeps its ONS 2021 category;
the broad group and the NHS Data Dictionary 2001 letter code are derived from it.
"""

from django.db import models

PREFER_NOT_TO_SAY = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"

# The monitoring questions, as EqualityProfile field names.
QUESTIONS = (
    "age_band",
    "sex",
    "gender_same_as_birth",
    "ethnicity",
    "disability",
    "sexual_orientation",
    "religion",
)


class AgeBand(models.TextChoices):
    AGE_16_29 = "16-29", "16 to 29"
    AGE_30_39 = "30-39", "30 to 39"
    AGE_40_49 = "40-49", "40 to 49"
    AGE_50_59 = "50-59", "50 to 59"
    AGE_60_PLUS = "60+", "60 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class EthnicGroup(models.TextChoices):
    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


class Ethnicity(models.TextChoices):
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Chinese"
    ASIAN_INDIAN = "asian_indian", "Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Pakistani"
    ASIAN_OTHER = "asian_other", "Any other Asian background"
    BLACK_AFRICAN = "black_african", "African"
    BLACK_CARIBBEAN = "black_caribbean", "Caribbean"
    BLACK_OTHER = "black_other", "Any other Black, Black British or Caribbean background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Any other Mixed or multiple ethnic background"
    WHITE_BRITISH = "white_british", "English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "Roma"
    WHITE_OTHER = "white_other", "Any other White background"
    OTHER_ARAB = "other_arab", "Arab"
    OTHER_ANY = "other_any", "Any other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


# ONS 2021 category -> (broad group, NHS Data Dictionary 2001 code)
_ETHNICITY_DERIVED = {
    Ethnicity.ASIAN_BANGLADESHI: (EthnicGroup.ASIAN, "K"),
    Ethnicity.ASIAN_CHINESE: (EthnicGroup.ASIAN, "R"),
    Ethnicity.ASIAN_INDIAN: (EthnicGroup.ASIAN, "H"),
    Ethnicity.ASIAN_PAKISTANI: (EthnicGroup.ASIAN, "J"),
    Ethnicity.ASIAN_OTHER: (EthnicGroup.ASIAN, "L"),
    Ethnicity.BLACK_AFRICAN: (EthnicGroup.BLACK, "N"),
    Ethnicity.BLACK_CARIBBEAN: (EthnicGroup.BLACK, "M"),
    Ethnicity.BLACK_OTHER: (EthnicGroup.BLACK, "P"),
    Ethnicity.MIXED_WHITE_ASIAN: (EthnicGroup.MIXED, "F"),
    Ethnicity.MIXED_WHITE_BLACK_AFRICAN: (EthnicGroup.MIXED, "E"),
    Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: (EthnicGroup.MIXED, "D"),
    Ethnicity.MIXED_OTHER: (EthnicGroup.MIXED, "G"),
    Ethnicity.WHITE_BRITISH: (EthnicGroup.WHITE, "A"),
    Ethnicity.WHITE_IRISH: (EthnicGroup.WHITE, "B"),
    Ethnicity.WHITE_GYPSY_TRAVELLER: (EthnicGroup.WHITE, "C"),
    Ethnicity.WHITE_ROMA: (EthnicGroup.WHITE, "C"),
    Ethnicity.WHITE_OTHER: (EthnicGroup.WHITE, "C"),
    Ethnicity.OTHER_ARAB: (EthnicGroup.OTHER, "S"),
    Ethnicity.OTHER_ANY: (EthnicGroup.OTHER, "S"),
}

ETHNICITY_BY_GROUP = {
    group: [e for e, (g, _code) in _ETHNICITY_DERIVED.items() if g == group]
    for group in EthnicGroup
    if group != EthnicGroup.NOT_STATED
}


def ethnic_group(ethnicity: str) -> str:
    """The broad ONS group for a detailed category; "not_stated" when unknown or declined."""
    return _ETHNICITY_DERIVED.get(ethnicity, (EthnicGroup.NOT_STATED, "Z"))[0]


def nhs_2001_code(ethnicity: str) -> str:
    """The NHS Data Dictionary 2001 letter code (A–S; Z for not stated)."""
    return _ETHNICITY_DERIVED.get(ethnicity, (EthnicGroup.NOT_STATED, "Z"))[1]


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Other sexual orientation"
    NOT_SURE = "not_sure", "Not sure"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    BUDDHIST = "buddhist", "Buddhist"
    CHRISTIAN = "christian", "Christian"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"
