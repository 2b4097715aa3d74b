import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { describeGuildStoreContract } from './contract.js';

describeGuildStoreContract('memory', async () => createMemoryGuildStore());
