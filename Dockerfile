# Motcua's worker and API image: one image, two commands (compose.yaml and the Kubernetes notes in
# temporal-config/production/README.md run it as either). Build from the repository root:
#   docker build -t motcua:0.1.0 .
# glibc (bookworm), not Alpine: the Temporal SDK's native core ships prebuilt for glibc Linux.
FROM node:20.20.2-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    MOTCUA_DATA_DIR=/var/lib/motcua \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    HOST=0.0.0.0

# Dependencies first, from the lock file only, so a code change reuses this layer. tsx is a runtime dependency: the
# processes run the TypeScript sources as `npm run worker` / `npm run api` do.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
# The workflow bundle is built once here, so every worker runs exactly the code that was built (and replay-tested).
# The data directory exists, owned by the runtime user, so a volume mounted on it (calendar notices) starts writable.
RUN node --import tsx temporal-config/build-workflow-bundle.ts "$WORKFLOW_BUNDLE_PATH" \
  && mkdir -p "$MOTCUA_DATA_DIR/calendar-notices" && chown -R node:node "$MOTCUA_DATA_DIR"

USER node
EXPOSE 3000
# `npm run worker` without npm in between: SIGTERM from the orchestrator reaches the process itself, which finishes
# its in-flight tasks before exiting (temporal-config/services.ts onShutdownSignal). The API: `npm run api` likewise,
#   command: ["node", "--import", "tsx", "api/server.ts"]
CMD ["node", "--import", "tsx", "temporal-config/worker-main.ts"]
