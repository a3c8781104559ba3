# Matchmaker: one image for the API (gunicorn), the Celery workers and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    MATCHMAKER_ENV=production MATCHMAKER_INSTANCE_DIR=/app/instance

WORKDIR /app
COPY pyproject.toml README.md gunicorn.conf.py ./
COPY config ./config
COPY matchmaker ./matchmaker
COPY workers ./workers
RUN pip install . \
    && useradd --create-home --uid 10001 matchmaker \
    && mkdir -p /app/instance \
    && chown matchmaker:matchmaker /app/instance

USER matchmaker
EXPOSE 8000
CMD ["gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "matchmaker:create_app()"]
