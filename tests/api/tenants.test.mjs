// Tenant isolation: two cities on one installation (one database). Every request acts within
// the tenant of the logged-in user's account: a city's users never see a row of another city,
// by list, count, id, search, or as a parent, and writes aimed at another city's ids change
// nothing. Also the tenant commands themselves.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, stopAndCheck, BIN } from './server.mjs';

function cli(args, input) {
  return spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, input });
}

/** A client logged in as `username`: get/post/patch/del with the session cookie and CSRF token. */
async function loginAs(srv, username, password) {
  const r = await fetch(`${srv.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const text = await r.text();
  assert.equal(r.status, 200, `login ${username}: ${text}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = JSON.parse(text);
  const call = async (method, path, json) => {
    const headers = { Cookie: cookie, 'X-CSRF-Token': csrf };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${srv.base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await res.text();
    let body;
    try { body = JSON.parse(text); } catch { body = undefined; }
    return { status: res.status, json: body, text };
  };
  return {
    get: (p) => call('GET', p), post: (p, j) => call('POST', p, j), patch: (p, j) => call('PATCH', p, j),
    del: (p) => call('DELETE', p),
    async listUnits() { return (await call('GET', '/api/v1/units?page_size=1000&sort=id')).json.items; },
  };
}

describe('tenants', () => {
  let base; // one server for the installation, with its own administrator (tenant 1)
  let a;    // an administrator of 张家港市 320582
  let b;    // an administrator of 常熟市 320581
  let root; // an administrator of the default tenant
  const made = {};
  const PASSWORD = 'tenant-admin-pass';

  before(async () => {
    base = await startServer({ data: 'empty' });
    for (const code of ['320582', '320581']) {
      const r = cli(['tenant', 'add', '--db', base.db, '--division-code', code]);
      assert.equal(r.status, 0, r.stderr);
    }
    for (const [name, tenant] of [['admin_zjg', '320582'], ['admin_cs', '320581'], ['admin_root', 'default']]) {
      const r = cli(['user', 'add', '--db', base.db, '--username', name, '--role', 'system_admin', '--tenant', tenant], `${PASSWORD}\n`);
      assert.equal(r.status, 0, r.stderr);
    }
    a = await loginAs(base, 'admin_zjg', PASSWORD);
    b = await loginAs(base, 'admin_cs', PASSWORD);
    root = await loginAs(base, 'admin_root', PASSWORD);
    // the same code in both cities is allowed: codes are unique per tenant
    for (const [srv, name] of [[a, '张家港发改委'], [b, '常熟发改委']]) {
      const p = await srv.post('/api/v1/units', { code: 'FGW', name, kind: 'department' });
      assert.equal(p.status, 201, p.text);
      const c = await srv.post('/api/v1/units', { code: 'FGW-1', name: `${name}下属`, kind: 'other', parent_id: p.json.id });
      assert.equal(c.status, 201, c.text);
      made[srv === a ? 'a' : 'b'] = { parent: p.json, child: c.json };
    }
  });
  after(async () => {
    await stopAndCheck(base);
  });

  test('tenant list shows every city with its division code and official name', () => {
    const r = cli(['tenant', 'list', '--db', base.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\n2\t320582\t张家港市\t/);
    assert.match(r.stdout, /\n3\t320581\t常熟市\t/);
  });

  test('tenant add refuses a division code already used, or one that does not exist, and adds nothing', () => {
    let r = cli(['tenant', 'add', '--db', base.db, '--division-code', '320582']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /division code 320582 already belongs to tenant 2/);
    r = cli(['tenant', 'add', '--db', base.db, '--division-code', '329999']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no such county-level division|no prefecture-level/);
    r = cli(['tenant', 'add', '--db', base.db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--division-code is required/);
    const list = cli(['tenant', 'list', '--db', base.db]);
    assert.equal(list.stdout.trim().split('\n').length, 4, 'header and three tenants');
  });

  test('user add refuses a tenant that does not exist', () => {
    const r = cli(['user', 'add', '--db', base.db, '--username', 'nobody_here', '--role', 'leader', '--tenant', '110101'], `${PASSWORD}\n`);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no tenant has division code 110101/);
  });

  test("a city's user list holds only that city's users", async () => {
    const names = (await a.get('/api/v1/users?page_size=1000')).json.items.map((u) => u.username);
    assert.deepEqual(names, ['admin_zjg']);
    const other = (await b.get('/api/v1/users?page_size=1000')).json.items.map((u) => u.username);
    assert.deepEqual(other, ['admin_cs']);
    const home = (await root.get('/api/v1/users?page_size=1000')).json.items.map((u) => u.username).sort();
    assert.deepEqual(home, ['admin', 'admin_root'], 'the installation tenant has its own users only');
  });

  test("a city's login log, and its export, hold only its own users' logins; the installation's holds every one", async () => {
    // a failed attempt under a name nobody has: the installation's to see, no city's
    const stray = await fetch(`${base.base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'nobody_here', password: 'not the password at all' }),
    });
    assert.equal(stray.status, 401);
    const names = async (c) => [...new Set((await c.get('/api/v1/login-log?page_size=1000')).json.items.map((l) => l.username))].sort();
    assert.deepEqual(await names(a), ['admin_zjg']);
    assert.deepEqual(await names(b), ['admin_cs']);
    const all = await names(root);
    for (const n of ['admin_zjg', 'admin_cs', 'admin_root', 'nobody_here']) assert.ok(all.includes(n), `${n} in ${all}`);
    const csv = await a.get('/api/v1/login-log/export?format=csv');
    assert.equal(csv.status, 200, csv.text.slice(0, 200));
    assert.ok(csv.text.includes('admin_zjg'));
    for (const n of ['admin_cs', 'admin_root', 'nobody_here']) assert.ok(!csv.text.includes(n), `${n} not in a city's export`);
  });

  test('a city lists and counts only its own units', async () => {
    for (const [srv, own, other] of [[a, 'a', 'b'], [b, 'b', 'a'], [root, null, 'a']]) {
      const r = await srv.get('/api/v1/units?page_size=1000');
      assert.equal(r.status, 200);
      const ids = r.json.items.map((u) => `${u.id}:${u.name}`);
      assert.equal(r.json.total, own ? 2 : 0);
      assert.deepEqual(ids, own ? [`${made[own].parent.id}:${made[own].parent.name}`, `${made[own].child.id}:${made[own].child.name}`] : []);
      for (const q of [made[other].parent.name, 'FGW']) {
        const s = await srv.get(`/api/v1/units?q=${encodeURIComponent(q)}`);
        assert.ok(s.json.items.every((u) => !u.name.startsWith(made[other].parent.name.slice(0, 2))), `search ${q} leaks`);
      }
      const byKind = await srv.get('/api/v1/units?kind=department');
      assert.equal(byKind.json.total, own ? 1 : 0);
    }
  });

  test("a city cannot read, change, move under, or delete another city's unit by id", async () => {
    // ids are per tenant: b's units have the same ids as a's; a's ids in b name b's own rows
    const foreignOnly = 999;
    const before = await a.listUnits();
    const r = await b.get(`/api/v1/units/${made.a.parent.id}`);
    assert.equal(r.json.name, '常熟发改委', 'the id resolves within the caller\'s tenant, never to the other city');
    assert.equal((await b.get(`/api/v1/units/${foreignOnly}`)).status, 404);
    const moved = await b.post('/api/v1/units', { code: 'X', name: 'x', kind: 'other', parent_id: foreignOnly });
    assert.equal(moved.status, 422);
    await b.patch(`/api/v1/units/${made.b.parent.id}`, { name: '常熟发改委（改）' });
    await b.del(`/api/v1/units/${made.b.child.id}`);
    assert.deepEqual(await a.listUnits(), before, "city A's rows are untouched by city B's writes");
    const after = await b.get(`/api/v1/units/${made.b.parent.id}`);
    assert.equal(after.json.name, '常熟发改委（改）');
    assert.equal(after.json.child_count, 0);
  });

  test('only an administrator of the installation tenant lists the cities and switches into one', async () => {
    const list = await root.get('/api/v1/tenants');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((t) => [t.id, t.division_code, t.active]), [[1, null, true], [2, '320582', false], [3, '320581', false]]);
    for (const city of [a, b]) {
      assert.equal((await city.get('/api/v1/tenants')).status, 403, "a city's administrator cannot see the other cities");
      assert.equal((await city.post('/api/v1/auth/tenant', { tenant_id: 1 })).status, 403);
    }
    const bad = await root.post('/api/v1/auth/tenant', { tenant_id: 99 });
    assert.equal(bad.status, 422);
    assert.equal((await root.get('/api/v1/units')).json.total, 0);
    const sw = await root.post('/api/v1/auth/tenant', { tenant_id: 2 });
    assert.equal(sw.status, 200, sw.text);
    assert.equal(sw.json.name, '张家港市');
    const seen = await root.get('/api/v1/units?page_size=1000&sort=id');
    assert.deepEqual(seen.json.items.map((u) => u.name), ['张家港发改委', '张家港发改委下属'], 'after the switch the session acts within 张家港市');
    assert.equal((await root.post('/api/v1/auth/tenant', { tenant_id: 1 })).status, 200);
    assert.equal((await root.get('/api/v1/units')).json.total, 0, 'and back');
  });
});
