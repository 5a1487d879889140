import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../shared/errors.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Requests a portal's proxy, a scanner or a broken script can send, each below the app's routes: the
 * router, the body parser or Node's own HTTP parser refuses them. Every answer must still be the
 * contract's `{ error, message, fields? }`, with a stable code and the message in the asker's language.
 */
let server: TestServer;
let port = 0;

beforeAll(async () => {
  server = await startServer();
  port = Number(new URL(server.url).port);
});
afterAll(async () => server?.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are (fetch would refuse most of these) and reads the answer until the server closes. */
function raw(request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    // The server may reset a connection it refused after writing its answer; what it wrote still counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let body = text.slice(split + 4);
      // Fastify answers small bodies with a length and streams larger ones chunked; read either.
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.write(request);
  });
}

function dechunk(s: string): string {
  let out = '';
  let rest = s;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

const head = (lang: string | null, extra = '') =>
  `Host: 127.0.0.1\r\n${lang ? `Accept-Language: ${lang}\r\n` : ''}${extra}Connection: close\r\n`;
const post = (path: string, type: string, body: string, lang: string | null) =>
  `POST ${path} HTTP/1.1\r\n${head(lang, `Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`)}\r\n${body}`;

/** One malformed request per kind of refusal, by the code it must carry and the status it must answer. */
const CASES: Array<{ name: string; code: string; status: number; request: (lang: string | null) => string }> = [
  {
    name: 'a path parameter over the router limit (a 101-character slug)',
    code: 'uri_too_long',
    status: 414,
    request: (l) => `GET /api/interviews/${'a'.repeat(101)}/questions HTTP/1.1\r\n${head(l)}\r\n`,
  },
  {
    name: 'a URL longer than Node accepts for the request head (20 KB)',
    code: 'uri_too_long',
    status: 414,
    request: (l) => `GET /api/interviews?x=${'a'.repeat(20_000)} HTTP/1.1\r\n${head(l)}\r\n`,
  },
  {
    name: 'headers larger than Node accepts (20 KB)',
    code: 'headers_too_large',
    status: 431,
    request: (l) => `GET /api/interviews HTTP/1.1\r\n${head(l, `X-Padding: ${'a'.repeat(20_000)}\r\n`)}\r\n`,
  },
  {
    name: 'a URL with a broken percent-encoding',
    code: 'bad_request',
    status: 400,
    request: (l) => `GET /api/interviews/%%/questions HTTP/1.1\r\n${head(l)}\r\n`,
  },
  {
    name: 'a method nobody speaks',
    code: 'method_not_allowed',
    status: 405,
    request: (l) => `FOO /api/interviews HTTP/1.1\r\n${head(l)}\r\n`,
  },
  {
    name: 'a request line in an HTTP version that does not exist',
    code: 'bad_request',
    status: 400,
    request: (l) => `GET /api/interviews HTTP/9.9\r\n${head(l)}\r\n`,
  },
  {
    name: 'malformed JSON',
    code: 'bad_request',
    status: 400,
    request: (l) => post('/api/interviews/demo/questions', 'application/json', '{"content": "未闭合', l),
  },
  {
    name: 'JSON with a prototype-poisoning key',
    code: 'bad_request',
    status: 400,
    request: (l) => post('/api/interviews/demo/questions', 'application/json', '{"__proto__": {"x": 1}, "content": "原型"}', l),
  },
  {
    name: 'an empty body declared as JSON',
    code: 'bad_request',
    status: 400,
    request: (l) => post('/api/interviews/demo/questions', 'application/json', '', l),
  },
  {
    name: 'a form instead of JSON',
    code: 'unsupported_media_type',
    status: 415,
    request: (l) => post('/api/interviews/demo/questions', 'application/x-www-form-urlencoded', 'content=x', l),
  },
  {
    name: 'a body over the 64 KB limit',
    code: 'payload_too_large',
    status: 413,
    request: (l) => post('/api/interviews/demo/questions', 'application/json', JSON.stringify({ content: '问'.repeat(30_000) }), l),
  },
  {
    name: 'an unknown address',
    code: 'not_found',
    status: 404,
    request: (l) => `GET /api/nothing-here HTTP/1.1\r\n${head(l)}\r\n`,
  },
];

const HAN = /\p{Script=Han}/u;

describe('every refusal answers the error contract, in the asker’s language', () => {
  it.each(CASES)('$name → $status $code', async ({ code, status, request }) => {
    const answers = { default: await raw(request(null)), zh: await raw(request('zh-CN,zh;q=0.9')), en: await raw(request('en-US,en;q=0.8')) };
    for (const [lang, a] of Object.entries(answers)) {
      expect(a.status, lang).toBe(status);
      expect(a.headers['content-type'], lang).toMatch(/^application\/json/);
      // Exactly the contract: a stable code and a message, nothing of Fastify's own shape (statusCode, code).
      const body = ErrorBody.strict().parse(JSON.parse(a.body));
      expect(body.error, lang).toBe(code);
      expect(body.message.length, lang).toBeGreaterThan(0);
    }
    const zh = ErrorBody.parse(JSON.parse(answers.zh.body)).message;
    const en = ErrorBody.parse(JSON.parse(answers.en.body)).message;
    expect(ErrorBody.parse(JSON.parse(answers.default.body)).message).toBe(zh);
    expect(zh).toMatch(HAN);
    expect(en).not.toMatch(HAN);
    expect(en).not.toBe(zh);
  });

  it('keeps serving after every one of them', async () => {
    const r = await fetch(`${server.url}/api/interviews/demo`);
    expect(r.status).toBe(200);
  });
});
