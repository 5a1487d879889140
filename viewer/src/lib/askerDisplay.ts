import type { AskerStatus, TicketMergedInto } from './contract.js';

/** What the asker is told of a question at a glance: its status, with "on air" and "merged" told apart. */
export type AskerDisplay = AskerStatus | 'on_air' | 'merged';

/** The display status of an asker's question, or of the question it was merged with. */
export function askerDisplay(q: { status: AskerStatus; onAir: boolean; mergedInto?: TicketMergedInto | null }): AskerDisplay {
  if (q.mergedInto) return 'merged';
  if (q.onAir) return 'on_air';
  return q.status;
}
