// The ceiling for question intake: a bare node:http server that stores the same `questions` row as
// fangtan (same columns, indexes, unique ticket hash; WAL, synchronous NORMAL unless DB_SYNCHRONOUS=FULL)
// with one prepared INSERT per request and answers 201 {id, status, ticket}. No framework, no
// validation library, no screening, no audit row: what this machine can do for the bare write.
// Run by bench/intake.ts; env DATA_DIR and PORT.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import SQLite from 'better-sqlite3';

const db = new SQLite(path.join(process.env.DATA_DIR ?? '.', 'ceiling.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${process.env.DB_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
db.pragma('foreign_keys = ON');
db.exec(`
  CREATE TABLE interviews (id INTEGER PRIMARY KEY AUTOINCREMENT, slug TEXT NOT NULL UNIQUE);
  INSERT INTO interviews (slug) VALUES ('demo');
  CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id INTEGER NOT NULL REFERENCES interviews(id),
    original_content TEXT NOT NULL, public_content TEXT NOT NULL, nickname TEXT NOT NULL, contact TEXT,
    ticket_hash TEXT NOT NULL UNIQUE, status TEXT NOT NULL, flags TEXT NOT NULL, reason TEXT,
    merged_into INTEGER, queue_position INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    answered_at TEXT);
  CREATE INDEX questions_interview ON questions (interview_id, status);
`);
const insert = db.prepare(`INSERT INTO questions (interview_id, original_content, public_content, nickname, contact,
  ticket_hash, status, flags, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`);
const noFlags = JSON.stringify({ sensitiveWords: [], personalData: [], duplicateOf: null, similarity: null });

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/interviews/demo/questions') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: { content?: unknown; nickname?: unknown; contact?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (typeof body.content !== 'string' || body.content.length === 0) {
      res.writeHead(400).end();
      return;
    }
    const ticket = randomBytes(24).toString('base64url');
    const now = new Date().toISOString();
    const nickname = typeof body.nickname === 'string' ? body.nickname : '';
    const contact = typeof body.contact === 'string' ? body.contact : null;
    const ticketHash = createHash('sha256').update(ticket).digest('base64url');
    // Autocommit: the statement is its own transaction, committed (in the WAL) before run() returns.
    const r = insert.run(body.content, body.content, nickname, contact, ticketHash, noFlags, now, now);
    const out = JSON.stringify({ id: Number(r.lastInsertRowid), status: 'pending', ticket });
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) }).end(out);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`ceiling ready: http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => (db.close(), process.exit(0)));
  server.closeAllConnections();
});
