import type { types } from 'mediasoup';
import type { MediaSource } from '../../shared/media.js';

export type PeerKind = 'viewer' | 'staff' | 'guest';

/** One socket's media: its transports, producers and consumers, all closed together when it leaves. */
export class Peer {
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer>();
  readonly consumers = new Map<string, types.Consumer>();
  closed = false;

  constructor(
    readonly id: string,
    readonly kind: PeerKind,
    /** The router this peer's transports live on: the stage router, or a viewer router. */
    readonly router: types.Router,
    /** Stable across reconnects, so a program survives a dropped guest: `u:<userId>` or `g:<inviteId>`. */
    readonly participantId: string | null,
    readonly name: string,
    /** 职务 for the lower third: the staff account's title, or the guest's from the interview's guest list. */
    readonly title: string = '',
  ) {}

  transport(id: string): types.WebRtcTransport | undefined {
    return this.transports.get(id);
  }

  producerFor(source: MediaSource): types.Producer | undefined {
    for (const p of this.producers.values()) if ((p.appData as { source?: string }).source === source) return p;
    return undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Closing a transport closes its producers and consumers with it.
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}
