"""The one place configuration is read from the environment.

Every setting that comes from outside goes through ``env``; it remembers each
variable name read, so a test can prove that what docker-compose sets is read.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class RecordingEnv(environ.Env):
    read_names: set[str] = set()

    def get_value(self, var, *args, **kwargs):
        RecordingEnv.read_names.add(var)
        return super().get_value(var, *args, **kwargs)


env = RecordingEnv()
