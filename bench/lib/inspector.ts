// Reads the V8 heap of another node process through its inspector (the server is started with
// --inspect=127.0.0.1:0, which prints "Debugger listening on ws://…"). No server code change needed.
// Uses `ws`, which socket.io itself depends on.
import WebSocket from 'ws';

export interface Inspector {
  /** Full GC, then V8 heap used/total in bytes. */
  heapAfterGc(): Promise<{ used: number; total: number }>;
  /** Starts V8's sampling CPU profiler in the target process. */
  startProfile(): Promise<void>;
  /** Stops it and returns the profile (the .cpuprofile JSON object). */
  stopProfile(): Promise<object>;
  close(): void;
}

/** The inspector's WebSocket address from the lines a process wrote to stderr. */
export function inspectorUrl(stderr: readonly string[]): string | undefined {
  for (const line of stderr) {
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

export async function connectInspector(url: string): Promise<Inspector> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = next++;
      waiting.set(id, (r) => resolve(r as T));
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async heapAfterGc() {
      await call('HeapProfiler.collectGarbage');
      const r = await call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
      return { used: r.usedSize, total: r.totalSize };
    },
    async startProfile() {
      await call('Profiler.enable');
      await call('Profiler.start');
    },
    async stopProfile() {
      const r = await call<{ profile: object }>('Profiler.stop');
      return r.profile;
    },
    close: () => ws.close(),
  };
}
