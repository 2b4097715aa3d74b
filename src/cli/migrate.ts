import dotenv from 'dotenv';
import { runScript } from './io.js';
import { runMigrateCli } from './migrateCommand.js';

dotenv.config({ quiet: true });
runScript(runMigrateCli);
