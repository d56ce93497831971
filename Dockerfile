# syntax=docker/dockerfile:1
#
# One image for every aiproxy process:
#   api     (default)   python -m api       migrations, then HTTP on $HOST:$PORT
#   worker              python -m workers   arq background worker
#   admin               python -m api.manage create-user --email E --password P [--admin]
# The API serves the web client at / from WEB_CLIENT_DIR; the client is built in a Node stage of its own and
# only its dist/ enters the image.

FROM node:20-bookworm-slim AS web-client
WORKDIR /src/frontend-client
# The dependencies first: this layer is reused until package-lock.json changes.
COPY frontend-client/package.json frontend-client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend-client ./
# The schema the client's GraphQL types are generated from.
COPY api/schema/schema.graphql /src/api/schema/schema.graphql
RUN npm run build

FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/data \
    WEB_CLIENT_DIR=/app/frontend-client/dist

# Unprivileged runtime user; /data is the only directory it writes to.
RUN groupadd --system --gid 10001 aiproxy \
    && useradd --system --uid 10001 --gid aiproxy --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin aiproxy \
    && mkdir -p /data \
    && chown aiproxy:aiproxy /data

WORKDIR /app

COPY pyproject.toml ./
COPY api ./api
COPY domain ./domain
COPY infra ./infra
COPY workers ./workers
COPY aitestmock ./aitestmock
COPY cli ./cli
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info
# GraphiQL's browser assets (api/graphiql/assets.toml) and the text overlays' fonts with their licences
# (infra/fonts/fonts.toml), pinned by hash: fetched and verified at build time, so nothing is fetched at run time.
RUN python -m api.graphiql install \
    && python -m infra.fonts install

# The built web client, where WEB_CLIENT_DIR points.
COPY --from=web-client /src/frontend-client/dist ./frontend-client/dist

# Needed at runtime in the working directory: `python -m api` runs the migrations on start.
COPY migrations ./migrations
COPY alembic.ini ./

USER aiproxy

EXPOSE 8000

# Liveness only (no dependency checks). The worker does not serve HTTP: docker-compose.yml disables this for it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)" || exit 1

CMD ["python", "-m", "api"]
