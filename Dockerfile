# One image for the API and the worker (docker-compose.yml runs it with different commands).
# The web app is built in a first stage (its tools are devDependencies) and copied in.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
RUN node node_modules/vite/bin/vite.js build --config web/vite.config.ts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
COPY --from=web /app/dist/web ./dist/web
RUN npx prisma generate && mkdir -p data/uploads && chown node data/uploads
USER node
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
