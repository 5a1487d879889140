// The ceiling for replay serving: a bare Fastify with @fastify/static serving one folder, the same options
// fangtan's /records route gives reply.sendFile (ranges, a year's immutable cache), and nothing else: no
// interview, no publication lookup, no helmet, no hooks. Run by bench/replay.ts; env PORT, ROOT.
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
await app.register(fastifyStatic, { root: process.env.ROOT!, prefix: '/', maxAge: 365 * 24 * 3600_000, immutable: true, acceptRanges: true, index: false });
const address = await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write(`bare static ready: ${address}\n`);
