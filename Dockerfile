# Production image: gunicorn serves Django; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=sen_portal.settings.production
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies only (their layer is cached until pyproject.toml changes); the code is
# copied once, below, and run from /app, never installed as a second copy.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
COPY . .
COPY --from=assets /app/static/build static/build
COPY --from=assets /app/node_modules/govuk-frontend/dist/govuk node_modules/govuk-frontend/dist/govuk
COPY --from=assets /app/node_modules/@ministryofjustice/frontend/moj node_modules/@ministryofjustice/frontend/moj
# collectstatic needs settings but no secrets or database.
RUN DJANGO_SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput
RUN useradd --create-home --uid 10001 sen
USER sen
EXPOSE 8000
CMD ["gunicorn", "sen_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
