"""The unlinkability attack suite (docs/adr/0003-survey-anonymity.md).

Responses are submitted through real personal links (the test client and the real views) in
a known order, each on a known, different day (``django.utils.timezone.now`` is patched: no
time-travel library is installed). Then an attacker tries to link responses to invitations
(and so to people) through each channel on its own: ids, storage order (PostgreSQL ``ctid``
and the physical order of a plain ``SELECT``; SQLite ``rowid``), PostgreSQL ``xmin``, dates,
the journey table, ``django_session``, logs, e-mail and the Celery queue, the CSV export and
staff pages. The attacker also knows, from the web server's access log, the order in which
the links were opened (and so the order of submission).

Every detector is shown to link on data that is not yet protected (the storage straight after
submission, before the mix, or a leaky variant of the data: what the code used to write), and
to link nobody once protected. For channels whose protection is a random order, "links
nobody" means "no better than a blind guess": fewer than ``CHANCE`` of the respondents right
(a random order gets 7 or more of them right with probability under 1 in 10,000).

Ground truth (known to the test only): respondent *i* ticks a distinct set of options in a
"choose all that apply" question, so each response can be told apart by its content.

**Both databases.** The test run uses PostgreSQL (``transactional_db``: autocommit, so each
transaction has its own id). ``test_the_suite_also_holds_on_sqlite`` runs this same module
again in a pytest subprocess against a SQLite file in WAL mode (``tests/surveys/
sqlite_settings.py``, ``DATABASE_URL=sqlite:///…``), where the PostgreSQL-only channels are
skipped and ``rowid`` is attacked instead.
"""

import csv
import datetime
import io
import logging
import os
import re
import subprocess
import sys
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from ccpl.celery import app
from surveys import selectors, services, tasks
from surveys.models import Answer, Invitation, Response, Survey, SurveyJourney
from surveys.views import respond

from .factories import SectionFactory, SurveyFactory, question

RESPONDENTS = 24
INVITED = 30
CHANCE = 7
OPTIONS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
DAY0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db(transaction=True)


# --- The world: an open survey, invitations, submissions in a known order -------------------


def _ticks(i):
    """Respondent i's distinct, non-empty set of options (the ground truth)."""
    return frozenset(label for bit, label in enumerate(OPTIONS) if (i + 1) >> bit & 1)


class World:
    def __init__(self):
        self.survey = SurveyFactory(status=Survey.Status.OPEN, title="Temperature check")
        section = SectionFactory(survey=self.survey)
        self.choice = question(section, "which", kind="multiple_choice", options=OPTIONS)
        self.single = question(section, "one", kind="single_choice", options=["Up", "Down"])
        self.invitations = [
            Invitation.objects.create(
                survey=self.survey, email=f"leader{n:02d}@nhs.net", name=f"Leader {n}"
            )
            for n in range(INVITED)
        ]
        self.tokens: dict[int, str] = {}  # invitation id → token (known from the e-mails)
        self.order: list[int] = []  # invitation ids in the order they submitted
        self.days: dict[int, datetime.date] = {}  # invitation id → the day they submitted

    def send_invitations(self, monkeypatch):
        """Through the real task (eagerly), recording what goes through the queue."""
        queued = []
        original = tasks.send_invitations.apply_async

        def record(args=None, kwargs=None, **options):
            queued.append((args, kwargs))
            return original(args=args, kwargs=kwargs, **options)

        monkeypatch.setattr(tasks.send_invitations, "apply_async", record)
        monkeypatch.setattr(app.conf, "task_always_eager", True)
        tasks.send_invitations.delay(self.survey.pk)
        by_email = {i.email: i.pk for i in self.invitations}
        for message in mail.outbox:
            token = re.search(r"/survey/([\w-]+)/", message.body).group(1)
            self.tokens[by_email[message.to[0]]] = token
        return queued

    def submit(self, invitation_id, *, when, client=None, answers=None, pause=None):
        """One respondent's whole journey through the real views."""
        client = client or Client()
        i = len(self.order)
        options = {o.label: str(o.pk) for o in self.choice.options.all()}
        single = list(self.single.options.all())
        data = answers or {
            f"q{self.choice.pk}": [options[label] for label in sorted(_ticks(i))],
            f"q{self.single.pk}": str(single[i % 2].pk),
        }
        with _clock(when):
            assert client.get(f"/survey/{self.tokens[invitation_id]}/").status_code == 302
            assert client.post("/survey/page/1/", data).status_code == 302
            if pause:
                pause(invitation_id)
            assert client.post("/survey/check/")["Location"] == "/survey/thank-you/"
        self.order.append(invitation_id)
        self.days[invitation_id] = when.date()

    def truth(self) -> dict[uuid.UUID, int]:
        """Response id → invitation id, from the content (never available to the attacker)."""
        ticked = defaultdict(set)
        for response_id, label in Answer.objects.filter(question=self.choice).values_list(
            "response_id", "option__label"
        ):
            ticked[_uuid(response_id)].add(label)
        by_ticks = {_ticks(i): inv for i, inv in enumerate(self.order)}
        return {rid: by_ticks[frozenset(labels)] for rid, labels in ticked.items()}


