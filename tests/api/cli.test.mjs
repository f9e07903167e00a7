// The binary as an operator runs it: subcommands and --help, configuration precedence
// (flags over PACESETTER_* over defaults), refusals at start-up, a clean stop that leaves no
// write-ahead log behind, and HTTPS with HTTP/2 when a certificate is configured.
// Runs on SQLite, or on PostgreSQL when $PACESETTER_TEST_PG is set (see server.mjs): checks that
// only apply to one backend are skipped on the other, each beside its equivalent.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { connect as h2connect } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { BIN, freePort, BACKEND, newDatabase, psql, pgUri, addUser, cookieFrom, ADMIN_USERNAME, ADMIN_PASSWORD, DEMO_PASSWORD, SESSION_COOKIE } from './server.mjs';

const ON_PG = BACKEND === 'postgres';
const SQLITE_ONLY = { skip: ON_PG && 'SQLite-specific' };
const PG_ONLY = { skip: !ON_PG && 'PostgreSQL-specific' };

function run(args, env = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
}

/** Starts `serve` and resolves once it prints its address; rejects if it exits first. */
function serve(args, env = {}) {
  return new Promise((res, rej) => {
    const child = spawn(BIN, ['serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); rej(new Error(`no start: ${stderr}`)); }, 15000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = stderr.match(/listening on (\S+)/);
      if (m) { clearTimeout(timer); res({ child, url: m[1], stderr: () => stderr }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); rej(Object.assign(new Error(`exited ${code}: ${stderr}`), { code, stderr })); });
  });
}

function stop(child) {
  return new Promise((res) => { child.on('exit', (code, signal) => res({ code, signal })); child.kill('SIGTERM'); });
}

function tempDb(kind = 'migrate') {
  const dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-'));
  const db = newDatabase(dir);
  const r = kind === 'demo' ? run(['demo', '--db', db, '--no-serve']) : run(['migrate', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  if (kind !== 'demo') addUser(db, ADMIN_USERNAME, 'system_admin', ADMIN_PASSWORD);
  return { dir, db };
}

/** Logs in with fetch; returns the headers that authenticate a request (cookie and CSRF token). */
async function loginHeaders(url, username = ADMIN_USERNAME, password = ADMIN_PASSWORD) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return { Cookie: `${SESSION_COOKIE}=${cookieFrom(r.headers.getSetCookie())}`, 'X-CSRF-Token': body.csrf_token };
}

/** PostgreSQL: a new database holding only an unrelated table (someone else's data). */
function foreignPgDatabase() {
  const db = newDatabase(mkdtempSync(join(tmpdir(), 'pacesetter-cli-')));
  psql(db, "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL); INSERT INTO notes VALUES (1, 'important notes, not a database')");
  return db;
}

describe('subcommands', () => {
  for (const cmd of ['serve', 'demo', 'migrate', 'version', 'user', 'audit']) {
    test(`${cmd} --help prints its usage and exits 0`, () => {
      const r = run([cmd, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`usage: pacesetter ${cmd}`));
    });
  }
  test('version prints the version and schema version', () => {
    const r = run(['version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^pacesetter 0\.1\.0 \(schema 6, sqlite 3\.\d+\.\d+\)\n$/);
  });
  test('an unknown command or option is refused with exit code 2 and says so in both languages', () => {
    let r = run(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /未知命令/);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    r = run(['serve', '--no-such-flag', 'x']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option "--no-such-flag"/);
  });
  test('bad option values are refused before anything starts', () => {
    for (const [args, what] of [
      [['serve', '--threads', '0'], /--threads must be an integer from 1 to 256/],
      [['serve', '--threads', 'many'], /--threads must be an integer/],
      [['serve', '--listen', '127.0.0.1'], /must be ADDRESS:PORT/],
      [['serve', '--listen', '127.0.0.1:70000'], /must be ADDRESS:PORT/],
      [['serve', '--max-body', '10'], /--max-body must be an integer from 1024/],
      [['serve', '--tls-cert', 'x.pem'], /--tls-cert and --tls-key go together/],
      [['serve', '--db'], /option --db needs a value/],
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, what);
    }
  });
  test('migrate creates a database and is idempotent', () => {
    const { db } = tempDb();
    const r = run(['migrate', '--db', db]);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /at schema version 6 \(up to date\)/);
  });
  test('demo refuses to overwrite a file that is not a Pacesetter database', SQLITE_ONLY, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-'));
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'important notes, not a database\n'.repeat(20));
    const r = run(['demo', '--db', path, '--no-serve']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is not a Pacesetter database/);
  });
  test('demo refuses to write into a PostgreSQL database that holds other tables', PG_ONLY, () => {
    const db = foreignPgDatabase();
    const r = run(['demo', '--db', db, '--no-serve']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is not a Pacesetter database/);
    assert.equal(psql(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").trim(),
      'notes', 'nothing was added to the database');
    assert.equal(psql(db, 'SELECT body FROM notes').trim(), 'important notes, not a database');
  });
});

describe('serve refuses to start', () => {
  test('when the address is already in use', async () => {
    const { db } = tempDb();
    const blocker = createServer();
    await new Promise((res) => blocker.listen(0, '127.0.0.1', res));
    const port = blocker.address().port;
    const r = run(['serve', '--db', db, '--listen', `127.0.0.1:${port}`]);
    blocker.close();
    assert.equal(r.status, 1);
    assert.match(r.stderr, /端口 .* 已被占用/);
    assert.match(r.stderr, new RegExp(`address 127\\.0\\.0\\.1:${port} is already in use`));
  });
  test('when the database does not exist, instead of creating an empty one', SQLITE_ONLY, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-'));
    const r = run(['serve', '--db', join(dir, 'missing.db'), '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot open database/);
    assert.equal(existsSync(join(dir, 'missing.db')), false);
  });
  test('when the PostgreSQL database does not exist, instead of creating it', PG_ONLY, () => {
    const name = `t_missing_${process.pid}`;
    const r = run(['serve', '--db', pgUri(name), '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot connect to PostgreSQL database .*does not exist/);
    assert.equal(psql(pgUri('postgres'), `SELECT count(*) FROM pg_database WHERE datname = '${name}'`).trim(), '0');
  });
  test('when the file is not a Pacesetter database', SQLITE_ONLY, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-'));
    const path = join(dir, 'x.db');
    writeFileSync(path, 'hello'.repeat(100));
    const r = run(['serve', '--db', path]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is not a Pacesetter database/);
  });
  test('when the PostgreSQL database holds only other tables', PG_ONLY, () => {
    const r = run(['serve', '--db', foreignPgDatabase()]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is not a Pacesetter database/);
  });
  test('when the database is newer than the binary', SQLITE_ONLY, () => {
    const { db } = tempDb();
    const s = spawnSync('sqlite3', [db, 'PRAGMA user_version = 99'], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    const r = run(['serve', '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /newer than this binary/);
  });
  test('when the PostgreSQL database is newer than the binary', PG_ONLY, () => {
    const { db } = tempDb();
    assert.equal(psql(db, "UPDATE pacesetter_meta SET value = '99' WHERE key = 'schema_version' RETURNING value").trim(), '99',
      'the schema version is recorded in pacesetter_meta');
    const r = run(['serve', '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /newer than this binary/);
  });
});

describe('configuration', () => {
  test('PACESETTER_LISTEN and PACESETTER_DB are used when no flag is given', async () => {
    const { db } = tempDb('demo');
    const port = await freePort();
    const s = await serve([], { PACESETTER_DB: db, PACESETTER_LISTEN: `127.0.0.1:${port}` });
    assert.equal(s.url, `http://127.0.0.1:${port}`);
    const r = await fetch(`${s.url}/api/v1/units?page_size=1`, { headers: await loginHeaders(s.url, 'admin', DEMO_PASSWORD) });
    assert.ok((await r.json()).total > 0, 'the demo database given by PACESETTER_DB is served');
    assert.equal((await stop(s.child)).code, 0);
  });
  test('a flag wins over its environment variable', async () => {
    const { db } = tempDb();
    const [p1, p2] = [await freePort(), await freePort()];
    const s = await serve(['--listen', `127.0.0.1:${p2}`, '--db', db], { PACESETTER_LISTEN: `127.0.0.1:${p1}`, PACESETTER_DB: '/nonexistent.db' });
    assert.equal(s.url, `http://127.0.0.1:${p2}`);
    assert.equal((await stop(s.child)).code, 0);
  });
  test('a bad environment variable is refused and named', () => {
    const r = run(['serve'], { PACESETTER_THREADS: 'lots' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PACESETTER_THREADS=lots/);
  });
  test('--log-requests off writes no request lines', async () => {
    const { db } = tempDb();
    const port = await freePort();
    const s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--log-requests', 'off']);
    await (await fetch(`${s.url}/healthz`)).text();
    await stop(s.child);
    assert.doesNotMatch(s.stderr(), /"path":"\/healthz"/);
  });
});

describe('stopping', () => {
  test('SIGTERM exits 0 and leaves the database checkpointed (no write-ahead log left)', SQLITE_ONLY, async () => {
    const { db } = tempDb();
    const port = await freePort();
    const s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2']);
    const r = await fetch(`${s.url}/api/v1/units`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...(await loginHeaders(s.url)) },
      body: JSON.stringify({ code: 'KEEP', name: '保留', kind: 'town' }),
    });
    assert.equal(r.status, 201);
    assert.equal(existsSync(`${db}-wal`), true, 'the server writes through the WAL while running');
    const { code } = await stop(s.child);
    assert.equal(code, 0);
    assert.equal(existsSync(`${db}-wal`), false, 'the WAL was checkpointed and removed');
    const q = spawnSync('sqlite3', [db, "SELECT name FROM units WHERE code = 'KEEP'"], { encoding: 'utf8' });
    assert.equal(q.stdout.trim(), '保留');
  });
  test('SIGTERM exits 0 and what was written is committed in PostgreSQL', PG_ONLY, async () => {
    const { db } = tempDb();
    const port = await freePort();
    const s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2']);
    const r = await fetch(`${s.url}/api/v1/units`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...(await loginHeaders(s.url)) },
      body: JSON.stringify({ code: 'KEEP', name: '保留', kind: 'town' }),
    });
    assert.equal(r.status, 201);
    const { code } = await stop(s.child);
    assert.equal(code, 0);
    assert.equal(psql(db, "SELECT name FROM units WHERE code = 'KEEP'").trim(), '保留');
  });
});

describe('HTTPS and HTTP/2', () => {
  test('with --tls-cert and --tls-key it serves HTTPS and negotiates HTTP/2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacesetter-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const g = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    assert.equal(g.status, 0, g.stderr);
    const { db } = tempDb();
    const port = await freePort();
    const s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--tls-cert', cert, '--tls-key', key]);
    assert.equal(s.url, `https://127.0.0.1:${port}`);
    const session = h2connect(s.url, { rejectUnauthorized: false });
    const { status, body, alpn } = await new Promise((res, rej) => {
      session.on('error', rej);
      const req = session.request({ ':path': '/healthz' });
      let status;
      let body = '';
      req.on('response', (h) => { status = h[':status']; });
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('end', () => res({ status, body, alpn: session.alpnProtocol }));
      req.on('error', rej);
      req.end();
    });
    session.close();
    assert.equal(alpn, 'h2');
    assert.equal(status, 200);
    assert.deepEqual(JSON.parse(body), { status: 'ok' });
    assert.equal((await stop(s.child)).code, 0);
  });
  test('over TLS the session cookie is Secure (and HttpOnly, SameSite=Strict, Path=/)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacesetter-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const g = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    assert.equal(g.status, 0, g.stderr);
    const { db } = tempDb();
    const port = await freePort();
    const s = await serve(['--db', db, '--listen', `127.0.0.1:${port}`, '--tls-cert', cert, '--tls-key', key]);
    try {
      const body = JSON.stringify({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      const { status, setCookie, text } = await new Promise((res, rej) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/api/v1/auth/login', method: 'POST', rejectUnauthorized: false,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (r) => {
          let t = '';
          r.setEncoding('utf8');
          r.on('data', (d) => { t += d; });
          r.on('end', () => res({ status: r.statusCode, setCookie: r.headers['set-cookie'] || [], text: t }));
        });
        req.on('error', rej);
        req.end(body);
      });
      assert.equal(status, 200, text);
      const line = setCookie.find((l) => l.startsWith(`${SESSION_COOKIE}=`));
      assert.ok(line, `a ${SESSION_COOKIE} cookie: ${JSON.stringify(setCookie)}`);
      const attrs = line.split(';').slice(1).map((a) => a.trim().toLowerCase());
      for (const a of ['secure', 'httponly', 'samesite=strict', 'path=/']) assert.ok(attrs.includes(a), `${a} in ${line}`);
    } finally {
      assert.equal((await stop(s.child)).code, 0);
    }
  });
  test('a missing certificate is refused at start-up', () => {
    const { db } = tempDb();
    const r = run(['serve', '--db', db, '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot load certificate/);
  });
});
