import type { Fault, ProgramReceiver, ReceiverStats } from './receiver.js';

/** What browser tests read from the page: receive totals, and faults to recover from. */
export interface PlayerTestHook {
  stats(): Promise<ReceiverStats>;
  simulate(fault: Fault): void;
}

declare global {
  interface Window {
    __fangtanPlayer?: PlayerTestHook;
  }
}

/** Puts `window.__fangtanPlayer` on the page while the receiver lives; returns a function that removes it. */
export function exposeForTests(receiver: ProgramReceiver): () => void {
  const hook: PlayerTestHook = {
    stats: () => receiver.stats(),
    simulate: (fault) => receiver.simulate(fault),
  };
  window.__fangtanPlayer = hook;
  return () => {
    if (window.__fangtanPlayer === hook) delete window.__fangtanPlayer;
  };
}
