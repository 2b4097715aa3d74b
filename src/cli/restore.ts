import dotenv from 'dotenv';
import { runRestoreCli } from './backupCommand.js';
import { runScript } from './io.js';

dotenv.config({ quiet: true });
runScript(runRestoreCli);
