# csto_press web image: gunicorn serving Django with the production settings.
#   docker compose build            (README "Operations")
# Stage 1 builds the virtualenv from requirements.lock (exact versions, hashes checked);
# stage 2 is the slim runtime, with the static files collected at build time and a non-root
# user. No "# syntax=" line: the builder's own Dockerfile frontend is enough, and fetching
# one needs a registry.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Only the runtime dependencies, exactly as locked (`make lock` regenerates the lock from
# pyproject.toml, for any Python 3.11): every file's hash is checked and nothing unlisted is
# pulled in; `pip check` fails the build if the lock misses what this interpreter needs. A
# layer of their own, so a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock \
    && pip check


FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=csto_press.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/media \
    GUNICORN_BIND=0.0.0.0:8000

RUN groupadd --system --gid 10001 csto \
    && useradd --system --uid 10001 --gid csto --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin csto

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY . .

# The interface translations are compiled here (pure Python; the .mo files are not in git).
# Both commands need the production settings to import, so they get throwaway values that
# live only for this RUN: none of them is in the image's environment or layers' config.
# The app user owns staticfiles/ and media/: the `migrate` one-shot re-collects into the
# shared static volume (seeded from this folder), and web writes uploads to media/.
RUN DJANGO_SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build@127.0.0.1:1/build \
    REDIS_URL=redis://127.0.0.1:1/0 \
    CELERY_BROKER_URL=redis://127.0.0.1:1/1 \
    sh -c 'python manage.py compile_translations && python manage.py collectstatic --noinput' \
    && mkdir -p /app/media \
    && chown -R csto:csto /app/staticfiles /app/media

USER csto
EXPOSE 8000
# Liveness only (no database): compose adds a readiness check on /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "/healthz"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "csto_press.wsgi"]