class _clock:
    """Patch the clock the application reads (``timezone.now``, and so ``localdate``)."""

    def __init__(self, when):
        self.when = when

    def __enter__(self):
        from django.utils import timezone

        self.original = timezone.now
        timezone.now = lambda: self.when

    def __exit__(self, *exc):
        from django.utils import timezone

        timezone.now = self.original


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _correct(guess: dict, truth: dict) -> int:
    return sum(1 for rid, inv in guess.items() if truth.get(rid) == inv)


# --- Detectors: each reads one channel and guesses response → invitation --------------------


def by_order(response_ids, submission_order):
    """Storage order, id order, export order: the k-th stored is the k-th to submit."""
    return dict(zip((_uuid(r) for r in response_ids), submission_order, strict=False))


def by_rank(response_keys: dict, invitation_keys: dict):
    """Transaction ids: responses and the invitations they used up, both in xid order. Ties
    (one transaction wrote several responses) carry no order, so nothing is linked."""
    if len(set(response_keys.values())) < len(response_keys):
        return {}
    responses = sorted(response_keys, key=response_keys.get)
    invitations = sorted(invitation_keys, key=invitation_keys.get)
    return dict(zip(responses, invitations, strict=False))


def by_dates(response_rows: dict, days: dict):
    """Any date or time stored with a response, matched to the one invitee who submitted
    that day (the access log gives the days)."""
    guess = {}
    for rid, row in response_rows.items():
        for value in row.values():
            if isinstance(value, datetime.date):
                day = value.date() if isinstance(value, datetime.datetime) else value
                matches = [inv for inv, d in days.items() if d == day]
                if len(matches) == 1:
                    guess[rid] = matches[0]
    return guess


def by_identifiers(rows: list[dict], identifiers: dict[str, int]):
    """Any stored row holding a token, a token's hash, an invitation id or an e-mail address.
    Returns the invitations found, with the row's answers (the respondent's answers)."""
    found = {}
    for row in rows:
        text = " ".join(f"{k} {v}" for k, v in row.items())
        for marker, inv in identifiers.items():
            if marker in text:
                found[inv] = row
    return found


def identifiers(world) -> dict[str, int]:
    known = {}
    for inv_id, token in world.tokens.items():
        known[token] = inv_id
        known[services.hash_token(token)] = inv_id
    for invitation in world.invitations:
        known[invitation.email] = invitation.pk
    return known


def by_logs(records, world):
    """Tokens or links in log lines: each gives a time and an invitation."""
    known = identifiers(world)
    found = set()
    for record in records:
        text = record.getMessage() + " " + " ".join(str(a) for a in (record.args or ()))
        found |= {inv for marker, inv in known.items() if marker in text}
    return found


def by_results_diff(snapshots: list[dict], world):
    """Staff pages before and after each submission: what changed is that person's answer."""
    guess = {}
    pairs = zip(snapshots, snapshots[1:], strict=False)
    for inv, (before, after) in zip(world.order, pairs, strict=False):
        changed = {k for k in after if after[k] != before.get(k)}
        if changed:
            guess[inv] = changed
    return guess


