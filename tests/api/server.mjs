// Test helper: starts a real pacesetter server on a temporary database and talks HTTP to it.
//
//   const srv = await startServer({ data: 'empty' | 'demo' });
//   const r = await srv.request('POST', '/api/v1/units', { json: {...} });
//   r.status, r.headers (lower-case names), r.text, r.json, r.bytes (raw Buffer)
//   await srv.listUnits()         -> every unit, sorted by id (the DB state as the API shows it)
//   await srv.stop()              -> { code, signal, stderr } after SIGTERM
//   srv.backend                   -> 'sqlite' | 'postgres'; srv.db: the --db value
//
// The binary comes from $PACESETTER_BIN, default build/pacesetter under the repository root.
// Backend: SQLite (a file in a temporary folder) unless $PACESETTER_TEST_PG is set to a libpq URI
// of a PostgreSQL maintenance database (scripts/with-pg sets it): then each server gets a fresh
// database t_<random> created there with psql, and --db is that URI with the database name
// replaced. The temporary folder is made either way and names the database (restart tests).
// No npm dependencies: node:child_process, node:net, node:os, node:fs and the global fetch.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.PACESETTER_BIN
  ? resolve(process.env.PACESETTER_BIN)
  : join(REPO_ROOT, 'build', 'pacesetter');
export const MAX_BODY = 65536;

/** The backend the suite runs on: 'postgres' when $PACESETTER_TEST_PG is set, else 'sqlite'. */
export const PG_URI = process.env.PACESETTER_TEST_PG || '';
export const BACKEND = PG_URI ? 'postgres' : 'sqlite';
const PSQL = process.env.PACESETTER_PSQL || 'psql';
const PG_NAME_FILE = 'pg-database';

