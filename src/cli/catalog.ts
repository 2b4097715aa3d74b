import dotenv from 'dotenv';
import { runCatalogCli } from './catalogCommand.js';
import { runScript } from './io.js';

dotenv.config({ quiet: true });
// The real command prepares the bot's start-up cache after writing a catalog (see src/catalog/startupCache.ts).
runScript((argv, io) => runCatalogCli(argv, { ...io, startupCache: {} }));
