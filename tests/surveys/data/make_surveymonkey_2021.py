"""Write ``surveymonkey-2021.csv``: a SurveyMonkey export shaped like the NHS Confederation's
March 2021 survey on clinical and care professional leadership (1,251 responses, 13
questions), with the counts its report published (Q6, Q7 and a few groups made up).

What makes it realistic: SurveyMonkey's two header rows (question text, then "Response" or
"Open-Ended Response"); its nine identity and metadata columns first (ids, start and end
times, IP address, e-mail, names, custom data); answer labels that differ slightly from the
options (case, spaces, full stops, "&" for "and"), as people's exports do; the question
numbers typed into the question text. Run ``python tests/surveys/data/make_surveymonkey_2021.py``
to write it again (the output is the same every time).
"""

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "surveymonkey-2021.csv"
ROWS = 1251
PRINCIPLE = (
    "This principle is the right one to support an ICS to develop effective clinical and care "
    "professional arrangements?"
)
AGREE = ["Strongly agree", "Agree", "Disagree", "Strongly disagree"]
IMPORTANCE = ["Very important", "Important", "Unimportant", "Not at all important"]
PROFESSIONS = {
    "AHP (please specify in the comments below)": 322,
    "Clinical Psychologist": 71,
    "Dental Consultant": 6,
    "General Dental Practitioner": 18,
    "General Medical Practitioner": 180,
    "Healthcare Scientist": 28,
    "Medical Consultant": 141,
    "Pharmacist": 67,
    "Public Health Consultant": 86,
    "Registered nurse or midwife (please specify in the comments below)": 145,
    "Social Worker": 14,
    "Other (please specify in the comments below)": 83,
    "Not applicable": 90,
}
AREAS = {
    "None of the above": 185,
    "Bath and North East Somerset, Swindon and Wiltshire": 21,
    "Bedfordshire, Luton and Milton Keynes": 13,
    "Berkshire West": 4,
    "Birmingham and Solihull": 36,
    "Bristol, North Somerset and South Gloucestershire": 13,
    "Buckinghamshire, Oxfordshire and Berkshire West": 34,
    "Cornwall and the Isles of Scilly": 12,
    "Dorset": 19,
    "Frimley Health and Care": 9,
    "Greater Manchester Health and Social Care Partnership": 87,
    "Hampshire and the Isle of Wight": 35,
    "Hertfordshire and West Essex": 29,
    "Humber, Coast and Vale": 25,
    "Joined up care Derbyshire": 28,
    "Lancashire and South Cumbria": 46,
    "Norfolk and Waveney": 13,
    "North Central London Partners in health and care": 33,
    "North Cumbria Health and Care System": 11,
    "North East London": 20,
    "North West London": 32,
    "Nottinghamshire": 24,
    "One Gloucestershire": 19,
    "Somerset": 11,
    "South East London": 24,
    "South West London Health and Care Partnership": 14,
    "South Yorkshire and Bassetlaw Integrated Care System": 47,
    "Suffolk and North East Essex": 7,
    "Surrey Heartlands Health and Care Partnership": 23,
    "Sussex Health and Care Partnership": 19,
    "West Yorkshire and Harrogate Health and Care Partnership": 76,
    "Other (please specify)": 0,
}
AREAS["Other (please specify)"] = ROWS - sum(AREAS.values())
# (number, text, labels with counts) in the file's order.
QUESTIONS = [
    ("1", PRINCIPLE, dict(zip(AGREE, (639, 500, 81, 31), strict=True))),
    ("2", PRINCIPLE, dict(zip(AGREE, (797, 365, 52, 37), strict=True))),
    ("3", PRINCIPLE, dict(zip(AGREE, (810, 382, 39, 20), strict=True))),
    ("4", PRINCIPLE, dict(zip(AGREE, (700, 493, 39, 19), strict=True))),
    ("5", PRINCIPLE, dict(zip(AGREE, (785, 428, 25, 13), strict=True))),
    ("6", PRINCIPLE, dict(zip(AGREE, (760, 428, 45, 18), strict=True))),
    ("7", PRINCIPLE, dict(zip(AGREE, (820, 393, 28, 10), strict=True))),
    (
        "8",
        "Are there any additional principles that you believe are key to ensuring the "
        "development of effective clinical and care professional arrangements in an ICS?",
        {"Yes": 529, "No": 722},
    ),
    (
        "9",
        "The draft principles above will ensure that clinical and care professional "
        "arrangements in an ICS are inclusive of a wide range of disciplines across health and "
        "local government partners.",
        dict(zip(AGREE, (478, 545, 181, 47), strict=True)),
    ),
    (
        "10",
        "In your view, how important is it to be prescriptive about how an ICS complies with "
        "each of the principles to ‘make them stick’ e.g., by mandating structures and "
        "mechanisms for clinical and care professional arrangements.",
        dict(zip(IMPORTANCE, (450, 582, 165, 54), strict=True)),
    ),
    (
        "13",
        "What can NHS England and NHS Improvement do to support you in making the principles "
        "a reality in your system?",
        None,
    ),
    ("14a", "If yes, which clinical/care professional group do you work in?", PROFESSIONS),
    ("15", "Which geographical ICS area do you work in (if applicable)", AREAS),
]
COMMENTS_ANSWERED = 630
# Slightly different spellings of the same answer, as exports have them.
VARIANTS = {
    "Strongly agree": ["Strongly Agree", "strongly agree", "Strongly agree "],
    "Agree": ["agree", " Agree", "Agree."],
    "Strongly disagree": ["Strongly Disagree", "Strongly disagree."],
    "Not at all important": ["Not at all important.", "Not At All Important"],
    "Yes": ["yes", "YES"],
    "General Medical Practitioner": ["General medical practitioner"],
    "Greater Manchester Health and Social Care Partnership": [
        "Greater Manchester Health & Social Care Partnership"
    ],
}
ASKS = [
    "Protected time for clinical leaders, funded properly",
    "Mandate the outcomes, not the structures",
    "Clear national guidance with room for local decisions",
    "Fund backfill so frontline staff can take part",
    "Make sure social care is an equal partner",
    "Share examples of what good looks like",
    "Support leadership development across all professions",
    "Give places real decision-making power",
    "Invest in digital and data infrastructure",
    "Recognise allied health professionals at system level",
    "Less jargon and shorter documents",
    "Include patients and experts by experience from the start",
]
REASONS = [
    "so that leaders are not doing this on top of a full clinical job",
    "because every system is different",
    "as otherwise it will be doctors and nurses again",
    "so that we are not reinventing the wheel",
    "which has worked well in our place",
    "because the acute trusts still dominate",
    "so the principles become real rather than words",
    "and hold ICS boards to account for it",
]


