/** How a participant's media connection reads to a director, instead of mediasoup's `ice/dtls` pair. */
export type ConnectionKind = 'connected' | 'connecting' | 'unstable' | 'failed' | 'noMedia' | 'offline';

/**
 * Classifies the server's connection figure: `completed/connected` (ICE state / DTLS state) as
 * connected, `new/new` and `checking/…` as connecting, `disconnected/…` as a line that dropped and may
 * recover, `failed`/`closed` as failed; `no-transport` is someone connected who publishes nothing yet,
 * `disconnected` someone whose page is gone.
 */
export function connectionKind(state: string): ConnectionKind {
  if (state === 'disconnected') return 'offline';
  if (state === 'no-transport') return 'noMedia';
  const [ice = '', dtls = ''] = state.split('/');
  if (ice === 'closed' || dtls === 'failed' || dtls === 'closed') return 'failed';
  if (ice === 'disconnected') return 'unstable';
  if ((ice === 'connected' || ice === 'completed') && dtls === 'connected') return 'connected';
  return 'connecting';
}
