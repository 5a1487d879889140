#!/usr/bin/env node
// Builds the mediasoup 3.8.4 worker binary from the sources vendored in its npm tarball, offline,
// and caches it outside node_modules so that a later `npm ci` (which deletes node_modules) is fast.
//
// Run from the project's own "postinstall". mediasoup's own postinstall is denied in package.json
// ("allowScripts": { "mediasoup": false }): unpatched, it fails on this machine (gyp needs python2 or
// a fixed Python 3 gyp; vendored abseil does not compile against glibc >= 2.34).
//
// Result: node_modules/mediasoup/worker/out/Release/mediasoup-worker, where mediasoup's lib/Worker.js
// looks by default (no MEDIASOUP_WORKER_BIN needed).
//
// Environment (all optional):
//   MEDIASOUP_WORKER_CACHE_DIR    cache folder (default: $XDG_CACHE_HOME or ~/.cache, then /mediasoup-worker)
//   MEDIASOUP_WORKER_NO_CACHE=1   neither read nor write the cache
//   MEDIASOUP_WORKER_FORCE_BUILD=1  rebuild even if a matching binary is cached or present (also: --force)
//   MEDIASOUP_WORKER_BUILD_JOBS   parallel compile jobs (default: os.availableParallelism())
//   MEDIASOUP_WORKER_VERBOSE=1    stream the compiler output instead of writing it to a log file
//   MEDIASOUP_WORKER_SKIP_BUILD=1 do nothing (e.g. a job that never starts a worker)
//   PYTHON                        Python 3 to run gyp with (default: python3)
// Uses Node built-ins only.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_VERSION = '3.8.4';
const BIN_NAME = 'mediasoup-worker';
const STAMP_NAME = 'mediasoup-worker.stamp.json';

// Each patch: `before` must occur exactly once (it is replaced by `after`), or `after` must already be
// there and `before` not (already applied). Anything else fails the install loudly.
const PATCHES = [
  {
    why: 'gyp: collections.MutableSet was removed in Python 3.10',
    file: 'worker/deps/gyp/pylib/gyp/common.py',
    before: 'class OrderedSet(collections.MutableSet):\n',
    after: 'class OrderedSet(collections.abc.MutableSet):\n',
  },
  {
    // `import collections` alone does not bind collections.abc (Debian's /usr/bin/python3 -c
    // 'import collections; collections.abc' fails); make the fix above independent of import order.
    why: 'gyp: import collections.abc explicitly',
    file: 'worker/deps/gyp/pylib/gyp/common.py',
    before: '\nimport collections\nimport errno\n',
    after: '\nimport collections\nimport collections.abc\nimport errno\n',
  },
  {
    why: 'abseil: SIGSTKSZ is not a constant with glibc >= 2.34',
    file: 'worker/deps/libwebrtc/deps/abseil-cpp/abseil-cpp/absl/debugging/failure_signal_handler.cc',
    before: 'size_t stack_size = (std::max(SIGSTKSZ, 65536) + page_mask) & ~page_mask;\n',
    after: 'size_t stack_size = (std::max<size_t>(SIGSTKSZ, 65536) + page_mask) & ~page_mask;\n',
  },
];

const log = (msg) => console.log(`[mediasoup-worker] ${msg}`);
const fail = (msg) => {
  console.error(`[mediasoup-worker] ERROR: ${msg}`);
  process.exit(1);
};
const envFlag = (name) => /^(1|true|yes)$/i.test(process.env[name] ?? '');

if (envFlag('MEDIASOUP_WORKER_SKIP_BUILD')) {
  log('MEDIASOUP_WORKER_SKIP_BUILD is set: skipping');
  process.exit(0);
}

const force = envFlag('MEDIASOUP_WORKER_FORCE_BUILD') || process.argv.includes('--force');
const useCache = !envFlag('MEDIASOUP_WORKER_NO_CACHE');
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// --- Locate mediasoup ------------------------------------------------------------------------
let msDir;
try {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  msDir = path.dirname(require.resolve('mediasoup/package.json'));
} catch {
  fail(`mediasoup is not installed under ${projectRoot}/node_modules`);
}
const msVersion = JSON.parse(fs.readFileSync(path.join(msDir, 'package.json'), 'utf8')).version;
if (msVersion !== EXPECTED_VERSION) {
  fail(`found mediasoup ${msVersion}, but this script's patches are for ${EXPECTED_VERSION} only`);
}
const workerDir = path.join(msDir, 'worker');
const target = path.join(workerDir, 'out', 'Release', BIN_NAME);
const targetStamp = path.join(workerDir, 'out', 'Release', STAMP_NAME);

// --- Cache key: everything that decides what binary the build produces -----------------------
const glibc = process.report?.getReport?.().header?.glibcVersionRuntime ?? 'unknown';
const key = createHash('sha256')
  .update(JSON.stringify({ version: msVersion, patches: PATCHES, platform: process.platform, arch: process.arch, glibc, buildType: 'Release' }))
  .digest('hex')
  .slice(0, 16);
const cacheRoot = process.env.MEDIASOUP_WORKER_CACHE_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mediasoup-worker');
const cacheDir = path.join(cacheRoot, `${msVersion}-${key}`);
const cacheBin = path.join(cacheDir, BIN_NAME);
const cacheStamp = path.join(cacheDir, STAMP_NAME);

const sha256File = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const readJson = (file) => {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return null; }
};

// A binary is usable if its stamp has our key and its bytes match the stamp's hash.
function matches(bin, stampFile) {
  const stamp = readJson(stampFile);
  if (!stamp || stamp.key !== key || !fs.existsSync(bin)) return null;
  return sha256File(bin) === stamp.sha256 ? stamp : null;
}

