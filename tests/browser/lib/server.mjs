// Start the real pobratim binary for a test: a temp database loaded with the
// demo data, a free loopback port, the built web UI. Missing prerequisites
// throw (the test fails with a clear message; it never skips).
//
//   const srv = await startServer();        // { url, port, dir, stop(), log() }
//   ...
//   await srv.stop();

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BINARY = process.env.POBRATIM_BIN || join(ROOT, 'build/pobratim');
export const WEB_DIST = join(ROOT, 'web/dist');

export function checkPrerequisites({ web = true } = {}) {
  if (!existsSync(BINARY)) {
    throw new Error(`server binary not found at ${BINARY}: run \`make\` first`);
  }
  if (web && !existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`web UI not built (${WEB_DIST}/index.html missing): run \`npm run build\` first`);
  }
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitHealthy(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastErr = null;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pobratim serve exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) return;
      lastErr = new Error(`health answered ${r.status}`);
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pobratim serve not healthy after ${timeoutMs} ms (${lastErr}):\n${output()}`);
}

/**
 * logFile: the whole log is also written there as it comes (log() keeps the last 100–200 KB).
 * @param {{demo?: boolean, web?: boolean, env?: Record<string,string>, timeoutMs?: number, logFile?: string}} [opts]
 */
export async function startServer(opts = {}) {
  const { demo = true, web = true, env = {}, timeoutMs = 20000, logFile } = opts;
  checkPrerequisites({ web });
  const dir = mkdtempSync(join(tmpdir(), 'pobratim-test-'));
  const db = join(dir, 't.db');
  const childEnv = { ...process.env, ...env };

  if (demo) {
    const r = spawnSync(BINARY, ['demo', '--db', db, '--files', join(dir, 'files')], { env: childEnv, encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`\`pobratim demo --db ${db}\` failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
  }

  const port = await freePort();
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--files', join(dir, 'files')];
  if (web) args.push('--web', WEB_DIST);
  if (demo) args.push('--demo');
  const child = spawn(BINARY, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const file = logFile ? createWriteStream(logFile) : null;
  const keep = (d) => {
    file?.write(d);
    out += d;
    if (out.length > 200000) out = out.slice(-100000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitHealthy(url, child, () => out, timeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, dir, db, child, stop, log: () => out };
}
