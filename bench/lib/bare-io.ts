// The ceiling for caption fan-out: a bare Socket.IO server (node:http, default options) on which a `send`
// from a `/captions` socket becomes a cue emitted to every `/viewer` socket with a plain namespace-wide
// `emit`, then acked. No session, no validation, no database, no room: the same payload and the same two
// socket hops as fangtan's path, with nothing of fangtan's in between. Run by bench/captions.ts; env PORT.
import http from 'node:http';
import { Server } from 'socket.io';
import type { CuePublic } from '../../shared/schemas/caption.js';

const server = http.createServer((_req, res) => res.writeHead(404).end());
const io = new Server(server, { serveClient: false });
const viewers = io.of('/viewer');
const started = Date.now();
let id = 0;

io.of('/captions').on('connection', (socket) => {
  socket.on('send', (p: { text: string; speaker: CuePublic['speaker']; track?: string; final?: boolean }, ack?: (r: unknown) => void) => {
    id++;
    // The shape fangtan's viewers get (shared/schemas/caption.ts), so the bytes on the wire are alike.
    const cue: CuePublic = {
      id,
      track: p.track ?? 'zh-CN',
      seq: id,
      speaker: p.speaker,
      text: p.text,
      final: p.final !== false,
      startMs: Date.now() - started - 1500,
      ...(p.final !== false && { endMs: Date.now() - started }),
      at: new Date().toISOString(),
      source: 'desk',
      revised: false,
    };
    viewers.emit('cue', cue);
    ack?.({ ok: true, data: cue });
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`bare socket.io ready: http://127.0.0.1:${process.env.PORT}\n`));
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
