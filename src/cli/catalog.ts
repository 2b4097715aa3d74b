import dotenv from 'dotenv';
import { runCatalogCli } from './catalogCommand.js';
import { runScript } from './io.js';

dotenv.config({ quiet: true });
runScript(runCatalogCli);
