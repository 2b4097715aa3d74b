import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Bots the tests start as processes (npm start, the playground) load the curated 330-film catalog the
    // tests are written against; tests/catalog/defaultCatalog.test.ts checks the large default itself.
    env: { BUNDLED_CATALOG: 'curated' },
    // End-to-end tests start a local Discord and a real bot; give them room on a 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
