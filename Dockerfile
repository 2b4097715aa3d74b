# Marquee bot image (also runs the REST proxy: `npm run rest-proxy`). Build: docker build -t marquee .
# The bot runs from TypeScript through tsx, as `npm start` does; no build step.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx (a dev dependency) is what runs the bot, so dev dependencies stay; no install script is needed at run time.
RUN npm ci --ignore-scripts && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY data/films.json data/catalog.json.gz ./data/
# The embedded store's files (when DATABASE_URL is not set) go to a volume, never into the image.
ENV DATA_DIR=/var/lib/marquee
RUN mkdir -p /var/lib/marquee && chown node:node /var/lib/marquee
USER node
# METRICS_PORT, when set, serves /healthz: the orchestrator's health check (compose.yaml uses it).
CMD ["npx", "tsx", "src/main.ts"]