/** Runs SQL with psql on a database (a libpq URI); returns psql's unaligned, tuples-only output. */
export function psql(uri, sql) {
  const r = spawnSync(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', uri, '-c', sql],
    { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw new Error(`${PSQL}: ${r.error.message} (is PostgreSQL installed? run scripts/setup)`);
  if (r.status !== 0) throw new Error(`psql ${sql}: exited ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** $PACESETTER_TEST_PG with its database name replaced by name. */
export function pgUri(name) {
  const u = new URL(PG_URI);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A new, empty database for a test, named by the temporary folder dir: on SQLite the file
 * dir/t.db (not created yet); on PostgreSQL a new database t_<random> (created, no tables),
 * its name kept in dir so that databaseIn(dir) finds it again. Returns the --db value.
 */
export function newDatabase(dir) {
  if (BACKEND === 'sqlite') return join(dir, 't.db');
  const name = `t_${randomBytes(8).toString('hex')}`;
  psql(PG_URI, `CREATE DATABASE ${name}`);
  writeFileSync(join(dir, PG_NAME_FILE), name);
  return pgUri(name);
}

/** The database made by newDatabase(dir), which must exist. */
export function databaseIn(dir) {
  if (BACKEND === 'sqlite') {
    const db = join(dir, 't.db');
    if (!existsSync(db)) throw new Error(`no database at ${db}`);
    return db;
  }
  const file = join(dir, PG_NAME_FILE);
  if (!existsSync(file)) throw new Error(`no PostgreSQL database recorded in ${dir}`);
  const name = readFileSync(file, 'utf8').trim();
  if (psql(PG_URI, `SELECT count(*) FROM pg_database WHERE datname = '${name}'`).trim() !== '1') {
    throw new Error(`no PostgreSQL database ${name}`);
  }
  return pgUri(name);
}

/** Removes dir and, on PostgreSQL, the database named in it (best effort). */
export function removeDatabase(dir) {
  if (BACKEND === 'postgres') {
    const file = join(dir, PG_NAME_FILE);
    if (existsSync(file)) {
      try { psql(PG_URI, `DROP DATABASE IF EXISTS ${readFileSync(file, 'utf8').trim()} WITH (FORCE)`); } catch { /* the cluster is thrown away anyway */ }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

const START_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 10000;

/** A free TCP port on 127.0.0.1 (asks the kernel for one, then releases it). */
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

function runOnce(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw new Error(`${BIN} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${BIN} ${args.join(' ')} exited ${r.status} (signal ${r.signal})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return r;
}

/**
 * Start a server. options.data: 'empty' (pacesetter migrate: schema only, no units) or 'demo'
 * (pacesetter demo --no-serve: the synthetic demo city).
 */
export async function startServer({ data = 'empty', threads = 2, maxBody = MAX_BODY, dir: reuseDir, serveArgs = [] } = {}) {
  if (!existsSync(BIN)) {
    throw new Error(`server binary not found at ${BIN}: build it (scripts/build or cmake --build build) or set PACESETTER_BIN`);
  }
  if (!reuseDir && data !== 'demo' && data !== 'empty') throw new Error(`unknown data option ${data}`);
  // dir: reuse the database of an earlier server (stopped with stop({ keep: true })).
  const dir = reuseDir || mkdtempSync(join(tmpdir(), 'pacesetter-api-'));
  let db;
  try {
    if (reuseDir) db = databaseIn(dir);
    else {
      db = newDatabase(dir);
      if (data === 'demo') runOnce(['demo', '--db', db, '--no-serve']);
      else runOnce(['migrate', '--db', db]);
    }
  } catch (err) {
    if (!reuseDir) removeDatabase(dir);
    throw err;
  }

  let port;
  let child;
  let stderr = '';
  let stdout = '';
  let exited = null; // { code, signal }
  const exitWaiters = [];
  // A port can be taken between freePort() and the server's bind; try a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    port = await freePort();
    stderr = '';
    stdout = '';
    exited = null;
    child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
      '--threads', String(threads), '--max-body', String(maxBody), ...serveArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.setEncoding('utf8');
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => { stdout += d; });
    const ready = new Promise((res) => {
      const timer = setTimeout(() => res('timeout'), START_TIMEOUT_MS);
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('listening on')) { clearTimeout(timer); res('ready'); }
      });
      child.on('exit', (code, signal) => {
        exited = { code, signal };
        clearTimeout(timer);
        res('exited');
        for (const w of exitWaiters.splice(0)) w(exited);
      });
    });
    const how = await ready;
    if (how === 'ready') break;
    if (how === 'timeout') {
      child.kill('SIGKILL');
      await new Promise((r) => (exited ? r() : child.once('exit', r)));
      removeDatabase(dir);
      throw new Error(`server did not print 'listening on' within ${START_TIMEOUT_MS} ms\nstderr: ${stderr}`);
    }
    if (attempt === 2 || !/address|in use|bind/i.test(stderr)) {
      removeDatabase(dir);
      throw new Error(`server exited before listening (code ${exited.code}, signal ${exited.signal})\nstderr: ${stderr}`);
    }
  }
  const listenLine = stderr.split('\n').find((l) => l.includes('listening on'));
  const base = `http://127.0.0.1:${port}`;

  function waitExit(ms) {
    if (exited) return Promise.resolve(exited);
    return new Promise((res) => {
      const t = setTimeout(() => res(null), ms);
      exitWaiters.push((e) => { clearTimeout(t); res(e); });
    });
  }

  /**
   * request(method, path, { json, body, headers, lang }) with fetch.
   * json: a value to send as JSON with Content-Type application/json.
   * body: a string or Buffer sent as is (set Content-Type yourself in headers).
   * lang: the Accept-Language header (fetch itself would send "*").
   */
  async function request(method, path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    if (opts.lang !== undefined) headers['Accept-Language'] = opts.lang;
    const init = { method, headers, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    if (opts.duplex) init.duplex = opts.duplex;
    const res = await fetch(base + path, init);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json;
    try { json = text.length ? JSON.parse(text) : undefined; } catch { json = undefined; }
    const hdrs = {};
    for (const [k, v] of res.headers) hdrs[k.toLowerCase()] = v;
    return { status: res.status, headers: hdrs, text, json, bytes, method, path };
  }

  /**
   * rawRequest(text|Buffer): writes exactly these bytes to a new TCP connection and returns the
   * parsed HTTP/1.1 response (the request should say Connection: close). For requests fetch
   * cannot make: no Accept-Language header at all, odd framing.
   */
  function rawRequest(raw, { timeoutMs = 10000 } = {}) {
    return new Promise((res, rej) => {
      const sock = connect(port, '127.0.0.1');
      const chunks = [];
      const timer = setTimeout(() => { sock.destroy(); rej(new Error('raw request timed out')); }, timeoutMs);
      sock.on('data', (c) => chunks.push(c));
      let sockErr = null;
      // A server may close (even reset) the connection after answering, before reading all we
      // sent: keep what was received and judge on close.
      sock.on('error', (e) => { sockErr = e; });
      sock.on('close', () => {
        clearTimeout(timer);
        const all = Buffer.concat(chunks);
        if (!all.length && sockErr) return rej(sockErr);
        const sep = all.indexOf('\r\n\r\n');
        if (sep < 0) return rej(new Error(`no HTTP response head in ${JSON.stringify(all.toString('latin1'))}`));
        const head = all.subarray(0, sep).toString('latin1').split('\r\n');
        const status = Number(head[0].split(' ')[1]);
        const headers = {};
        for (const line of head.slice(1)) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        let bodyBuf = all.subarray(sep + 4);
        if ((headers['transfer-encoding'] || '').toLowerCase().includes('chunked')) bodyBuf = dechunk(bodyBuf);
        const text = bodyBuf.toString('utf8');
        let json;
        try { json = text.length ? JSON.parse(text) : undefined; } catch { json = undefined; }
        res({ status, headers, text, json, bytes: bodyBuf });
      });
      sock.write(raw);
    });
  }

  /**
   * Sends method path with a body of `total` bytes of JSON white space (chunked, 8 KiB a chunk,
   * or with Content-Length when chunked is false),
   * on a raw socket; stops sending once the server answers or closes, and returns the parsed
   * response. (fetch gives up with EPIPE when a server answers and closes before the body is
   * all sent, which is what a server should do with an oversized body.)
   */
  /**
   * Sends a body of `total` spaces in 8 KiB writes. With expectContinue, asks first with
   * `Expect: 100-continue` and sends the body only after a 100 response, as curl does for large
   * bodies: a server that refuses the size then answers before any of the body is sent.
   */
  function rawChunked(method, path, total, headers = 'Content-Type: application/json\r\n', { chunked = true, expectContinue = false } = {}) {
    return new Promise((res, rej) => {
      const sock = connect(port, '127.0.0.1');
      const chunks = [];
      let sent = 0;
      let done = false;
      const timer = setTimeout(() => { sock.destroy(); rej(new Error('chunked request timed out')); }, 10000);
      let waiting = expectContinue;
      sock.on('data', (c) => {
        chunks.push(c);
        const got = Buffer.concat(chunks);
        if (waiting && got.toString('latin1').startsWith('HTTP/1.1 100 ')) {
          const end = got.indexOf('\r\n\r\n');
          if (end < 0) return;
          waiting = false;
          chunks.length = 0;
          if (got.length > end + 4) chunks.push(got.subarray(end + 4));
          pump();
          return;
        }
        done = true;
      });
      sock.on('error', () => { done = true; });
      sock.on('close', () => {
        clearTimeout(timer);
        done = true;
        const all = Buffer.concat(chunks);
        const sep = all.indexOf('\r\n\r\n');
        if (sep < 0) return rej(new Error(`no HTTP response to the chunked ${method} ${path} (sent ${sent} bytes)`));
        const head = all.subarray(0, sep).toString('latin1').split('\r\n');
        const hdrs = {};
        for (const line of head.slice(1)) { const i = line.indexOf(':'); hdrs[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim(); }
        let bodyBuf = all.subarray(sep + 4);
        if ((hdrs['transfer-encoding'] || '').toLowerCase().includes('chunked')) bodyBuf = dechunk(bodyBuf);
        const text = bodyBuf.toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        res({ status: Number(head[0].split(' ')[1]), headers: hdrs, text, json, bytes: bodyBuf, method, path });
      });
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`;
      const expect = expectContinue ? 'Expect: 100-continue\r\n' : '';
      sock.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}${expect}${framing}\r\nConnection: close\r\n\r\n`);
      const pump = () => {
        if (done || sock.destroyed) return;
        if (sent >= total) { if (chunked) sock.write('0\r\n\r\n'); return; }
        const n = Math.min(8192, total - sent);
        sent += n;
        const data = ' '.repeat(n);
        sock.write(chunked ? `${n.toString(16)}\r\n${data}\r\n` : data, () => setImmediate(pump));
      };
      if (!expectContinue) pump();
    });
  }

  /** Every unit, sorted by id; fails the test if the list call itself fails. */
  async function listUnits() {
    const items = [];
    for (let page = 1; ; page++) {
      const r = await request('GET', `/api/v1/units?page_size=1000&sort=id&page=${page}`);
      assert.equal(r.status, 200, `listing units failed: ${r.status} ${r.text}`);
      items.push(...r.json.items);
      if (items.length >= r.json.total || r.json.items.length === 0) break;
    }
    return items;
  }

  /** Lines of stderr that are JSON objects (the request log). */
  function logLines() {
    const out = [];
    for (const line of stderr.split('\n')) {
      const t = line.trim();
      if (!t.startsWith('{')) continue;
      try { out.push(JSON.parse(t)); } catch { /* not a log line */ }
    }
    return out;
  }

  /** Wait (up to ms) for a request log line for which pred(line) is true. */
  async function waitForLog(pred, ms = 3000) {
    const until = Date.now() + ms;
    for (;;) {
      const hit = logLines().find(pred);
      if (hit) return hit;
      if (Date.now() > until) return undefined;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  let stopped = null;
  /** SIGTERM, wait for the exit; returns { code, signal, stderr }. Idempotent.
   *  keep: leave the temporary directory (and its database) for startServer({ dir }). */
  async function stop({ keep = false } = {}) {
    if (stopped) return stopped;
    if (!exited) child.kill('SIGTERM');
    let e = await waitExit(STOP_TIMEOUT_MS);
    if (!e) {
      child.kill('SIGKILL');
      e = await waitExit(STOP_TIMEOUT_MS);
      stopped = { code: null, signal: 'SIGKILL (did not stop on SIGTERM)', stderr };
    } else {
      stopped = { code: e.code, signal: e.signal, stderr };
    }
    if (!keep) removeDatabase(dir);
    return stopped;
  }

  return {
    base, port, db, dir, listenLine, backend: BACKEND,
    request, rawRequest, rawChunked, listUnits, logLines, waitForLog, stop, waitExit,
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    get exited() { return exited; },
    get: (p, o) => request('GET', p, o),
    post: (p, json, o = {}) => request('POST', p, { ...o, json }),
    patch: (p, json, o = {}) => request('PATCH', p, { ...o, json }),
    del: (p, o) => request('DELETE', p, o),
  };
}

function dechunk(buf) {
  const out = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Stop the server and assert that it exited with code 0 on SIGTERM. */
export async function stopAndCheck(srv, opts) {
  if (!srv) return;
  const r = await srv.stop(opts);
  assert.equal(r.code, 0, `server should exit 0 on SIGTERM, got code ${r.code} signal ${r.signal}\nstderr tail: ${r.stderr.slice(-2000)}`);
}

/** Assert the shape of an error response: status, code, field, both messages, content type. */
export function assertError(r, status, code, field) {
  const ctx = `${r.method || ''} ${r.path || ''} -> ${r.status} ${r.text.slice(0, 500)}`;
  assert.equal(r.status, status, `status: ${ctx}`);
  assert.match(r.headers['content-type'] || '', /^application\/json;\s*charset=utf-8$/i, `content-type of error: ${ctx}`);
  assert.ok(r.json && typeof r.json === 'object' && r.json.error && typeof r.json.error === 'object', `error body: ${ctx}`);
  const e = r.json.error;
  assert.equal(e.code, code, `error code: ${ctx}`);
  for (const k of ['message', 'message_zh', 'message_en']) {
    assert.equal(typeof e[k], 'string', `${k} is a string: ${ctx}`);
    assert.ok(e[k].trim().length > 0, `${k} is not empty: ${ctx}`);
  }
  if (field === undefined) {
    // not checked
  } else if (field === null) {
    assert.ok(!('field' in e), `no field expected: ${ctx}`);
  } else {
    assert.equal(e.field, field, `error field: ${ctx}`);
  }
  const extra = Object.keys(e).filter((k) => !['code', 'message', 'message_zh', 'message_en', 'field'].includes(k));
  assert.deepEqual(extra, [], `unexpected keys in error: ${ctx}`);
  assert.deepEqual(Object.keys(r.json), ['error'], `error body has only "error": ${ctx}`);
  return e;
}

/** Run fn (a refused write) and assert that the list of units is the same before and after. */
export async function assertUnchanged(srv, fn) {
  const before = await srv.listUnits();
  const out = await fn();
  const after = await srv.listUnits();
  assert.deepEqual(after, before, 'a refused write must not change any unit');
  return out;
}

/** Characters (code points) of a string. */
export const chars = (s) => [...s].length;
