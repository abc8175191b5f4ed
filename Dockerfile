# Production image: gunicorn web, Celery worker and Celery beat all run from it
# (see docker-compose.yml). Build: docker build -t ccpl-manager .

# --- Front end: nhsuk-frontend compiled into static/dist --------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build

# --- Application -------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ccpl.settings.production

# WeasyPrint's libraries, and fonts with Arial's metrics for the PDFs.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 ccpl \
    && useradd --system --uid 10001 --gid ccpl --home-dir /app --shell /usr/sbin/nologin ccpl

WORKDIR /app
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .
COPY . .
COPY --from=assets /build/static/dist ./static/dist

# collectstatic needs the production settings to import; this key exists only for this step.
RUN SECRET_KEY=collectstatic-only-not-used-at-run-time-0123456789abcdefghijklmnop \
    CCPL_VAR_DIR=/tmp/ccpl-build CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput \
    && rm -rf /tmp/ccpl-build \
    && mkdir -p /app/var /data/private \
    && chown -R ccpl:ccpl /app/var /data/private

USER ccpl
EXPOSE 8000
CMD ["gunicorn", "ccpl.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
