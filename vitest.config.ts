import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests start a local Discord and a real bot; give them room on a 2-core machine.
// Bots the tests start as processes (npm start, the playground) load the curated 330-film catalog the tests are
// written against; tests/catalog/defaultCatalog.test.ts checks the large default itself.
const shared = { testTimeout: 20_000, hookTimeout: 30_000, env: { BUNDLED_CATALOG: 'curated' }, setupFiles: ['tests/support/shelves.ts'] };

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'lowdb', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.postgres.test.ts'], ...shared },
      },
      {
        // The storage contract and the domain suites again, on a real PostgreSQL server started once for the run:
        // every store they create through createMemoryGuildStore() is a PostgreSQL store in a schema of its own.
        test: {
          name: 'postgres',
          include: [
            'tests/**/*.postgres.test.ts',
            'tests/store/memoryStore.test.ts',
            'tests/club/**/*.test.ts',
            'tests/lists/**/*.test.ts',
            'tests/parties/**/*.test.ts',
            'tests/import/memberImport.test.ts',
            'tests/pending/**/*.test.ts',
            'tests/import/export.test.ts',
            'tests/recommend/recommender.test.ts',
            'tests/catalog/serverCatalog.test.ts',
            // End to end: the bot on the local Discord, its data in PostgreSQL (see tests/e2e/harness.ts).
            'tests/e2e/diary.test.ts',
            'tests/e2e/diaryEdit.test.ts',
            'tests/e2e/ratings.test.ts',
            'tests/e2e/lists.test.ts',
            'tests/e2e/parties.test.ts',
            'tests/e2e/listModeration.test.ts',
            'tests/e2e/partyModeration.test.ts',
            // 500 presses from 50 members against the bot in its own process, its data in PostgreSQL.
            'tests/e2e/diaryLoad.test.ts',
            'tests/e2e/pendingRestart.test.ts',
          ],
          globalSetup: ['tests/support/postgresGlobalSetup.ts'],
          alias: [{ find: /^.*\/store\/memoryStore\.js$/, replacement: fileURLToPath(new URL('tests/support/postgresMemoryStore.ts', import.meta.url)) }],
          // Every store is a fresh schema (created and migrated): property tests that open hundreds need room.
          ...shared,
          env: { ...shared.env, MARQUEE_TEST_STORE: 'postgres' },
          testTimeout: 60_000,
        },
      },
    ],
  },
});
