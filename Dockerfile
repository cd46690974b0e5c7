# Thaw in a container: Next's standalone output on Node 24 LTS, the Node the project is tested on.
# Build:  docker build -t thaw .
# Run:    docker run -p 3000:3000 -v thaw-data:/data -e THAW_SECRET_KEY=$(openssl rand -hex 32) thaw
# With PostgreSQL shared by several replicas, add -e DATABASE_URL=postgres://user:pass@host:5432/thaw

FROM node:24-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build

FROM node:24-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 THAW_DATA_DIR=/data
RUN groupadd --system thaw && useradd --system --gid thaw --home /app thaw && mkdir /data && chown thaw:thaw /data
COPY --from=build --chown=thaw:thaw /app/.next/standalone ./
COPY --from=build --chown=thaw:thaw /app/.next/static ./.next/static
COPY --from=build --chown=thaw:thaw /app/public ./public
USER thaw
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server.js"]
