# One image for the API and the worker (docker-compose.yml runs it with different commands),
# built in stages: the build stage (all dependencies) compiles the TypeScript to dist/, builds the
# workflow bundle ahead of time (npm run build) and generates the Prisma client; the runtime stage
# holds the production dependencies and dist/ only, and runs plain node: no tsx, no webpack at start.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
# The generated client (generated/prisma) is TypeScript: tsc compiles it into dist/generated.
RUN npx prisma generate && npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/generated ./generated
USER node
EXPOSE 3000
# The worker: node dist/worker/main.js (it loads dist/workflow-bundle.js).
CMD ["node", "dist/api/main.js"]
