// Test helper: starts a real pacesetter server on a temporary database and talks HTTP to it.
//
//   const srv = await startServer({ data: 'empty' | 'demo' });
//   const r = await srv.request('POST', '/api/v1/units', { json: {...} });
//   r.status, r.headers (lower-case names), r.text, r.json, r.bytes (raw Buffer)
//   await srv.listUnits()         -> every unit, sorted by id (the DB state as the API shows it)
//   await srv.stop()              -> { code, signal, stderr } after SIGTERM
//   srv.backend                   -> 'sqlite' | 'postgres'; srv.db: the --db value
//
// Accounts (issue 4): every /api/v1 endpoint but a few public ones needs a login. For data
// 'empty' the harness makes the first administrator with the CLI (`pacesetter user add --db DB
// --username admin --role system_admin`, password ADMIN_PASSWORD on stdin) before serving; for
// data 'demo' it uses the demo accounts (DEMO_ACCOUNTS, password DEMO_PASSWORD). Then:
//   srv.request/get/post/patch/del/rawRequest/rawChunked/listUnits act as that administrator
//     (a cookie session: the ps_session cookie and the X-CSRF-Token header are sent for them);
//   srv.anon.request/get/post/patch/del/rawRequest: the same calls without any credentials;
//   await srv.login(username, password) -> a client { request, get, post, patch, del, rawRequest,
//     user, csrf, cookie, me(), refresh(), logout() } that sends its cookie and X-CSRF-Token;
//     the login must succeed (200) or it throws; srv.anon.post('/api/v1/auth/login', ...) to try one.
//   A client's request takes extra options: csrf: false (no X-CSRF-Token) or a string (that
//   token); cookie: false (no cookie). It follows Set-Cookie ps_session (a new or cleared cookie).
//   r.setCookies: every Set-Cookie header of a response, as a list.
//   startServer({ as: { username, password } }) logs in as someone else; as: null logs in nobody
//   (then srv.request is anonymous).
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
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.PACESETTER_BIN
  ? resolve(process.env.PACESETTER_BIN)
  : join(REPO_ROOT, 'build', 'pacesetter');
export const MAX_BODY = 65536;

/** The first administrator the harness makes on an empty database, and the demo accounts. */
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'pacesetter-admin';
export const DEMO_PASSWORD = 'pacesetter-demo';
/** The demo accounts of the contract: user name -> { role, unit (code of the unit, or null) }. */
export const DEMO_ACCOUNTS = {
  admin: { role: 'system_admin', unit: null },
  project: { role: 'project_office', unit: null },
  appraisal: { role: 'appraisal_office', unit: null },
  reporter: { role: 'unit_reporter', unit: 'TOWN-01' },
  leader: { role: 'leader', unit: null },
  town_leader: { role: 'leader', unit: 'TOWN-02' },
  enterprise: { role: 'enterprise', unit: null },
};
export const SESSION_COOKIE = 'ps_session';

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

