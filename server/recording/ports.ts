import dgram from 'node:dgram';

/**
 * Local UDP port pairs for the recorders (RTP on an even port, RTCP on the next). Each pair is checked free
 * by binding both first: mediasoup, another recorder or another program may hold one. The search starts at a
 * random pair so two servers on one machine rarely try the same one.
 */
export class PortPairs {
  private readonly taken = new Set<number>();
  private next: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    const pairs = Math.floor((max - min) / 2);
    this.next = min + 2 * Math.floor(Math.random() * pairs);
  }

  async take(): Promise<number> {
    const first = this.min % 2 === 0 ? this.min : this.min + 1;
    const count = Math.floor((this.max - first) / 2);
    for (let i = 0; i < count; i++) {
      const port = first + 2 * ((Math.floor((this.next - first) / 2) + i) % count);
      if (this.taken.has(port)) continue;
      if ((await free(port)) && (await free(port + 1))) {
        this.taken.add(port);
        this.next = port + 2;
        return port;
      }
    }
    throw new Error('no free recording port');
  }

  release(port: number): void {
    this.taken.delete(port);
  }
}

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });
}
