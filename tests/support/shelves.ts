// Every feature's shelves are declared before a test opens a store, as the bot and the tools do (src/shelves.ts).
import '../../src/shelves.js';