function runOnce(args, input) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, input });
  if (r.error) throw new Error(`${BIN} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${BIN} ${args.join(' ')} exited ${r.status} (signal ${r.signal})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return r;
}

/**
 * `pacesetter user add --db DB --username U --role R [extra...]` with the password on standard
 * input; throws unless it exits 0. Returns the spawnSync result.
 */
export function addUser(db, username, role, password, extra = []) {
  return runOnce(['user', 'add', '--db', db, '--username', username, '--role', role, ...extra], `${password}\n`);
}

/** The value of cookie `name` set by Set-Cookie lines (undefined if none sets it). */
export function cookieFrom(setCookies, name = SESSION_COOKIE) {
  let v;
  for (const line of setCookies || []) {
    const first = line.split(';')[0];
    const i = first.indexOf('=');
    if (i > 0 && first.slice(0, i).trim() === name) v = first.slice(i + 1).trim();
  }
  return v;
}

/** True when a Set-Cookie line removes the cookie (empty value, Max-Age=0 or an expiry in the past). */
export function clearsCookie(line) {
  const [first, ...attrs] = line.split(';').map((x) => x.trim());
  if (first.slice(first.indexOf('=') + 1) === '') return true;
  for (const a of attrs) {
    const [k, v] = a.split('=');
    if (k.toLowerCase() === 'max-age' && Number(v) <= 0) return true;
    if (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) return true;
  }
  return false;
}

/**
 * Start a server. options.data: 'empty' (pacesetter migrate: schema only, no units; plus the
 * administrator ADMIN_USERNAME made with the CLI) or 'demo' (pacesetter demo --no-serve: the
 * synthetic demo city and its accounts). as: whom srv.request acts as (see the top of the file).
 */
export async function startServer({ data = 'empty', threads = 2, maxBody = MAX_BODY, dir: reuseDir, serveArgs = [], as } = {}) {
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
      else {
        runOnce(['migrate', '--db', db]);
        addUser(db, ADMIN_USERNAME, 'system_admin', ADMIN_PASSWORD);
      }
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
    return send(null, method, path, opts);
  }

  /** request() with the credentials of client c (or none when c is null). */
  async function send(c, method, path, opts = {}) {
    const headers = { ...(c ? c.authHeaders(opts) : {}), ...(opts.headers || {}) };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    if (opts.lang !== undefined) headers['Accept-Language'] = opts.lang;
    const init = { method, headers, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    if (opts.duplex) init.duplex = opts.duplex;
    let res;
    try {
      res = await fetch(base + path, init);
    } catch (err) {
      // A kept-alive connection that the server closed for idleness (10 s) while this process
      // was blocked in a spawnSync (e.g. psql DROP DATABASE waiting for a checkpoint) is taken
      // from the pool before its close is seen: the request never reached the server. Once more.
      if (err?.cause?.code !== 'UND_ERR_SOCKET' || opts.duplex) throw err;
      res = await fetch(base + path, init);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json;
    try { json = text.length ? JSON.parse(text) : undefined; } catch { json = undefined; }
    const hdrs = {};
    for (const [k, v] of res.headers) hdrs[k.toLowerCase()] = v;
    const setCookies = res.headers.getSetCookie();
    if (c) c.follow(setCookies);
    return { status: res.status, headers: hdrs, text, json, bytes, method, path, setCookies };
  }

  /**
   * rawRequest(text|Buffer): writes exactly these bytes to a new TCP connection and returns the
   * parsed HTTP/1.1 response (the request should say Connection: close). For requests fetch
   * cannot make: no Accept-Language header at all, odd framing.
   */
  function rawRequest(raw, { timeoutMs = 10000, auth = '' } = {}) {
    if (auth) {
      // the credential header lines go right after the request line
      const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1');
      const eol = buf.indexOf('\r\n');
      raw = Buffer.concat([buf.subarray(0, eol + 2), Buffer.from(auth, 'latin1'), buf.subarray(eol + 2)]);
    }
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
  function rawChunked(method, path, total, headers = 'Content-Type: application/json\r\n', { chunked = true, expectContinue = false, auth = '' } = {}) {
    headers = auth + headers;
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
      const r = await asDefault.request('GET', `/api/v1/units?page_size=1000&sort=id&page=${page}`);
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

  /** The calls of one client: c holds its credentials (null: none). */
  function callsOf(c) {
    const req = (m, p, o) => send(c, m, p, o);
    return {
      request: req,
      get: (p, o) => req('GET', p, o),
      post: (p, json, o = {}) => req('POST', p, { ...o, json }),
      patch: (p, json, o = {}) => req('PATCH', p, { ...o, json }),
      del: (p, o) => req('DELETE', p, o),
      rawRequest: (raw, o = {}) => rawRequest(raw, { ...o, auth: c ? c.authLines() : '' }),
      rawChunked: (m, p, total, h, o = {}) => rawChunked(m, p, total, h, { ...o, auth: c ? c.authLines() : '' }),
    };
  }

  const anon = callsOf(null);

  /**
   * Log in (POST /api/v1/auth/login); throws unless 200. Returns a client that sends the session
   * cookie and X-CSRF-Token with every request and follows the cookies the server sets.
   */
  async function login(username, password, { headers = {} } = {}) {
    const r = await anon.request('POST', '/api/v1/auth/login', { json: { username, password }, headers });
    if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${r.text.slice(0, 300)}`);
    const cookie = cookieFrom(r.setCookies);
    if (!cookie) throw new Error(`login as ${username}: no ${SESSION_COOKIE} cookie in ${JSON.stringify(r.setCookies)}`);
    const state = { cookie, csrf: r.json?.csrf_token, user: r.json?.user, loginResponse: r };
    const creds = {
      authHeaders(o = {}) {
        const h = {};
        if (o.cookie !== false && state.cookie) h.Cookie = `${SESSION_COOKIE}=${state.cookie}`;
        if (typeof o.csrf === 'string') h['X-CSRF-Token'] = o.csrf;
        else if (o.csrf !== false && state.csrf) h['X-CSRF-Token'] = state.csrf;
        return h;
      },
      authLines() {
        return Object.entries(this.authHeaders()).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      },
      follow(setCookies) {
        for (const line of setCookies || []) {
          const first = line.split(';')[0];
          if (first.slice(0, first.indexOf('=')).trim() !== SESSION_COOKIE) continue;
          state.cookie = clearsCookie(line) ? null : first.slice(first.indexOf('=') + 1).trim();
        }
      },
    };
    const calls = callsOf(creds);
    return {
      ...calls,
      username,
      get user() { return state.user; },
      get csrf() { return state.csrf; },
      set csrf(v) { state.csrf = v; },
      get cookie() { return state.cookie; },
      set cookie(v) { state.cookie = v; },
      loginResponse: r,
      /** GET /api/v1/auth/me as this client. */
      me: () => calls.get('/api/v1/auth/me'),
      /** GET /api/v1/auth/me and take its csrf_token (after the cookie changed); returns the response. */
      async refresh() {
        const m = await calls.get('/api/v1/auth/me');
        if (m.status === 200) { state.csrf = m.json.csrf_token; state.user = m.json.user; }
        return m;
      },
      logout: () => calls.post('/api/v1/auth/logout', undefined),
    };
  }

  let asDefault = anon;
  let admin = null;
  const who = as !== undefined ? as
    : (data === 'demo' ? { username: 'admin', password: DEMO_PASSWORD } : { username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
  if (who) {
    try {
      admin = await login(who.username, who.password);
      asDefault = admin;
    } catch (err) {
      child.kill('SIGKILL');
      await waitExit(STOP_TIMEOUT_MS);
      if (!reuseDir) removeDatabase(dir);
      throw err;
    }
  }

  return {
    base, port, db, dir, listenLine, backend: BACKEND,
    rawRequest: (raw, o) => asDefault.rawRequest(raw, o),
    rawChunked: (...a) => asDefault.rawChunked(...a),
    listUnits, logLines, waitForLog, stop, waitExit,
    anon, admin, login,
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    get exited() { return exited; },
    request: (m, p, o) => asDefault.request(m, p, o),
    get: (p, o) => asDefault.get(p, o),
    post: (p, json, o) => asDefault.post(p, json, o),
    patch: (p, json, o) => asDefault.patch(p, json, o),
    del: (p, o) => asDefault.del(p, o),
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
  // a 5xx also carries the id of the failure (written in the server's log line too)
  // an import's refusal about the sheet also names the file's sheets (and the one read), to pick another
  const sheetKeys = ['no_header', 'no_sheet', 'invalid_rows'].includes(code) ? ['sheet', 'sheets'] : [];
  const allowed = ['code', 'message', 'message_zh', 'message_en', 'field', ...sheetKeys, ...(r.status >= 500 ? ['id'] : [])];
  const extra = Object.keys(e).filter((k) => !allowed.includes(k));
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

/**
 * Runs one SQL statement on a test database (the --db value) with the sqlite3 CLI or psql and
 * returns its output: one line per row, columns separated by "|".
 */
export function sql(db, statement) {
  if (BACKEND === 'postgres') return psql(db, statement);
  const r = spawnSync('sqlite3', ['-batch', db, statement], { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw new Error(`sqlite3: ${r.error.message} (install the sqlite3 package)`);
  if (r.status !== 0) throw new Error(`sqlite3 ${statement}: exited ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** Runs the binary with args (and stdin input); returns spawnSync's result whatever the exit code. */
export function cli(args, input) {
  return spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, input });
}

/**
 * One HTTP/1.1 request with node:http, from the local address localAddress (any 127.x.y.z works
 * on Linux: the server sees it as the TCP peer, which is how the tests vary the client address).
 * json: a value sent as JSON. Returns { status, headers, setCookies, text, json }.
 */
export function httpFrom(port, { method = 'GET', path = '/', headers = {}, json, localAddress = '127.0.0.1' } = {}) {
  return new Promise((res, rej) => {
    const h = { ...headers };
    let body;
    if (json !== undefined) {
      body = Buffer.from(JSON.stringify(json));
      h['Content-Type'] = 'application/json';
      h['Content-Length'] = body.length;
    }
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: h, localAddress, agent: false }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed;
        try { parsed = text.length ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
        const setCookies = r.headers['set-cookie'] || [];
        res({ status: r.statusCode, headers: r.headers, setCookies, text, json: parsed, method, path });
      });
    });
    req.on('error', rej);
    req.end(body);
  });
}

let loopback = 0;
/** A loopback address not used before by this process: 127.1.x.y. */
export function freshAddress() {
  loopback++;
  return `127.1.${Math.floor(loopback / 250)}.${(loopback % 250) + 1}`;
}

/** Characters (code points) of a string. */
export const chars = (s) => [...s].length;

/** RFC 4180 rows (CRLF or LF), after an optional byte order mark. */
export function parseCsv(text) {
  text = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') q = false; else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The check character of the first 17 characters of a credit code (GB 32100-2015): weights 3^(i−1) mod 31. */
export function creditCheckChar(first17) {
  let sum = 0;
  for (let i = 0, w = 1; i < 17; i++, w = (w * 3) % 31) sum += CREDIT_ALPHABET.indexOf(first17[i]) * w;
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}
/** A valid unified social credit code, different for each n: 9 1 (an enterprise), division 320582, then n. */
export function creditCode(n, division = '320582') {
  const first17 = `91${division}${String(n).padStart(9, '0')}`;
  return first17 + creditCheckChar(first17);
}
