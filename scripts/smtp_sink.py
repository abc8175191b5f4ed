"""A real SMTP server for the test command: every message it accepts is stored in a Maildir,
where tests read what was really delivered (``tests/mail.py``).

    python scripts/smtp_sink.py --port 2525 --maildir /tmp/x/mail [--pidfile /tmp/x/smtp.pid]

Runs until SIGTERM or SIGINT. ``scripts/test.sh`` starts one for the run (``EMAIL_URL``,
``SMTP_SINK_DIR``); outage tests start their own so that they can stop it.
"""

import argparse
import os
import signal
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--pidfile")
    options = parser.parse_args()
    # The Maildir is made by the handler (with its tmp/new/cur) when it does not exist yet.
    os.makedirs(os.path.dirname(os.path.abspath(options.maildir)), exist_ok=True)
    controller = Controller(Mailbox(options.maildir), hostname=options.host, port=options.port)
    controller.start()  # returns once the server accepts connections
    if options.pidfile:
        with open(options.pidfile, "w") as pidfile:
            pidfile.write(str(os.getpid()))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"SMTP sink on {options.host}:{options.port}, mail in {options.maildir}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
