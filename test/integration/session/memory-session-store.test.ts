import { MemorySessionStore } from '../../../src/session/memory-session-store';
import type { SessionStore } from '../../../src/session/session-store';
import { runSessionStoreContract, type SessionStoreHarness } from './session-store.contract';

runSessionStoreContract('MemorySessionStore', (): SessionStoreHarness => {
  let clock = 1_700_000_000_000;
  const stores: SessionStore[] = [];
  return {
    sharesBackend: false,
    async make(namespace) {
      const store = new MemorySessionStore({ namespace, now: () => clock });
      stores.push(store);
      return store;
    },
    async elapse(ms) {
      clock += ms;
    },
    async cleanup() {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
});