def _label(rng, label):
    variants = VARIANTS.get(label)
    if variants and rng.random() < 0.15:
        return rng.choice(variants)
    return label


def _column(rng, counts):
    values = [label for label, n in counts.items() for _ in range(n)]
    assert len(values) == ROWS, counts
    rng.shuffle(values)
    return [_label(rng, value) for value in values]


def _comments(rng):
    values = [
        f"{rng.choice(ASKS)} {rng.choice(REASONS)}. ({n % 97 + 1})"
        if n % 3
        else f"{rng.choice(ASKS)}."
        for n in range(COMMENTS_ANSWERED)
    ] + [""] * (ROWS - COMMENTS_ANSWERED)
    rng.shuffle(values)
    return values


def build() -> list[list[str]]:
    rng = random.Random(2021)
    metadata = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    first = [*metadata, *(f"Q{number} {text}" for number, text, _ in QUESTIONS)]
    second = [""] * len(metadata) + [
        "Response" if counts else "Open-Ended Response" for _n, _t, counts in QUESTIONS
    ]
    columns = [_column(rng, counts) if counts else _comments(rng) for _n, _t, counts in QUESTIONS]
    given = ["Amelia", "Oliver", "Priya", "Kwame", "Siobhan", "Dafydd", "Mei", "Tomasz"]
    family = ["Hughes", "Okafor", "Patel", "Nowak", "Byrne", "Evans", "Chen", "Walsh"]
    rows = [first, second]
    for n in range(ROWS):
        day, minute = 8 + n * 23 // ROWS, (n * 7) % 60
        start = f"03/{day:02d}/2021 {9 + n % 9:02d}:{minute:02d}:{n % 60:02d} AM"
        end = f"03/{day:02d}/2021 {9 + n % 9:02d}:{(minute + 6) % 60:02d}:{(n * 3) % 60:02d} AM"
        named = n % 3 == 0  # the e-mail collector: a third of the rows carry who answered
        first_name, last_name = rng.choice(given), rng.choice(family)
        email = f"{first_name}.{last_name}{n}@nhs.net".lower() if named else ""
        rows.append(
            [
                str(12_804_551_000 + 7 * n),
                "402113907" if named else "402113650",
                start,
                end,
                f"81.2.{69 + n // 250}.{n % 250 + 1}",
                email,
                first_name if named else "",
                last_name if named else "",
                f"ICB-{n % 42:03d}" if named else "",
                *(column[n] for column in columns),
            ]
        )
    return rows


if __name__ == "__main__":
    with OUT.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(build())
