"""The temperature-check template: questions for each of the five priorities, plus about you.

Drawn from what Gloucestershire's December 2021 survey and peer review asked about (decision-making
and communication, shared learning and co-production, protected time and support, the development
offer, transparent recruitment) and the NHS Confederation's 2021 survey instrument. Keys are stable:
a survey started from this template, or copied from last year's, compares year on year.

Each section is ``(title, description, priority number or None, [question, ...])``; each question
is a dict of :class:`surveys.models.Question` fields. About-you options are filled in from the
ICB's own professional groups, Places and organisation types when the survey is made.
"""

from .models import AboutYou, QuestionKind

A4 = QuestionKind.AGREE_4
A5 = QuestionKind.AGREE_5
TEXT = QuestionKind.FREE_TEXT

INTRODUCTION = (
    "Every year we ask clinical and care professional leaders how well our leadership framework "
    "is working. Your answers show us what has improved, what has not, and what we should do "
    "next. The survey takes about 10 minutes."
)

SECTIONS = [
    (
        "Decisions and communication",
        "How leaders from every profession are involved in decisions, and how we keep in touch.",
        1,
        [
            {
                "key": "p1-say-in-decisions",
                "text": "Clinical and care professional leaders have a real say in decisions in our system.",
                "kind": A5,
            },
            {
                "key": "p1-range-of-professions",
                "text": "Leaders from the full range of professions are involved in decisions, not just doctors.",
                "kind": A5,
            },
            {
                "key": "p1-communication-could-be-better",
                "text": "Communication between clinical and care leaders and the wider workforce could be better.",
                "kind": A5,
                "negatively_worded": True,
            },
            {
                "key": "p1-know-where-to-raise",
                "text": "I know how to raise an issue so that it reaches the right group to decide on it.",
                "kind": A5,
            },
            {
                "key": "p1-comments",
                "text": "What would most improve how leaders are involved in decisions?",
                "kind": TEXT,
                "help_text": "Please do not include names or anything that could identify you or others.",
            },
        ],
    ),
    (
        "Learning and working together",
        "Shared learning, and working with partners, patients, carers and communities.",
        2,
        [
            {
                "key": "p2-shared-learning-culture",
                "text": "There is a culture of shared learning across organisations in our system.",
                "kind": A5,
            },
            {
                "key": "p2-coproduction-impact",
                "text": "We show the difference that designing services with patients, carers and communities makes.",
                "kind": A5,
            },
            {
                "key": "p2-feedback-to-communities-could-be-better",
                "text": "Feedback to local people and communities about changes to services could be better.",
                "kind": A5,
                "negatively_worded": True,
            },
            {
                "key": "p2-comments",
                "text": "What helps or gets in the way of learning and working together?",
                "kind": TEXT,
                "help_text": "Please do not include names or anything that could identify you or others.",
            },
        ],
    ),
    (
        "Time and support for your role",
        "Protected time, and the support and information you need to lead.",
        3,
        [
            {
                "key": "p3-protected-time",
                "text": "I have enough protected time for my leadership role.",
                "kind": A5,
            },
            {
                "key": "p3-admin-support",
                "text": "I have enough project and administrative support for my leadership role.",
                "kind": A5,
            },
            {
                "key": "p3-data-finance-digital",
                "text": "I can get the data, finance and digital expertise I need for my role.",
                "kind": A5,
            },
            {
                "key": "p3-comments",
                "text": "What one change would give you more time or support for your role?",
                "kind": TEXT,
                "help_text": "Please do not include names or anything that could identify you or others.",
            },
        ],
    ),
    (
        "Training and development",
        "Leadership training, mentoring and coaching.",
        4,
        [
            {
                "key": "p4-enough-training",
                "text": "There are enough leadership training and development opportunities for me.",
                "kind": A5,
            },
            {
                "key": "p4-easy-to-find",
                "text": "It is easy to find out about training and development opportunities and how to take them up.",
                "kind": A5,
            },
            {
                "key": "p4-mentoring",
                "text": "I can get mentoring or coaching if I want it.",
                "kind": A5,
            },
            {
                "key": "p4-learn-alongside-others",
                "text": "How important is it to you to learn alongside the managers and project leads you work with?",
                "kind": QuestionKind.IMPORTANCE_4,
            },
            {
                "key": "p4-comments",
                "text": "What training or development would help you most?",
                "kind": TEXT,
                "help_text": "Please do not include names or anything that could identify you or others.",
            },
        ],
    ),
    (
        "Recruitment and future leaders",
        "How leaders are recruited, and support for people who want to lead in future.",
        5,
        [
            {
                "key": "p5-open-and-fair",
                "text": "Leadership roles in our system are advertised and filled openly and fairly.",
                "kind": A5,
            },
            {
                "key": "p5-hard-to-break-in",
                "text": "It is hard for people from some professions to get into leadership roles.",
                "kind": A5,
                "negatively_worded": True,
            },
            {
                "key": "p5-encourage-a-colleague",
                "text": "Would you encourage a colleague to apply for a clinical or care leadership role?",
                "kind": QuestionKind.YES_NO,
            },
            {
                "key": "p5-comments",
                "text": "What would encourage a wider range of people to apply for leadership roles?",
                "kind": TEXT,
                "help_text": "Please do not include names or anything that could identify you or others.",
            },
        ],
    ),
    (
        "About you",
        "These questions let us compare results between groups. We never show results for a "
        "group of fewer than 10 people.",
        None,
        [
            {
                "key": "about-professional-group",
                "text": "Which professional group are you in?",
                "kind": QuestionKind.SINGLE_CHOICE,
                "about_you": AboutYou.PROFESSIONAL_GROUP,
            },
            {
                "key": "about-place",
                "text": "Which Place do you mainly work in?",
                "kind": QuestionKind.SINGLE_CHOICE,
                "about_you": AboutYou.PLACE,
            },
            {
                "key": "about-organisation-type",
                "text": "What type of organisation employs you?",
                "kind": QuestionKind.SINGLE_CHOICE,
                "about_you": AboutYou.ORGANISATION_TYPE,
            },
            {
                "key": "about-role-function",
                "text": "Which best describes your leadership role?",
                "kind": QuestionKind.SINGLE_CHOICE,
                "about_you": AboutYou.OTHER,
                "options": [
                    "Leading a professional network",
                    "Leading population health in a locality",
                    "Supporting a transformation or clinical programme",
                    "Other",
                    "Prefer not to say",
                ],
            },
        ],
    ),
]
