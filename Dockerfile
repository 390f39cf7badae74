# Mailroom's image. The build stage has the toolchain (better-sqlite3 compiles when no prebuilt
# binary fits) and runs scripts/image-install.sh, the same script the production smoke test
# runs; the runtime stage holds only what that script installed.

FROM node:22-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN sh scripts/image-install.sh /app

FROM node:22-slim
# Slack reaches PORT; health and metrics are on the admin port, for the cluster only.
ENV NODE_ENV=production \
    PORT=3000 \
    ADMIN_PORT=9100 \
    ADMIN_HOST=0.0.0.0 \
    DATABASE_PATH=/data/mailroom.db
WORKDIR /app
COPY --from=build --chown=root:root /app ./
RUN mkdir -p /data /backups && chown node:node /data /backups
USER node
VOLUME ["/data"]
EXPOSE 3000 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.ADMIN_PORT || process.env.PORT}/livez`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and receives SIGTERM itself: Mailroom finishes what it is sending and closes
# the database.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