def _results_counts(survey) -> dict:
    results = selectors.survey_results(survey)
    return {
        (qr.question.key, str(row.option)): row.count.value
        for qr in results.questions
        if qr.result
        for row in qr.result.rows()
    }


def _page_counts(client, survey) -> dict:
    """What a staff member can read: option labels with the numbers beside them on the
    results, breakdown, comments and export pages, and each invitee's row on the invitations
    page."""
    seen = {}
    for url in (
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:breakdown", args=[survey.pk]),
        reverse("surveys:comment_list", args=[survey.pk]),
        reverse("surveys:responses_export", args=[survey.pk]),
    ):
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        for label in [*OPTIONS, "Up", "Down"]:
            for match in re.finditer(rf">\s*{label}\s*<[^0-9]*?(\d+)", body):
                seen[(url, label)] = match.group(1)
    # The invitations page: each invitee's row must not change when they respond.
    page = client.get(reverse("surveys:invitation_list", args=[survey.pk])).content.decode()
    for row in re.findall(r"<tr[^>]*>.*?</tr>", page.split("Who has been invited")[1], re.S):
        email = re.search(r"leader\d+@nhs\.net", row)
        if email:
            seen[("invitations", email.group(0))] = row
    return seen


# --- The attack -----------------------------------------------------------------------------


# A column outside the primary key, so that the table itself is scanned, not the id's index.
PLAIN = "SELECT id, imported FROM surveys_response"


def _storage_order_channels():
    if connection.vendor == "postgresql":
        return {
            "plain SELECT": lambda: [r for r, _i in _sql(PLAIN)],
            "ctid": lambda: [r for (r,) in _sql("SELECT id FROM surveys_response ORDER BY ctid")],
            "answers' ctid": lambda: list(
                dict.fromkeys(
                    r for (r,) in _sql("SELECT response_id FROM surveys_answer ORDER BY ctid")
                )
            ),
        }
    return {
        "plain SELECT": lambda: [r for r, _i in _sql(PLAIN)],
        "rowid": lambda: [r for (r,) in _sql("SELECT id FROM surveys_response ORDER BY rowid")],
        "answers' rowid": lambda: list(
            dict.fromkeys(
                r for (r,) in _sql("SELECT response_id FROM surveys_answer ORDER BY rowid")
            )
        ),
    }


def _xmin_guess(world):
    responses = {_uuid(r): int(x) for r, x in _sql("SELECT id, xmin::text FROM surveys_response")}
    invitations = {
        i: int(x)
        for i, x in _sql(
            "SELECT id, xmin::text FROM surveys_invitation WHERE responded AND survey_id = %s",
            [world.survey.pk],
        )
    }
    return by_rank(responses, invitations)


