import dotenv from 'dotenv';
import { runBackupCli } from './backupCommand.js';
import { runScript } from './io.js';

dotenv.config({ quiet: true });
runScript(runBackupCli);
