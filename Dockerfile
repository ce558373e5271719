# One image for every role: `start` (default), `serve`, `worker`, `demo`, `find ...`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Lockfile first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY workers ./workers
COPY config ./config
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only read by the app, which runs as `node`: the code cannot be rewritten at runtime.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
# config/ is TypeScript, so its defaults ship compiled in dist/config.
COPY --from=build /app/dist ./dist
RUN printf '#!/bin/sh\nexec node /app/dist/src/cli.js "$@"\n' > /usr/local/bin/gpu-radar \
 && chmod 0755 /usr/local/bin/gpu-radar
# The node image's `node` user, by number: Kubernetes' runAsNonRoot cannot check a name.
USER 1000:1000
EXPOSE 8080
# Slim images have no curl; Node 20 has fetch. Only `start`, `serve` and `demo` serve HTTP:
# a `worker` container should disable this (docker-compose.yml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/src/cli.js"]
CMD ["start"]
