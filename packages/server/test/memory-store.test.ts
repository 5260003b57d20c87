import { createMemoryStore } from '@vuln-report/server-stub/core';
import { describeStoreContract } from './store-contract.ts';

// The reference: the stub's in-memory store, which the database stores must match.
describeStoreContract('the in-memory store', async () => ({ store: createMemoryStore() }));
