// Tenant isolation: two cities on one installation (one database), each server acting within
// its tenant (serve --tenant CODE, until accounts choose the tenant). A city never sees a row
// of another city, by list, count, id, search, or as a parent; writes aimed at another city's
// ids change nothing. Also the tenant commands themselves.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, stopAndCheck, BIN } from './server.mjs';

function cli(args) {
  return spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000 });
}

describe('tenants', () => {
  let base; // the default tenant's server, owner of the database
  let a;    // 张家港市 320582
  let b;    // 常熟市 320581
  const made = {};

  before(async () => {
    base = await startServer({ data: 'empty' });
    for (const code of ['320582', '320581']) {
      const r = cli(['tenant', 'add', '--db', base.db, '--division-code', code]);
      assert.equal(r.status, 0, r.stderr);
    }
    a = await startServer({ dir: base.dir, serveArgs: ['--tenant', '320582'] });
    b = await startServer({ dir: base.dir, serveArgs: ['--tenant', '320581'] });
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
    await b?.stop({ keep: true });
    await a?.stop({ keep: true });
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

  test('serve refuses a tenant that does not exist', () => {
    const r = cli(['serve', '--db', base.db, '--tenant', '110101', '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no tenant has division code 110101/);
  });

  test('a city lists and counts only its own units', async () => {
    for (const [srv, own, other] of [[a, 'a', 'b'], [b, 'b', 'a'], [base, null, 'a']]) {
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
});
