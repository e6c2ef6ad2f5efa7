# One image for the API and the worker (docker-compose.yml runs it with different commands).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx prisma generate
USER node
EXPOSE 3000
CMD ["npx", "tsx", "api/main.ts"]