def _fresh_storage():
    """Start the response and answer tables on fresh storage, as a new deployment's are.
    Rows that earlier tests wrote and rolled back leave free space, and later rows fill it
    out of order: that would hide the storage-order channels the test must first see link
    (the attacker's best case is rows stored in the order they came)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE surveys_answer, surveys_response CASCADE")


def test_no_channel_links_a_response_to_an_invitation(monkeypatch, caplog, staff_user, user_kinds):
    caplog.set_level(logging.DEBUG)
    _fresh_storage()
    world = World()
    queued = world.send_invitations(monkeypatch)
    staff = Client()
    staff.force_login(staff_user)
    results: dict[str, tuple[int, int]] = {}  # channel → (linked before, linked after)

    # A signed-in leader answers too: their session row must not change.
    leader_client = Client()
    leader_client.force_login(staff_user)
    session_before = list(Session.objects.values())

    journeys: list[dict] = []
    staff_pages: list[dict] = [_page_counts(staff, world.survey)]
    live_results: list[dict] = [_results_counts(world.survey)]
    responding = [i.pk for i in world.invitations[:RESPONDENTS]]
    for n, inv in enumerate(responding):
        when = DAY0 + datetime.timedelta(days=n, hours=n % 7)
        world.submit(
            inv,
            when=when,
            client=leader_client if n == 0 else None,
            pause=lambda _inv: journeys.extend(SurveyJourney.objects.values()),
        )
        staff_pages.append(_page_counts(staff, world.survey))
        live_results.append(_results_counts(world.survey))
    session_after = list(Session.objects.values())

    # --- Before the mix ---
    truth = world.truth()
    assert len(truth) == RESPONDENTS
    order_channels = _storage_order_channels()
    for name, read in order_channels.items():
        results[name] = (_correct(by_order(read(), world.order), truth), None)
    ids_sorted = sorted(truth)  # the ids themselves, in their own order
    results["ids"] = (_correct(by_order(ids_sorted, world.order), truth), None)
    if connection.vendor == "postgresql":
        results["xmin"] = (_correct(_xmin_guess(world), truth), None)

    # --- The mix, and the storage reclaimed ---
    assert services.survey_mix_and_reclaim(survey=world.survey, force=True)
    truth_after = world.truth()
    assert len(truth_after) == RESPONDENTS and not set(truth_after) & set(truth)  # fresh ids
    for name, read in order_channels.items():
        results[name] = (results[name][0], _correct(by_order(read(), world.order), truth_after))
    results["ids"] = (
        results["ids"][0],
        _correct(by_order(sorted(truth_after), world.order), truth_after),
    )
    if connection.vendor == "postgresql":
        results["xmin"] = (results["xmin"][0], _correct(_xmin_guess(world), truth_after))

    # Storage, ids and transaction ids: the order is there before the mix, gone after.
    for name in [*order_channels, "xmin"]:
        if name in results:
            before, after = results[name]
            assert before == RESPONDENTS, f"{name}: the detector should link before the mix"
            assert after < CHANCE, f"{name}: links {after} of {RESPONDENTS} after the mix"
    # Random ids never told the order, even before the mix (the leaky variant is tested below).
    assert results["ids"][0] < CHANCE and results["ids"][1] < CHANCE

    # Dates: nothing stored with a response or answer has a date.
    rows = {_uuid(r["id"]): dict(r) for r in Response.objects.values()}
    for answer in Answer.objects.values():
        rows[_uuid(answer["response_id"])] |= {f"answer {k}": v for k, v in answer.items()}
    assert by_dates(rows, world.days) == {}
    # Invitations keep only the day they were emailed: the same day for everyone here.
    assert Invitation.objects.filter(survey=world.survey).values("sent_on").distinct().count() == 1

    # The journey table: rows seen mid-journey name no invitation; none are left.
    assert len(journeys) == RESPONDENTS
    assert by_identifiers(journeys, identifiers(world)) == {}
    assert not SurveyJourney.objects.exists()

    # django_session: the signed-in respondent's session row did not change at all.
    assert session_after == session_before
    decoded = [SessionStore().decode(s["session_data"]) | s for s in session_after]
    assert by_identifiers(decoded, identifiers(world)) == {}
    assert not any(k.startswith("survey") for s in decoded for k in s)

    # Logs and the queue: no token or link; the queue carried the survey id only.
    for used in world.order[:3]:  # used links opened again: no log line with the token
        assert Client().get(f"/survey/{world.tokens[used]}/").status_code == 410
    Client().get("/survey/not-a-token-at-all/")
    assert by_logs(caplog.records, world) == set()
    assert queued == [((world.survey.pk,), {})]
    # E-mail: each link went only to its own invitee.
    for message in mail.outbox:
        own = world.tokens[next(i.pk for i in world.invitations if i.email == message.to[0])]
        assert set(re.findall(r"/survey/([\w-]+)/", message.body)) == {own}

    # Staff pages while open: counts only, so before-and-after shows nobody's answers.
    assert sum(1 for key in staff_pages[0] if key[0] == "invitations") == INVITED
    assert by_results_diff(staff_pages, world) == {}
    # (Live results, as they used to be shown, give each person's answers away.)
    assert len(by_results_diff(live_results, world)) == RESPONDENTS

    # The export, once closed and mixed: rows in no order anyone can match.
    Survey.objects.filter(pk=world.survey.pk).update(status=Survey.Status.CLOSED)
    body = b"".join(
        staff.get(reverse("surveys:responses_export", args=[world.survey.pk])).streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == RESPONDENTS
    by_ticks = {_ticks(i): inv for i, inv in enumerate(world.order)}
    csv_truth = [by_ticks[frozenset(r["which"].split("; "))] for r in rows]
    assert sum(1 for k, inv in enumerate(csv_truth) if world.order[k] == inv) < CHANCE


# --- Leaky variants: each detector does link what the old code wrote -----------------------


def test_detectors_link_leaky_variants(monkeypatch, caplog, staff_user, user_kinds):
    """Sequential ids (and the export ordered by them), a date on the response, an unsealed
    journey, answers in the session, and logged 4xx paths: each detector links them."""
    world = World()
    world.send_invitations(monkeypatch)
    counter = iter(range(1, 10_000))
    id_field = Response._meta.get_field("id")
    id_field._get_default  # noqa: B018 - cached; patched below and restored afterwards
    monkeypatch.setattr(id_field, "_get_default", lambda: uuid.UUID(int=next(counter)))
    monkeypatch.setattr(respond, "_unlogged", lambda response: response)  # 4xx logged again
    caplog.set_level(logging.DEBUG)
    responding = [i.pk for i in world.invitations[:12]]
    unsealed = []

    def unseal(inv):
        # The journey as a design keyed by the link would have stored it.
        for row in SurveyJourney.objects.values():
            unsealed.append(row | {"sealed_link": services.hash_token(world.tokens[inv])})

    for n, inv in enumerate(responding):
        world.submit(inv, when=DAY0 + datetime.timedelta(days=n), pause=unseal)
    truth = world.truth()

    # Sequential ids: the id order is the submission order.
    assert _correct(by_order(sorted(truth), world.order), truth) == len(responding)
    # ...and so is the export's order, once the survey is closed (without the mix).
    Survey.objects.filter(pk=world.survey.pk).update(status=Survey.Status.CLOSED)
    staff = Client()
    staff.force_login(staff_user)
    body = b"".join(
        staff.get(reverse("surveys:responses_export", args=[world.survey.pk])).streaming_content
    ).decode("utf-8-sig")
    by_ticks = {_ticks(i): inv for i, inv in enumerate(world.order)}
    rows = [by_ticks[frozenset(r["which"].split("; "))] for r in csv.DictReader(io.StringIO(body))]
    assert rows == world.order
    # A day stored with each response (the old ``submitted_on``).
    dated = {rid: {"submitted_on": world.days[inv]} for rid, inv in truth.items()}
    assert _correct(by_dates(dated, world.days), truth) == len(responding)
    # An unsealed journey row names its invitation, beside the answers.
    assert len(by_identifiers(unsealed, identifiers(world))) == len(responding)
    # Answers kept in the session beside the user id, keyed by the link's hash (the old way).
    store = SessionStore()
    store["_auth_user_id"] = str(staff_user.pk)
    store[f"survey:{services.hash_token(world.tokens[responding[0]])}"] = {"1": "2"}
    store.save()
    decoded = [SessionStore().decode(s.session_data) for s in Session.objects.all()]
    assert by_identifiers(decoded, identifiers(world)) != {}
    # A used link opened again, with 4xx paths logged: the token is in the log.
    Client().get(f"/survey/{world.tokens[responding[0]]}/")
    assert by_logs(caplog.records, world) == {responding[0]}
    # Transaction ids before a mix: separate, but in the same order on both sides.
    if connection.vendor == "postgresql":
        assert _correct(_xmin_guess(world), truth) == len(responding)


# --- The same suite on SQLite ---------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("CCPL_UNLINKABILITY_SQLITE") == "1", reason="this is the SQLite run"
)
def test_the_suite_also_holds_on_sqlite(tmp_path):
    """Run this module again, in a subprocess, against a SQLite file in WAL mode."""
    db = tmp_path / "unlinkability.sqlite3"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "tests.surveys.sqlite_settings",
        "CCPL_UNLINKABILITY_SQLITE": "1",
        "CCPL_UNLINKABILITY_SQLITE_TEST_DB": str(tmp_path / "test.sqlite3"),
    }
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.surveys.sqlite_settings",
            str(Path(__file__).relative_to(root)),
            "-k",
            "not test_the_suite_also_holds_on_sqlite",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout, result.stdout[-2000:]
