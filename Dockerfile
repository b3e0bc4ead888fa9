# One image for web, worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
RUN useradd --create-home --uid 1000 doorbraak
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# PYTHONDONTWRITEBYTECODE keeps processes from writing bytecode, so compile it once here: every
# process start (web, worker, `manage.py screen` per batch) otherwise compiles the project anew.
RUN python -m compileall -q config core casework regulations breakthroughs signals retention hub
# collectstatic needs settings that production would otherwise require from the environment.
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=redis://build:6379/0 BSN_ENCRYPTION_KEYS=ZGV2LW9ubHktYnNuLWtleS0zMi1ieXRlcy1sb25nISE= \
    BSN_HASH_KEY=build AUDIT_SUBJECT_KEY=build python manage.py collectstatic --noinput
USER doorbraak
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "--bind", "0.0.0.0:8000"]
