# Marquee bot image (also runs the REST proxy: `npm run rest-proxy`). Build: docker build -t marquee .
# The bot runs compiled to JavaScript (dist/, `npm run build`), as `npm start` does: a restart does not pay for
# compiling TypeScript on the fly.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Dev dependencies stay: esbuild compiles the bot, tsx runs the command-line tools; no install script is needed.
RUN npm ci --ignore-scripts && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY data/films.json data/catalog.json.gz data/catalog.aliases.json ./data/
COPY scripts/build.mjs ./scripts/
RUN node scripts/build.mjs
# The embedded store's files (when DATABASE_URL is not set) go to a volume, never into the image.
ENV DATA_DIR=/var/lib/marquee
RUN mkdir -p /var/lib/marquee && chown node:node /var/lib/marquee
USER node
# METRICS_PORT, when set, serves /healthz: the orchestrator's health check (compose.yaml uses it).
CMD ["node", "--max-semi-space-size=4", "dist/src/main.js"]
