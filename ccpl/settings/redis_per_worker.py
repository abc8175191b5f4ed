"""Redis database numbers per pytest-xdist worker (used by ccpl.settings.test only)."""

from urllib.parse import urlsplit, urlunsplit

# scripts/test.sh starts Redis with this many databases (Redis's default is 16).
REDIS_DATABASES = 64


def redis_url_for_worker(url: str, database: int) -> str:
    """The same Redis address with its database number replaced by ``database``."""
    if not 0 <= database < REDIS_DATABASES:
        raise ValueError(
            f"Redis database {database} for this pytest-xdist worker is beyond the "
            f"{REDIS_DATABASES} databases scripts/test.sh starts Redis with: use fewer workers"
        )
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))
