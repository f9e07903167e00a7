// The operation log and the login log (docs/api-contract.md, issue 4): every unit and user write
// is recorded with who, from where, what and the before/after values; refused writes leave no
// record; the CSV export has the same rows; only the administrator and the appraisal office read
// it; the chain of hashes is verified by `pacesetter audit verify` and a tampered row is named.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopAndCheck, assertError, cli, sql, httpFrom, freshAddress, ADMIN_USERNAME, ADMIN_PASSWORD, parseCsv } from './server.mjs';

const PW = 'correct horse battery';
const AUDIT_KEYS = ['action', 'address', 'at', 'changes', 'hash', 'id', 'prev_hash', 'resource', 'resource_id', 'user_id', 'username'];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let srv;
let adminId;
let seq = 0;

/** Every audit record, oldest first. */
async function allAudit(c = srv, qs = '') {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await c.get(`/api/v1/audit?page_size=1000&page=${page}${qs ? `&${qs}` : ''}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total || !r.json.items.length) break;
  }
  return items.sort((a, b) => a.id - b.id);
}
/** The records written by fn (those whose id is above the highest before it). */
async function recordsOf(fn) {
  const before = await allAudit();
  const maxId = before.reduce((m, x) => Math.max(m, x.id), 0);
  const out = await fn();
  const after = await allAudit();
  return { out, records: after.filter((x) => x.id > maxId) };
}
/** A write from a given source address, authenticated as the administrator by a Bearer token. */
let bearer;
const from = (method, path, json, localAddress) =>
  httpFrom(srv.port, { method, path, json, localAddress, headers: { Authorization: `Bearer ${bearer}` } });

before(async () => {
  srv = await startServer({ data: 'empty' });
  adminId = (await srv.get('/api/v1/auth/me')).json.user.id;
  const t = await srv.post('/api/v1/tokens', { name: 'audit test' });
  assert.equal(t.status, 201, t.text);
  bearer = t.json.token;
});
after(async () => { await stopAndCheck(srv); });

describe('every write is recorded', () => {
  test('creating a unit records who, when, from which address, resource unit, its id, and every field [null, value]', async () => {
    const addr = freshAddress();
    const { out, records } = await recordsOf(() => from('POST', '/api/v1/units', { code: 'AUD1', name: '审计单位', kind: 'town', division_code: '320582', sort_order: 7 }, addr));
    assert.equal(out.status, 201, out.text);
    assert.equal(records.length, 1, JSON.stringify(records));
    const a = records[0];
    assert.deepEqual(Object.keys(a).sort(), AUDIT_KEYS);
    assert.equal(a.action, 'create');
    assert.equal(a.resource, 'unit');
    assert.equal(a.resource_id, out.json.id);
    assert.equal(a.user_id, adminId);
    assert.equal(a.username, ADMIN_USERNAME);
    assert.equal(a.address, addr, 'the address is the TCP peer');
    assert.match(a.at, TS);
    assert.ok(Math.abs(Date.parse(a.at) - Date.now()) < 60000, `at is now: ${a.at}`);
    assert.deepEqual(a.changes.code, [null, 'AUD1']);
    assert.deepEqual(a.changes.name, [null, '审计单位']);
    assert.deepEqual(a.changes.kind, [null, 'town']);
    assert.deepEqual(a.changes.division_code, [null, '320582']);
    assert.deepEqual(a.changes.sort_order, [null, 7]);
    assert.equal(typeof a.hash, 'string');
    assert.ok(a.hash.length >= 32);
  });

  test('updating a unit records only the changed fields as [before, after]', async () => {
    const u = (await srv.post('/api/v1/units', { code: `AUDX${++seq}`, name: '改前', kind: 'town', sort_order: 1 })).json;
    const addr = freshAddress();
    const { out, records } = await recordsOf(() => from('PATCH', `/api/v1/units/${u.id}`, { name: '改后', sort_order: 1, kind: 'park' }, addr));
    assert.equal(out.status, 200, out.text);
    assert.equal(records.length, 1);
    const a = records[0];
    assert.equal(a.action, 'update');
    assert.equal(a.resource, 'unit');
    assert.equal(a.resource_id, u.id);
    assert.equal(a.address, addr);
    assert.deepEqual(a.changes, { name: ['改前', '改后'], kind: ['town', 'park'] }, 'sort_order did not change: not recorded');
  });

  test('deleting a unit records the values it had as [value, null]', async () => {
    const u = (await srv.post('/api/v1/units', { code: `AUDX${++seq}`, name: '将删除', kind: 'other' })).json;
    const { out, records } = await recordsOf(() => srv.del(`/api/v1/units/${u.id}`));
    assert.equal(out.status, 204);
    assert.equal(records.length, 1);
    assert.equal(records[0].action, 'delete');
    assert.equal(records[0].resource_id, u.id);
    assert.deepEqual(records[0].changes.name, ['将删除', null]);
    assert.deepEqual(records[0].changes.code, [u.code, null]);
    assert.equal(records[0].address, '127.0.0.1');
  });

  test('creating, changing, disabling a user and resetting a password are recorded, never with a password or hash', async () => {
    const name = `auditee${++seq}`;
    const c = await recordsOf(() => srv.post('/api/v1/users', { username: name, display_name: '被审计', role: 'enterprise', password: PW }));
    assert.equal(c.out.status, 201, c.out.text);
    assert.equal(c.records.length, 1);
    assert.equal(c.records[0].resource, 'user');
    assert.equal(c.records[0].action, 'create');
    assert.equal(c.records[0].resource_id, c.out.json.id);
    assert.deepEqual(c.records[0].changes.username, [null, name]);
    assert.deepEqual(c.records[0].changes.role, [null, 'enterprise']);
    const id = c.out.json.id;
    const p = await recordsOf(() => srv.patch(`/api/v1/users/${id}`, { role: 'leader', display_name: '改名' }));
    assert.equal(p.records.length, 1);
    assert.deepEqual(p.records[0].changes, { role: ['enterprise', 'leader'], display_name: ['被审计', '改名'] });
    const d = await recordsOf(() => srv.patch(`/api/v1/users/${id}`, { disabled: true }));
    assert.equal(d.records.length, 1);
    assert.deepEqual(d.records[0].changes, { disabled: [false, true] });
    const r = await recordsOf(() => srv.post(`/api/v1/users/${id}/password`, { new_password: 'a reset password' }));
    assert.equal(r.out.status, 204);
    assert.equal(r.records.length, 1, 'a password reset is recorded');
    assert.equal(r.records[0].resource, 'user');
    assert.equal(r.records[0].resource_id, id);
    for (const rec of [...c.records, ...p.records, ...d.records, ...r.records]) {
      const s = JSON.stringify(rec);
      assert.ok(!s.includes(PW) && !s.includes('a reset password') && !/argon2|password_hash/.test(s), `no secret in ${s}`);
    }
  });

  test('creating and revoking an API token are recorded (resource token), without the secret', async () => {
    const c = await recordsOf(() => srv.post('/api/v1/tokens', { name: 'recorded' }));
    assert.equal(c.records.length, 1);
    assert.equal(c.records[0].resource, 'token');
    assert.equal(c.records[0].action, 'create');
    assert.ok(!JSON.stringify(c.records[0]).includes(c.out.json.token));
    const d = await recordsOf(() => srv.del(`/api/v1/tokens/${c.out.json.id}`));
    assert.equal(d.records.length, 1);
    assert.equal(d.records[0].resource, 'token');
    assert.equal(d.records[0].resource_id, c.out.json.id);
  });

  test('a user made with the CLI is recorded too', async () => {
    const name = `cliaudit${++seq}`;
    const { records } = await recordsOf(() => {
      const r = cli(['user', 'add', '--db', srv.db, '--username', name, '--role', 'enterprise'], `${PW}\n`);
      assert.equal(r.status, 0, r.stderr);
    });
    assert.equal(records.length, 1);
    assert.equal(records[0].resource, 'user');
    assert.deepEqual(records[0].changes.username, [null, name]);
  });
});

describe('refused writes leave no record', () => {
  test('invalid, duplicate, unauthenticated, forbidden, CSRF-less and not-found writes add no record', async () => {
    const u = (await srv.post('/api/v1/units', { code: `AUDX${++seq}`, name: '有子单位', kind: 'town' })).json;
    await srv.post('/api/v1/units', { code: `AUDX${++seq}`, name: '子', kind: 'other', parent_id: u.id });
    await srv.post('/api/v1/users', { username: 'plainuser', display_name: '普通', role: 'project_office', password: PW });
    const plain = await srv.login('plainuser', PW);
    const { records } = await recordsOf(async () => {
      const calls = [
        () => srv.post('/api/v1/units', { code: u.code, name: 'x', kind: 'town' }),
        () => srv.post('/api/v1/units', { code: 'BAD', name: '', kind: 'town' }),
        () => srv.patch(`/api/v1/units/${u.id}`, { parent_id: u.id }),
        () => srv.del(`/api/v1/units/${u.id}`),
        () => srv.del('/api/v1/units/987654'),
        () => srv.anon.post('/api/v1/units', { code: 'ANON', name: 'x', kind: 'town' }),
        () => srv.post('/api/v1/units', { code: 'NOCSRF', name: 'x', kind: 'town' }, { csrf: false }),
        () => plain.post('/api/v1/units', { code: 'FORBID', name: 'x', kind: 'town' }),
        () => plain.post('/api/v1/users', { username: 'byplain', display_name: 'x', role: 'system_admin', password: PW }),
        () => srv.post('/api/v1/users', { username: 'plainuser', display_name: 'x', role: 'enterprise', password: PW }),
        () => srv.post('/api/v1/users', { username: 'shortpw', display_name: 'x', role: 'enterprise', password: 'short' }),
        () => srv.patch('/api/v1/users/987654', { display_name: 'x' }),
        () => srv.patch(`/api/v1/users/${adminId}`, { disabled: true }),
      ];
      for (const f of calls) {
        const r = await f();
        assert.ok(r.status >= 400, `refused: ${r.method} ${r.path} -> ${r.status} ${r.text}`);
      }
    });
    assert.deepEqual(records, []);
  });
});

describe('reading the operation log', () => {
  test('newest first, with filters by user_id, resource, action, from and to', async () => {
    const r = await srv.get('/api/v1/audit?page_size=1000');
    const ids = r.json.items.map((x) => x.id);
    assert.deepEqual(ids, ids.slice().sort((a, b) => b - a), 'newest first');
    const all = await allAudit();
    for (const [qs, pred] of [
      ['resource=user', (x) => x.resource === 'user'],
      ['resource=unit', (x) => x.resource === 'unit'],
      ['action=delete', (x) => x.action === 'delete'],
      [`user_id=${adminId}`, (x) => x.user_id === adminId],
    ]) {
      const got = await allAudit(srv, qs);
      assert.deepEqual(got.map((x) => x.id), all.filter(pred).map((x) => x.id), qs);
      assert.ok(got.length > 0, `${qs} matches something`);
    }
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await allAudit(srv, `from=${today}&to=${today}`)).length, all.length);
    assert.equal((await allAudit(srv, 'to=2000-01-01')).length, 0);
    assert.equal((await allAudit(srv, 'from=2999-01-01')).length, 0);
  });

  test('refuses bad filters (400 bad_query)', async () => {
    for (const [qs, f] of [['from=yesterday', 'from'], ['to=2026-13-01', 'to'], ['action=steal', 'action'], ['resource=moon', 'resource'], ['nope=1', 'nope'], ['page_size=1001', 'page_size']]) {
      assertError(await srv.get(`/api/v1/audit?${qs}`), 400, 'bad_query', f);
    }
  });

  test('the CSV export has a header line and the same records as the list', async () => {
    const r = await srv.get('/api/v1/audit/export?format=csv');
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.headers['content-type'], /^text\/csv/);
    const text = r.text.replace(/^\uFEFF/, ''); // a byte order mark (for spreadsheet programs) is allowed
    const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
    const header = lines[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
    for (const k of ['序号', '时间', '用户', '地址', '操作', '对象', '对象编号']) assert.ok(header.includes(k), `header has ${k}: ${lines[0]}`);
    const all = await allAudit();
    const idCol = header.indexOf('序号');
    // records' changes may hold quoted commas and newlines: count records by their leading id
    const exported = parseCsv(text).slice(1).map((row) => Number(row[idCol])).sort((a, b) => a - b);
    assert.deepEqual(exported, all.map((x) => x.id));
    const filtered = await srv.get('/api/v1/audit/export?format=csv&resource=user');
    assert.deepEqual(parseCsv(filtered.text.replace(/^\uFEFF/, '')).slice(1).map((row) => Number(row[idCol])).sort((a, b) => a - b),
      all.filter((x) => x.resource === 'user').map((x) => x.id), 'the export takes the same filters');
  });

  test('only the administrator and the appraisal office may read and export it', async () => {
    for (const role of ['project_office', 'unit_reporter', 'leader', 'enterprise', 'appraisal_office']) {
      const name = `reader${++seq}`;
      const body = { username: name, display_name: '读者', role, password: PW };
      if (role === 'unit_reporter') {
        body.unit_id = (await srv.post('/api/v1/units', { code: `AUDX${++seq}`, name: '读者单位', kind: 'town' })).json.id;
      }
      assert.equal((await srv.post('/api/v1/users', body)).status, 201);
      const c = await srv.login(name, PW);
      if (role === 'appraisal_office') {
        assert.equal((await c.get('/api/v1/audit')).status, 200);
        assert.equal((await c.get('/api/v1/audit/export')).status, 200);
        assertError(await c.get('/api/v1/login-log'), 403, 'forbidden');
      } else {
        assertError(await c.get('/api/v1/audit'), 403, 'forbidden');
        assertError(await c.get('/api/v1/audit/export'), 403, 'forbidden');
        assertError(await c.get('/api/v1/login-log'), 403, 'forbidden');
      }
    }
    assertError(await srv.anon.get('/api/v1/audit'), 401, 'unauthenticated');
    assertError(await srv.anon.get('/api/v1/audit/export'), 401, 'unauthenticated');
  });

  test('the log cannot be changed through the API (no PUT, PATCH or DELETE)', async () => {
    const [first] = await allAudit();
    for (const m of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const r = await srv.request(m, '/api/v1/audit', { json: {} });
      assert.ok([404, 405].includes(r.status), `${m} /api/v1/audit -> ${r.status}`);
      const r2 = await srv.request(m, `/api/v1/audit/${first.id}`, { json: {} });
      assert.ok([404, 405].includes(r2.status), `${m} /api/v1/audit/${first.id} -> ${r2.status}`);
    }
    assert.deepEqual((await allAudit())[0], first);
  });
});

describe('the login log', () => {
  test('records successes and failures with the user name, address and time; never the password', async () => {
    const name = `logged${++seq}`;
    assert.equal((await srv.post('/api/v1/users', { username: name, display_name: '登录', role: 'enterprise', password: PW })).status, 201);
    const a1 = freshAddress();
    const a2 = freshAddress();
    const login = (pw, addr) => httpFrom(srv.port, { method: 'POST', path: '/api/v1/auth/login', json: { username: name, password: pw }, localAddress: addr });
    assert.equal((await login('wrong password here', a1)).status, 401);
    assert.equal((await login(PW, a2)).status, 200);
    const r = await srv.get('/api/v1/login-log?page_size=1000');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.filter((x) => x.username === name);
    assert.equal(mine.length, 2, JSON.stringify(mine));
    for (const x of mine) {
      assert.deepEqual(Object.keys(x).sort(), ['address', 'at', 'id', 'reason', 'success', 'username']);
      assert.match(x.at, TS);
    }
    const fail = mine.find((x) => x.success === false);
    const ok = mine.find((x) => x.success === true);
    assert.ok(fail && ok);
    assert.equal(fail.address, a1);
    assert.equal(ok.address, a2);
    assert.ok(fail.reason.length > 0);
    assert.ok(!r.text.includes('wrong password here') && !r.text.includes(PW));
  });

  test('records a failure for an unknown user name and a throttled attempt', async () => {
    const ghost = `ghost${++seq}`;
    const addr = freshAddress();
    for (let i = 0; i < 6; i++) await httpFrom(srv.port, { method: 'POST', path: '/api/v1/auth/login', json: { username: ghost, password: 'whatever it is' }, localAddress: addr });
    const r = await srv.get('/api/v1/login-log?page_size=1000');
    const mine = r.json.items.filter((x) => x.username === ghost);
    assert.ok(mine.length >= 5, `failures of an unknown name are logged: ${mine.length}`);
    assert.ok(mine.every((x) => x.success === false && x.address === addr));
  });
});

describe('pacesetter audit verify', () => {
  test('says ok with the number of records on an untouched log, exit 0', async () => {
    const all = await allAudit();
    const r = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(`ok: ${all.length} records`));
  });

  test('each record chains to the one before (prev_hash = hash of the previous record)', async () => {
    const all = await allAudit();
    for (let i = 1; i < all.length; i++) assert.equal(all[i].prev_hash, all[i - 1].hash, `record ${all[i].id}`);
  });

  test('exits 1 naming the record whose changes were altered in the database', async () => {
    // its own server and database: the tampering must not disturb the other tests
    const s = await startServer({ data: 'empty' });
    try {
      const made = [];
      for (let i = 0; i < 4; i++) made.push((await s.post('/api/v1/units', { code: `T${i}`, name: `单位${i}`, kind: 'town' })).json);
      const r0 = cli(['audit', 'verify', '--db', s.db]);
      assert.equal(r0.status, 0, r0.stdout + r0.stderr);
      const rows = sql(s.db, "SELECT id FROM audit_log WHERE resource = 'unit' ORDER BY id").trim().split('\n').map(Number);
      const victim = rows[1];
      sql(s.db, `UPDATE audit_log SET changes = replace(changes, '单位1', '单位X') WHERE id = ${victim}`);
      assert.match(sql(s.db, `SELECT changes FROM audit_log WHERE id = ${victim}`), /单位X/, 'the row was altered');
      const r = cli(['audit', 'verify', '--db', s.db]);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, new RegExp(`\\b${victim}\\b`), `names record ${victim}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout + r.stderr, /^ok/m);
    } finally {
      await stopAndCheck(s);
    }
  });

  test('exits 1 when a record was deleted from the middle of the chain', async () => {
    const s = await startServer({ data: 'empty' });
    try {
      for (let i = 0; i < 4; i++) await s.post('/api/v1/units', { code: `D${i}`, name: `单位${i}`, kind: 'town' });
      const rows = sql(s.db, 'SELECT id FROM audit_log ORDER BY id').trim().split('\n').map(Number);
      sql(s.db, `DELETE FROM audit_log WHERE id = ${rows[rows.length - 2]}`);
      const r = cli(['audit', 'verify', '--db', s.db]);
      assert.equal(r.status, 1, r.stdout + r.stderr);
    } finally {
      await stopAndCheck(s);
    }
  });
});

