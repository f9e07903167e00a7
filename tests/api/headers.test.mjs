// Security headers on every response (docs/api-contract.md, issue 4): Content-Security-Policy
// allowing only the UI's own scripts and with frame-ancestors 'none', X-Content-Type-Options:
// nosniff, Referrer-Policy: same-origin, and a Server header without a version. Error bodies
// reveal no internals.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startServer, stopAndCheck, sql } from './server.mjs';

let srv;
before(async () => { srv = await startServer({ data: 'empty' }); });
after(async () => { await stopAndCheck(srv); });

/** A GET with node:http (keeps every header as sent). */
function get(path, headers = {}) {
  return new Promise((res, rej) => {
    const req = httpRequest({ host: '127.0.0.1', port: srv.port, path, headers }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', rej);
    req.end();
  });
}

/** Parse a CSP header into directive -> list of sources. */
function csp(value) {
  const out = {};
  for (const part of value.split(';')) {
    const [name, ...src] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = src;
  }
  return out;
}

function assertSecurityHeaders(r, what) {
  const h = r.headers;
  const ctx = `${what} -> ${r.status}`;
  assert.ok(h['content-security-policy'], `${ctx}: Content-Security-Policy`);
  const p = csp(h['content-security-policy']);
  assert.deepEqual(p['frame-ancestors'], ["'none'"], `${ctx}: frame-ancestors 'none' (${h['content-security-policy']})`);
  assert.deepEqual(p['default-src'], ["'self'"], `${ctx}: default-src 'self'`);
  const scripts = p['script-src'] || p['default-src'];
  assert.deepEqual(scripts, ["'self'"], `${ctx}: only the UI's own scripts: no inline, eval or other hosts (${h['content-security-policy']})`);
  assert.equal(h['x-content-type-options'], 'nosniff', `${ctx}: nosniff`);
  assert.equal(h['referrer-policy'], 'same-origin', `${ctx}: Referrer-Policy`);
  if (h.server !== undefined) {
    assert.doesNotMatch(h.server, /\d/, `${ctx}: Server header without a version: ${h.server}`);
  }
  assert.equal(h['x-powered-by'], undefined, `${ctx}: no X-Powered-By`);
}

describe('security headers on every kind of response', () => {
  const cases = [
    ['the health check', () => get('/healthz'), 200],
    ['the version', () => get('/api/v1/version'), 200],
    ['the OpenAPI document', () => get('/api/v1/openapi.json'), 200],
    ['the UI (index.html)', () => get('/'), 200],
    ['a client-side route', () => get('/units'), 200],
    ['a 304 revalidation', async () => { const f = await get('/'); return get('/', { 'If-None-Match': f.headers.etag }); }, 304],
    ['an API list (logged in)', () => srv.get('/api/v1/units'), 200],
    ['a 401 unauthenticated', () => srv.anon.get('/api/v1/units'), 401],
    ['a 401 bad_credentials', () => srv.anon.post('/api/v1/auth/login', { username: 'nobody-here', password: 'not a password' }), 401],
    ['a 403 csrf_failed', () => srv.post('/api/v1/units', { code: 'H', name: 'x', kind: 'town' }, { csrf: false }), 403],
    ['a 404 on the API', () => srv.get('/api/v1/units/987654'), 404],
    ['a 404 of a missing static file', () => get('/assets/nothing-here.js'), 404],
    ['a 404 of an unknown route', () => get('/api/v1/no-such-thing'), 404],
    ['a 405', () => srv.request('PUT', '/api/v1/units', { json: {} }), 405],
    ['a 400 bad_query', () => srv.get('/api/v1/units?nope=1'), 400],
    ['a 422', () => srv.post('/api/v1/units', { code: 'H', kind: 'town' }), 422],
    ['a 204', async () => { const u = await srv.post('/api/v1/units', { code: 'H204', name: 'x', kind: 'town' }); return srv.del(`/api/v1/units/${u.json.id}`); }, 204],
    ['a 201', () => srv.post('/api/v1/units', { code: 'H201', name: 'x', kind: 'town' }), 201],
  ];
  for (const [what, call, status] of cases) {
    test(`${what} (${status}) carries CSP with frame-ancestors 'none', nosniff, Referrer-Policy and no server version`, async () => {
      const r = await call();
      assert.equal(r.status, status, `${what}: ${r.text?.slice(0, 200)}`);
      assertSecurityHeaders(r, what);
    });
  }

  test('a 414 and a 431 refused before routing carry the headers too', async () => {
    for (const [raw, status] of [
      [`GET /api/v1/units?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414],
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\nConnection: close\r\n\r\n`, 431],
    ]) {
      const r = await srv.anon.rawRequest(raw);
      assert.equal(r.status, status);
      assertSecurityHeaders(r, String(status));
    }
  });

  test('the HTML of the UI loads no inline script (the CSP would block it)', async () => {
    const r = await get('/');
    assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>\s*\S/i, 'no inline <script> with content');
    assert.doesNotMatch(r.text, /\son[a-z]+\s*=/i, 'no inline event handler attributes');
  });
});

