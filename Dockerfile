# One image for the API and the worker (docker-compose.yml runs it with different commands),
# built in stages: the build stage (all dependencies) compiles the TypeScript to dist/, builds the
# workflow bundle ahead of time (npm run build) and generates the Prisma client; the runtime stage
# holds the production dependencies and dist/ only (with the web app in dist/web), and runs plain
# node: no tsx, no webpack at start.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
# The generated client (generated/prisma) is TypeScript: tsc compiles it into dist/generated.
# The web app (its tools are devDependencies) is built into dist/web.
RUN npx prisma generate && npm run build && npm run build:web

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/generated ./generated
RUN mkdir -p data/uploads && chown node data/uploads
USER node
EXPOSE 3000
# The worker: node dist/worker/main.js (it loads dist/workflow-bundle.js).
CMD ["node", "dist/api/main.js"]
