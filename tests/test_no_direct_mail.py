"""E-mail goes through the outbox (``ccpl.services.email_queue``) and is sent only by
``ccpl.services.email_send`` in the worker, so a mail-relay or broker outage loses nothing and
staff see every message's fate. The one exception: survey invitations and reminders, whose
personal links must exist only in the e-mail (docs/adr/0003), are sent by their worker task
(``surveys.services._links_send``, itself queued through the outbox). And one fallback:
``ccpl.adapters.AccountAdapter.send_mail`` hands allauth an e-mail carrying a secret of its own
(a confirmation key, a sign-in code; features this service does not switch on), or a password
reset while CCPL_SITE_URL is unset, to allauth's own in-request sending (docs/security.md);
every other account e-mail it queues (tests/ccpl/test_accounts.py)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    ("ccpl/services.py", "email_send"),
    ("surveys/services.py", "_links_send"),
    ("ccpl/adapters.py", "send_mail"),
}
SENDERS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage"}
SENDERS |= {"EmailMultiAlternatives", "send_messages"}


def _direct_senders():
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "node_modules/", "tests/")) or "/migrations/" in rel:
            continue
        tree = ast.parse(path.read_text(), filename=rel)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                    if name in SENDERS:
                        found.add((rel, function.name))
    return found


def test_only_the_worker_sends_mail():
    assert _direct_senders() <= ALLOWED, _direct_senders() - ALLOWED
    assert ("ccpl/services.py", "email_send") in _direct_senders()  # the check sees it