// Copy atomically (temp file + rename) so an interrupted copy never looks complete.
function install(srcBin, stamp, destBin, destStamp) {
  fs.mkdirSync(path.dirname(destBin), { recursive: true });
  const tmp = `${destBin}.tmp-${process.pid}`;
  fs.copyFileSync(srcBin, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, destBin);
  fs.writeFileSync(`${destStamp}.tmp-${process.pid}`, `${JSON.stringify(stamp, null, 2)}\n`);
  fs.renameSync(`${destStamp}.tmp-${process.pid}`, destStamp);
}

// The worker refuses to start without MEDIASOUP_VERSION (exit 1, "real father" message): running it
// that way proves the binary loads (architecture, shared libraries) without starting anything.
function smokeTest(bin) {
  const env = { ...process.env };
  delete env.MEDIASOUP_VERSION;
  const r = spawnSync(bin, [], { env, encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 1 || !/real father/.test(`${r.stdout}${r.stderr}`)) {
    fail(`${bin} does not run: ${r.error ?? `exit ${r.status} ${r.signal ?? ''} ${r.stderr}`}`);
  }
}

function applyPatches() {
  for (const p of PATCHES) {
    const file = path.join(msDir, p.file);
    if (!fs.existsSync(file)) fail(`patch "${p.why}": ${p.file} is missing`);
    const text = fs.readFileSync(file, 'utf8');
    const count = (s, t = text) => t.split(s).length - 1;
    if (count(p.before) === 1 && count(p.after) === 0) {
      const patched = text.replace(p.before, p.after);
      if (count(p.before, patched) !== 0 || count(p.after, patched) !== 1) fail(`patch "${p.why}" did not apply`);
      fs.writeFileSync(file, patched);
      log(`patched ${p.file} (${p.why})`);
    } else if (count(p.before) === 0 && count(p.after) === 1) {
      log(`already patched ${p.file} (${p.why})`);
    } else {
      fail(`patch "${p.why}": expected text not found exactly once in ${p.file}; sources differ from mediasoup ${EXPECTED_VERSION}`);
    }
  }
}

async function build() {
  const python = process.env.PYTHON || 'python3';
  const py = spawnSync(python, ['-c', 'import sys; print(sys.version.split()[0]); sys.exit(sys.version_info < (3, 6))'], { encoding: 'utf8' });
  if (py.status !== 0) fail(`${python} (Python >= 3.6) is needed to run gyp: ${py.error ?? py.stderr}`);
  for (const tool of ['make', process.env.CXX || 'g++', process.env.CC || 'cc']) {
    if (spawnSync(tool.split(' ')[0], ['--version'], { stdio: 'ignore' }).status !== 0) {
      fail(`"${tool}" is needed to build the mediasoup worker (Debian: apt-get install make g++)`);
    }
  }

  applyPatches();

  const jobs = Number(process.env.MEDIASOUP_WORKER_BUILD_JOBS) || os.availableParallelism?.() || os.cpus().length || 2;
  const env = { ...process.env };
  // With MEDIASOUP_WORKER_BIN set, the worker Makefile's default target does nothing at all.
  delete env.MEDIASOUP_WORKER_BIN;
  delete env.MEDIASOUP_OUT_DIR;
  const args = ['-C', workerDir, `PYTHON=${python}`, `CORES=${jobs}`, 'MEDIASOUP_BUILDTYPE=Release'];
  const verbose = envFlag('MEDIASOUP_WORKER_VERBOSE');
  const logFile = path.join(workerDir, 'out', 'build.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  log(`building with python ${py.stdout.trim()}, ${jobs} jobs (about 3 min on 2 cores): make ${args.join(' ')}`);
  if (!verbose) log(`compiler output: ${logFile}`);

  const started = Date.now();
  const out = verbose ? 'inherit' : fs.openSync(logFile, 'w');
  const child = spawn('make', args, { env, stdio: ['ignore', out, out] });
  const timer = verbose ? null : setInterval(() => log(`still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  const code = await new Promise((resolve) => {
    child.on('error', (e) => { console.error(e); resolve(-1); });
    child.on('close', (c, sig) => resolve(c ?? sig));
  });
  if (timer) clearInterval(timer);
  if (!verbose) fs.closeSync(out);
  if (code !== 0) {
    if (!verbose) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
      console.error(tail);
    }
    fail(`make exited with ${code}; full log: ${logFile}`);
  }
  if (!fs.existsSync(target)) fail(`make succeeded but ${target} is missing`);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

// --- Main ------------------------------------------------------------------------------------
if (!force && matches(target, targetStamp)) {
  log(`up to date: ${path.relative(projectRoot, target)}`);
} else if (!force && useCache && matches(cacheBin, cacheStamp)) {
  install(cacheBin, readJson(cacheStamp), target, targetStamp);
  log(`restored from cache ${cacheBin}`);
} else {
  await build();
  const stamp = {
    key,
    mediasoup: msVersion,
    sha256: sha256File(target),
    builtAt: new Date().toISOString(),
    platform: process.platform,
    arch: process.arch,
    glibc,
    patches: PATCHES.map((p) => p.why),
  };
  fs.writeFileSync(targetStamp, `${JSON.stringify(stamp, null, 2)}\n`);
  if (useCache) {
    try {
      install(target, stamp, cacheBin, cacheStamp);
      log(`cached as ${cacheBin}`);
    } catch (e) {
      log(`could not write the cache (${e.message}); continuing`);
    }
  }
}
smokeTest(target);
log(`ok: ${target}`);