describe('error responses reveal no internals', () => {
  test('4xx error bodies hold no SQL, file paths, or stack traces', async () => {
    const rs = [
      await srv.post('/api/v1/units', { code: "x'; DROP TABLE units; --", name: 'x', kind: 'town' }),
      await srv.get("/api/v1/units?q=%27%22%3B--&sort=name%27"),
      await srv.post('/api/v1/users', { username: "a' OR 1=1 --", display_name: 'x', role: 'enterprise', password: 'a long enough password' }),
      await srv.anon.post('/api/v1/auth/login', { username: "admin' --", password: "' OR '1'='1" }),
      await srv.request('POST', '/api/v1/units', { body: '{"code":', headers: { 'Content-Type': 'application/json' } }),
    ];
    for (const r of rs) {
      assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
      assert.doesNotMatch(r.text, /SELECT|INSERT|UPDATE |sqlite|postgres|syntax error|\.c:\d+|\/src\/|\/work\/|\/tmp\/|stack|errno/i, r.text);
    }
  });

  test('a 5xx carries an id that is also in the server log, the security headers, and no internals; the write it failed is not made', async () => {
    // A 5xx made from outside: the operation log's table is renamed away under a running server,
    // so a unit write (whose log record goes in the same transaction) fails inside the server.
    const s = await startServer({ data: 'empty' });
    try {
      const before = await s.listUnits();
      sql(s.db, 'ALTER TABLE audit_log RENAME TO audit_log_away');
      let r;
      try {
        r = await s.post('/api/v1/units', { code: 'FAILS', name: '写不进日志', kind: 'town' });
      } finally {
        sql(s.db, 'ALTER TABLE audit_log_away RENAME TO audit_log');
      }
      assert.ok(r.status >= 500 && r.status <= 599, `a 5xx: ${r.status} ${r.text}`);
      assertSecurityHeaders(r, '5xx');
      assert.equal(r.json?.error?.code, 'internal', r.text);
      const id = r.json.error.id;
      assert.equal(typeof id, 'string', `the error carries an id: ${r.text}`);
      assert.ok(id.length >= 6, id);
      assert.doesNotMatch(r.text, /audit_log|SELECT|INSERT|sqlite|postgres|relation|no such table|\.c:\d+|\/src\//i, `no internals: ${r.text}`);
      const line = await s.waitForLog((l) => JSON.stringify(l).includes(id));
      assert.ok(line, `the id ${id} is in a log line; stderr tail: ${s.stderr.slice(-1500)}`);
      assert.deepEqual(await s.listUnits(), before, 'the unit whose log record failed was not created (same transaction)');
    } finally {
      await stopAndCheck(s);
    }
  });
});
