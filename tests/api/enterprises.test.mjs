// The enterprises API (docs/api-contract.md, issue 6): every endpoint, each filter and sort, bad
// input on each field, duplicates, other tenants, who may read and write, import (create,
// re-import unchanged, a bad cell refused with nothing written), export read back, and the
// industry table. After every refused write the list of enterprises is what it was before.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, creditCode, creditCheckChar, parseCsv, cli, DEMO_ACCOUNTS, DEMO_PASSWORD } from './server.mjs';

const E = '/api/v1/enterprises';
const KEYS = ['above_size', 'created_at', 'credit_code', 'high_tech', 'id', 'industry_code', 'industry_name', 'leading_talent',
  'name', 'ownership', 'park_id', 'park_name', 'project_count', 'updated_at'];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const HEADERS = ['统一社会信用代码', '企业名称', '所属行业', '企业性质', '所在园区', '规上企业', '领军人才企业', '高新技术企业',
  '项目数', '创建时间', '更新时间'];

let srv;
let park;
let seq = 0;
const nextCode = () => creditCode(++seq);
const work = mkdtempSync(join(tmpdir(), 'pacesetter-enterprises-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Create an enterprise (defaults filled in), assert 201, return it. */
async function mk(fields = {}, as = srv) {
  const body = { credit_code: nextCode(), name: `测试企业${seq}`, ownership: 'domestic', ...fields };
  const r = await as.post(E, body);
  assert.equal(r.status, 201, `create ${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  return r.json;
}
/** Every match of the query, all pages of 1,000 put together (the demo alone has 2,000 enterprises): a response-like { json }. */
async function every(qs) {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await srv.get(`${E}?page_size=1000&page=${page}&${qs}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total || r.json.items.length === 0) return { status: r.status, json: { ...r.json, items } };
  }
}
/** Every enterprise, by id. */
async function all() {
  return (await every('sort=id')).json.items;
}
/** Run a refused write and assert that no enterprise changed. */
async function unchanged(fn) {
  const before = await all();
  const r = await fn();
  assert.deepEqual(await all(), before, `a refused write changes nothing: ${r.status} ${r.text}`);
  return r;
}
const ids = (r) => r.json.items.map((x) => x.id);
/** An import's refusal: 422 invalid_rows with its cells. */
function assertInvalidRows(r) {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'invalid_rows', r.text);
  assert.ok(r.json.error.cells.length > 0);
  return r.json.error;
}
const csvUpload = (text, query = '', as = srv) => as.request('POST', `${E}/import${query}`, { body: text, headers: { 'Content-Type': 'text/csv' } });

before(async () => {
  srv = await startServer({ data: 'demo' });
  const r = await srv.post('/api/v1/units', { code: 'ENT-PARK', name: '企业测试园区', kind: 'park' });
  assert.equal(r.status, 201, r.text);
  park = r.json;
});
after(async () => { await stopAndCheck(srv); });

describe('the credit code generator of the tests', () => {
  test('gives the check characters of published codes', () => {
    assert.equal(creditCheckChar('91320582MA1N2L3K4'), 'M');
    assert.equal(creditCheckChar('91110000100000000'), 'R');
    assert.match(creditCode(1), /^91320582000000001[0-9A-HJ-NPQRTUWXY]$/);
  });
});

describe('create, read, update, delete', () => {
  test('creates an enterprise (201, Location) and reads it back with its industry and park names', async () => {
    const code = nextCode();
    const r = await srv.post(E, { credit_code: code, name: '飞机制造有限公司', ownership: 'foreign', industry_code: '3741', park_id: park.id, above_size: true, high_tech: true });
    assert.equal(r.status, 201, r.text);
    const x = r.json;
    assert.deepEqual(Object.keys(x).sort(), KEYS);
    assert.equal(r.headers.location, `${E}/${x.id}`);
    assert.deepEqual({ ...x, id: 0, created_at: '', updated_at: '' }, {
      id: 0, credit_code: code, name: '飞机制造有限公司', industry_code: '3741', industry_name: '飞机制造', ownership: 'foreign',
      park_id: park.id, park_name: '企业测试园区', above_size: true, leading_talent: false, high_tech: true, project_count: 0,
      created_at: '', updated_at: '',
    });
    assert.match(x.created_at, TS);
    assert.equal(x.updated_at, x.created_at);
    const g = await srv.get(r.headers.location);
    assert.equal(g.status, 200);
    assert.deepEqual(g.json, x);
  });

  test('defaults: no industry, no park, every flag false', async () => {
    const x = await mk();
    assert.equal(x.industry_code, null);
    assert.equal(x.industry_name, null);
    assert.equal(x.park_id, null);
    assert.equal(x.park_name, null);
    assert.deepEqual([x.above_size, x.leading_talent, x.high_tech], [false, false, false]);
  });

  test('PATCH changes only the fields given; null clears the industry and the park', async () => {
    const x = await mk({ industry_code: '2710', park_id: park.id, leading_talent: true });
    const r = await srv.patch(`${E}/${x.id}`, { name: '改名后的企业', ownership: 'hmt' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual({ ...r.json, updated_at: '' }, { ...x, name: '改名后的企业', ownership: 'hmt', updated_at: '' });
    const c = await srv.patch(`${E}/${x.id}`, { industry_code: null, park_id: null, leading_talent: false, credit_code: nextCode() });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.json.industry_code, null);
    assert.equal(c.json.park_id, null);
    assert.equal(c.json.park_name, null);
    assert.equal(c.json.leading_talent, false);
    assert.deepEqual((await srv.get(`${E}/${x.id}`)).json, c.json);
  });

  test('DELETE answers 204 and the enterprise is gone; a second DELETE is 404', async () => {
    const x = await mk();
    const d = await srv.del(`${E}/${x.id}`);
    assert.equal(d.status, 204);
    assert.equal(d.text, '');
    assertError(await srv.get(`${E}/${x.id}`), 404, 'not_found');
    assertError(await srv.del(`${E}/${x.id}`), 404, 'not_found');
  });

  test('an unknown id, a non-numeric id and another city\'s enterprise answer 404', async () => {
    for (const id of ['987654', '0', 'abc', '-1', '1.5']) {
      assertError(await srv.get(`${E}/${id}`), 404, 'not_found');
      assertError(await unchanged(() => srv.patch(`${E}/${id}`, { name: 'x' })), 404, 'not_found');
      assertError(await unchanged(() => srv.del(`${E}/${id}`)), 404, 'not_found');
    }
    const mine = await mk();
    // another city: a tenant made with the CLI, the administrator switched into it
    const add = cli(['tenant', 'add', '--db', srv.db, '--division-code', '320581']);
    assert.equal(add.status, 0, add.stderr);
    const list = await srv.get('/api/v1/tenants');
    const other = list.json.items.find((x) => x.division_code === '320581');
    const admin2 = await srv.login('admin', DEMO_PASSWORD);
    assert.equal((await admin2.post('/api/v1/auth/tenant', { tenant_id: other.id })).status, 200);
    assertError(await admin2.get(`${E}/${mine.id}`), 404, 'not_found');
    assertError(await admin2.patch(`${E}/${mine.id}`, { name: '越界' }), 404, 'not_found');
    assertError(await admin2.del(`${E}/${mine.id}`), 404, 'not_found');
    const theirs = await admin2.get(E);
    assert.equal(theirs.json.total, 0, 'the other city lists none of ours');
    // the same credit code may be used in another city
    const same = await admin2.post(E, { credit_code: mine.credit_code, name: '同码企业', ownership: 'domestic' });
    assert.equal(same.status, 201, same.text);
    assert.equal((await srv.get(`${E}/${mine.id}`)).json.name, mine.name);
  });

  test('a second enterprise with the same credit code is 409 duplicate (create and update)', async () => {
    const a = await mk();
    const b = await mk();
    assertError(await unchanged(() => srv.post(E, { credit_code: a.credit_code, name: '重复', ownership: 'domestic' })), 409, 'duplicate', 'credit_code');
    assertError(await unchanged(() => srv.patch(`${E}/${b.id}`, { credit_code: a.credit_code })), 409, 'duplicate', 'credit_code');
    assert.equal((await srv.patch(`${E}/${a.id}`, { credit_code: a.credit_code })).status, 200, 'its own code is not a duplicate');
  });

  test('a unit named as an enterprise\'s park cannot be deleted (409 has_children)', async () => {
    const u = await srv.post('/api/v1/units', { code: 'ENT-PARK-2', name: '第二园区', kind: 'park' });
    await mk({ park_id: u.json.id });
    assertError(await srv.del(`/api/v1/units/${u.json.id}`), 409, 'has_children');
    assert.equal((await srv.get(`/api/v1/units/${u.json.id}`)).status, 200);
  });

  test('every write is in the operation log as resource enterprise', async () => {
    const x = await mk({ high_tech: true });
    await srv.patch(`${E}/${x.id}`, { name: '记录改名' });
    await srv.del(`${E}/${x.id}`);
    const r = await srv.get('/api/v1/audit?resource=enterprise&page_size=1000');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.filter((a) => a.resource_id === x.id).map((a) => [a.action, a.changes]);
    assert.deepEqual(mine, [
      ['delete', { credit_code: [x.credit_code, null], name: ['记录改名', null], ownership: ['domestic', null], above_size: [false, null], leading_talent: [false, null], high_tech: [true, null] }],
      ['update', { name: [x.name, '记录改名'] }],
      ['create', { credit_code: [null, x.credit_code], name: [null, x.name], ownership: [null, 'domestic'], above_size: [null, false], leading_talent: [null, false], high_tech: [null, true] }],
    ]);
  });
});

describe('bad input on each field: 422 with the field, nothing written', () => {
  const base = () => ({ credit_code: nextCode(), name: '字段测试企业', ownership: 'domestic' });

  test('requires credit_code, name and ownership', async () => {
    for (const f of ['credit_code', 'name', 'ownership']) {
      const body = base();
      delete body[f];
      assertError(await unchanged(() => srv.post(E, body)), 422, 'missing_field', f);
    }
  });

  test('refuses each broken rule of the credit code with a message naming it', async () => {
    const good = creditCode(424242);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const cases = [
      ['', /空|blank/],
      ['   ', /空|blank/],
      [good.slice(0, 17), /18/],
      [good + '1', /18/],
      [good.slice(0, 10) + 'a' + good.slice(11), /小写|lower case/],
      [good.slice(0, 10) + 'I' + good.slice(11), /I、O、Z、S、V/],
      [good.slice(0, 10) + '-' + good.slice(11), /digit or a capital/],
      ['91A20582' + good.slice(8), /3–8|division/],
      ['91990582' + good.slice(8), /省|province/],
      [wrongCheck, new RegExp(`校验位应为 ${good[17]}`)],
    ];
    for (const [code, message] of cases) {
      const e = assertError(await unchanged(() => srv.post(E, { ...base(), credit_code: code })), 422, 'invalid_value', 'credit_code');
      assert.match(`${e.message_zh} ${e.message_en}`, message, `${JSON.stringify(code)}: ${e.message_zh} / ${e.message_en}`);
    }
    const e = assertError(await srv.post(E, { ...base(), credit_code: wrongCheck }, { lang: 'en' }), 422, 'invalid_value', 'credit_code');
    assert.match(e.message, new RegExp(`should be ${good[17]}, not ${wrongCheck[17]}`));
    const lower = good.toLowerCase();
    if (lower !== good) assertError(await srv.post(E, { ...base(), credit_code: lower }), 422, 'invalid_value', 'credit_code');
  });

  test('refuses a blank, a too long or a control-character name', async () => {
    assertError(await unchanged(() => srv.post(E, { ...base(), name: '' })), 422, 'invalid_value', 'name');
    assertError(await unchanged(() => srv.post(E, { ...base(), name: ' \u3000 ' })), 422, 'invalid_value', 'name');
    assertError(await unchanged(() => srv.post(E, { ...base(), name: '企'.repeat(101) })), 422, 'too_long', 'name');
    assertError(await unchanged(() => srv.post(E, { ...base(), name: '企业\u0007' })), 422, 'invalid_value', 'name');
    assert.equal((await srv.post(E, { ...base(), name: '企'.repeat(100) })).status, 201, '100 characters are allowed');
  });

  test('refuses an industry code not in GB/T 4754-2017, a bad ownership and an unknown park', async () => {
    for (const code of ['9999', '37411', 'Z', '', 'abc']) {
      assertError(await unchanged(() => srv.post(E, { ...base(), industry_code: code })), 422, 'invalid_value', 'industry_code');
    }
    for (const o of ['state', 'Domestic', '内资', '']) {
      assertError(await unchanged(() => srv.post(E, { ...base(), ownership: o })), 422, 'invalid_value', 'ownership');
    }
    assertError(await unchanged(() => srv.post(E, { ...base(), park_id: 987654 })), 422, 'invalid_value', 'park_id');
    assertError(await unchanged(() => srv.post(E, { ...base(), park_id: 0 })), 422, 'invalid_value', 'park_id');
    const x = await mk();
    assertError(await unchanged(() => srv.patch(`${E}/${x.id}`, { park_id: 987654 })), 422, 'invalid_value', 'park_id');
    for (const code of ['C', '37', '374', '3741']) assert.equal((await srv.post(E, { ...base(), industry_code: code })).status, 201, code);
  });

  test('refuses wrong JSON types for every field', async () => {
    const wrong = { credit_code: 91, name: ['x'], industry_code: 3741, ownership: true, park_id: '1', above_size: 'true', leading_talent: 1, high_tech: null };
    for (const [f, v] of Object.entries(wrong)) {
      assertError(await unchanged(() => srv.post(E, { ...base(), [f]: v })), 422, 'wrong_type', f);
    }
    for (const f of ['credit_code', 'name', 'ownership']) {
      assertError(await unchanged(() => srv.post(E, { ...base(), [f]: null })), 422, 'wrong_type', f);
    }
  });

  test('refuses unknown and read-only fields', async () => {
    for (const f of ['id', 'project_count', 'park_name', 'industry_name', 'created_at', 'updated_at', 'nope']) {
      assertError(await unchanged(() => srv.post(E, { ...base(), [f]: 1 })), 422, 'unknown_field', f);
    }
    const x = await mk();
    assertError(await unchanged(() => srv.patch(`${E}/${x.id}`, { id: 5 })), 422, 'unknown_field', 'id');
  });

  test('refuses a body that is not a JSON object or not JSON', async () => {
    assertError(await srv.request('POST', E, { body: '[1]', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('POST', E, { body: '{', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('POST', E, { body: '{}', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
  });
});

describe('the list: filters, sorts, paging', () => {
  const made = {};
  before(async () => {
    const u = await srv.post('/api/v1/units', { code: 'LIST-PARK', name: '筛选园区', kind: 'park' });
    made.park = u.json;
    const p = made.park.id;
    made.a = await mk({ name: '筛选甲 航空', industry_code: '3741', ownership: 'foreign', park_id: p, high_tech: true });
    made.b = await mk({ name: '筛选乙 制药', industry_code: '2710', ownership: 'domestic', park_id: p, above_size: true });
    made.c = await mk({ name: '筛选丙 农业', industry_code: '0111', ownership: 'hmt', leading_talent: true });
    made.d = await mk({ name: '筛选丁 无行业', ownership: 'domestic', above_size: true, high_tech: true });
  });
  const mine = (r) => ids(r).filter((id) => ['a', 'b', 'c', 'd'].some((k) => made[k].id === id));
  const q = (s) => every(`sort=id&${s}`);

  test('filters by industry: a class, its group, its division and its section; A is agriculture only', async () => {
    const { a, b, c } = made;
    assert.deepEqual(mine(await q('industry=3741')), [a.id]);
    assert.deepEqual(mine(await q('industry=374')), [a.id]);
    assert.deepEqual(mine(await q('industry=37')), [a.id]);
    assert.deepEqual(mine(await q('industry=C')), [a.id, b.id]);
    assert.deepEqual(mine(await q('industry=A')), [c.id]);
    assert.deepEqual(mine(await q('industry=01')), [c.id]);
    assert.deepEqual(mine(await q('industry=B')), []);
  });

  test('filters by ownership, park and each flag, and combines them', async () => {
    const { a, b, c, d } = made;
    assert.deepEqual(mine(await q('ownership=foreign')), [a.id]);
    assert.deepEqual(mine(await q('ownership=domestic')), [b.id, d.id]);
    assert.deepEqual(mine(await q('ownership=hmt')), [c.id]);
    assert.deepEqual(mine(await q(`park_id=${made.park.id}`)), [a.id, b.id]);
    assert.deepEqual(mine(await q('above_size=true')), [b.id, d.id]);
    assert.deepEqual(mine(await q('above_size=false')), [a.id, c.id]);
    assert.deepEqual(mine(await q('high_tech=true')), [a.id, d.id]);
    assert.deepEqual(mine(await q('leading_talent=true')), [c.id]);
    assert.deepEqual(mine(await q('ownership=domestic&above_size=true&high_tech=true')), [d.id]);
    const r = await q(`park_id=${made.park.id}&industry=C&high_tech=false`);
    assert.deepEqual(ids(r), [b.id]);
    assert.equal(r.json.total, 1);
  });

  test('q finds a substring of the name or the credit code', async () => {
    assert.deepEqual(ids(await q(`q=${encodeURIComponent('筛选丙')}`)), [made.c.id]);
    assert.deepEqual(ids(await q(`q=${made.b.credit_code.slice(8)}`)), [made.b.id]);
    assert.deepEqual(mine(await q(`q=${encodeURIComponent('筛选')}`)), [made.a.id, made.b.id, made.c.id, made.d.id]);
  });

  test('sorts by each documented key, both ways, ties by id', async () => {
    const items = await all();
    const by = (key) => (x, y) => (x[key] < y[key] ? -1 : x[key] > y[key] ? 1 : x.id - y.id);
    const bytes = (s) => Buffer.from(s, 'utf8').toString('latin1'); // the database compares bytes
    for (const key of ['name', 'credit_code', 'id', 'created_at', 'updated_at']) {
      const norm = items.map((x) => ({ ...x, [key]: typeof x[key] === 'string' ? bytes(x[key]) : x[key] }));
      const up = norm.slice().sort(by(key)).map((x) => x.id);
      const down = norm.slice().sort((x, y) => -by(key)(x, y)).map((x) => x.id);
      assert.deepEqual(ids(await every(`sort=${key}`)), up, key);
      assert.deepEqual(ids(await every(`sort=-${key}`)), down, `-${key}`);
    }
    assert.deepEqual(ids(await every('')), ids(await every('sort=name')), 'name is the default');
  });

  test('pages: page and page_size, the total of every match, an empty page past the end', async () => {
    const every = await all();
    const p2 = await srv.get(`${E}?sort=id&page=2&page_size=2`);
    assert.deepEqual(p2.json.items.map((x) => x.id), every.slice(2, 4).map((x) => x.id));
    assert.deepEqual([p2.json.total, p2.json.page, p2.json.page_size], [every.length, 2, 2]);
    const past = await srv.get(`${E}?page=1000&page_size=10`);
    assert.deepEqual(past.json.items, []);
    assert.equal(past.json.total, every.length);
    const dflt = await srv.get(E);
    assert.equal(dflt.json.page_size, 25);
  });

  test('refuses bad and unknown query parameters with 400 bad_query naming them', async () => {
    const bad = [['ownership', 'state'], ['industry', '9999'], ['industry', ''], ['park_id', 'x'], ['park_id', '0'],
      ['above_size', 'yes'], ['leading_talent', '1'], ['high_tech', 'TRUE'], ['sort', 'kind'], ['sort', '--name'],
      ['page', '0'], ['page_size', '1001'], ['q', ''], ['q', '字'.repeat(101)], ['nope', '1']];
    for (const [k, v] of bad) assertError(await srv.get(`${E}?${k}=${encodeURIComponent(v)}`), 400, 'bad_query', k);
  });
});

describe('who may read and write', () => {
  const readers = Object.keys(DEMO_ACCOUNTS).filter((n) => n !== 'enterprise');
  const writers = ['admin', 'project'];

  test('every role but enterprise reads; only the administrator and the project office write', async () => {
    const x = await mk();
    for (const name of Object.keys(DEMO_ACCOUNTS)) {
      const c = await srv.login(name, DEMO_PASSWORD);
      const list = await c.get(E);
      const one = await c.get(`${E}/${x.id}`);
      if (readers.includes(name)) {
        assert.equal(list.status, 200, name);
        assert.deepEqual(one.json, (await srv.get(`${E}/${x.id}`)).json, name);
      } else {
        assertError(list, 403, 'forbidden');
        assertError(one, 403, 'forbidden');
        assertError(await c.get(`${E}/987654`), 403, 'forbidden');
      }
      const created = await c.post(E, { credit_code: nextCode(), name: `${name}建的企业`, ownership: 'domestic' });
      const patched = await c.patch(`${E}/${x.id}`, { name: `${name}改的名` });
      if (writers.includes(name)) {
        assert.equal(created.status, 201, `${name}: ${created.text}`);
        assert.equal(patched.status, 200, name);
        assert.equal((await c.del(`${E}/${created.json.id}`)).status, 204, name);
      } else {
        assertError(created, 403, 'forbidden');
        assertError(patched, 403, 'forbidden');
        assertError(await c.del(`${E}/${x.id}`), 403, 'forbidden');
        assertError(await csvUpload(`统一社会信用代码,企业名称,企业性质\n${nextCode()},无权导入,内资\n`, '', c), 403, 'forbidden');
      }
    }
  });

  test('without a login every endpoint answers 401', async () => {
    for (const [m, p] of [['GET', E], ['POST', E], ['GET', `${E}/1`], ['PATCH', `${E}/1`], ['DELETE', `${E}/1`], ['GET', `${E}/export`],
      ['GET', `${E}/import-template`], ['POST', `${E}/import`], ['GET', '/api/v1/industries']]) {
      assertError(await srv.anon.request(m, p, m === 'POST' || m === 'PATCH' ? { json: {} } : {}), 401, 'unauthenticated');
    }
  });
});

describe('the industry table', () => {
  test('lists GB/T 4754-2017 with code, name, parent and level, to every logged-in role', async () => {
    for (const name of Object.keys(DEMO_ACCOUNTS)) {
      const c = await srv.login(name, DEMO_PASSWORD);
      const r = await c.get('/api/v1/industries?q=3741');
      assert.equal(r.status, 200, name);
      assert.deepEqual(r.json, { items: [{ code: '3741', name: '飞机制造', parent: '374', level: 4 }] });
    }
    const sections = await srv.get('/api/v1/industries?level=1');
    assert.equal(sections.json.items.length, 20);
    assert.deepEqual(sections.json.items[0], { code: 'A', name: '农、林、牧、渔业', parent: null, level: 1 });
    const every = await srv.get('/api/v1/industries');
    assert.ok(every.json.items.length > 1300, `${every.json.items.length} entries`);
    for (const level of [2, 3, 4]) {
      const r = await srv.get(`/api/v1/industries?level=${level}`);
      assert.ok(r.json.items.every((x) => x.level === level && x.parent), `level ${level}`);
    }
    const byName = await srv.get(`/api/v1/industries?q=${encodeURIComponent('飞机')}`);
    assert.ok(byName.json.items.some((x) => x.code === '3741'));
  });

  test('refuses a bad level, an empty q and unknown parameters', async () => {
    for (const qs of ['level=0', 'level=5', 'level=x', 'q=', 'page=1']) {
      assertError(await srv.get(`/api/v1/industries?${qs}`), 400, 'bad_query', qs.split('=')[0]);
    }
  });
});

describe('import', () => {
  const header = '统一社会信用代码,企业名称,所属行业,企业性质,所在园区,规上企业,领军人才企业,高新技术企业\n';

  test('creates from a sheet (industry as "code name", park by code or name, ownership by label or value), then re-imports unchanged', async () => {
    const [c1, c2, c3] = [nextCode(), nextCode(), nextCode()];
    const sheet = header +
      `${c1},导入航空,3741 飞机制造,外资,ENT-PARK,是,否,是\n` +
      `${c2},导入制药,2710,domestic,企业测试园区,否,是,否\n` +
      `${c3},导入无园区,,港澳台,,,,\n`;
    const dry = await csvUpload(sheet, '?dry_run=true');
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual([dry.json.created, dry.json.updated, dry.json.unchanged], [3, 0, 0]);
    assert.equal((await srv.get(`${E}?q=${c1}`)).json.total, 0, 'a dry run writes nothing');
    const r = await csvUpload(sheet);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.created, r.json.updated, r.json.unchanged], [3, 0, 0]);
    const [x1] = (await srv.get(`${E}?q=${c1}`)).json.items;
    assert.deepEqual([x1.name, x1.industry_code, x1.ownership, x1.park_id, x1.above_size, x1.leading_talent, x1.high_tech],
      ['导入航空', '3741', 'foreign', park.id, true, false, true]);
    const [x2] = (await srv.get(`${E}?q=${c2}`)).json.items;
    assert.deepEqual([x2.ownership, x2.park_id, x2.leading_talent], ['domestic', park.id, true]);
    const [x3] = (await srv.get(`${E}?q=${c3}`)).json.items;
    assert.deepEqual([x3.industry_code, x3.park_id, x3.ownership], [null, null, 'hmt']);
    const again = await csvUpload(sheet);
    assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, 3]);
    const changed = await csvUpload(`统一社会信用代码,企业名称,企业性质\n${c1},导入改名,外资\n`);
    assert.deepEqual([changed.json.created, changed.json.updated, changed.json.unchanged], [0, 1, 0], changed.text);
    const [y1] = (await srv.get(`${E}?q=${c1}`)).json.items;
    assert.deepEqual([y1.name, y1.industry_code, y1.park_id, y1.high_tech], ['导入改名', '3741', park.id, true],
      'columns the sheet lacks stay as they were');
  });

  test('a bad credit code is a bad cell with its row and column, and nothing is written', async () => {
    const good = nextCode();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await all();
    const r = await csvUpload(header + `${nextCode()},好企业,,内资,,,,\n${bad},坏企业,,内资,,,,\n${nextCode()},坏行业,9999,内资,不存在的园区,,,\n`);
    assertInvalidRows(r);
    assert.deepEqual(r.json.error.cells.map((c) => [c.row, c.column, c.header]),
      [[3, 'A', '统一社会信用代码'], [4, 'C', '所属行业']]);
    assert.match(r.json.error.cells[0].reason_zh, new RegExp(`校验位应为 ${good[17]}`));
    assert.deepEqual(await all(), before);
    const park2 = await csvUpload(header + `${nextCode()},园区不明,,内资,不存在的园区,,,\n`);
    assertInvalidRows(park2);
    assert.deepEqual(park2.json.error.cells.map((c) => [c.row, c.column]), [[2, 'E']]);
    const twice = await csvUpload(header + `${good},一,,内资,,,,\n${good},二,,内资,,,,\n`);
    assertInvalidRows(twice);
    assert.deepEqual(twice.json.error.cells.map((c) => [c.row, c.column]), [[3, 'A']]);
    assert.deepEqual(await all(), before);
  });

  test('the command line imports and exports enterprises', async () => {
    const file = join(work, 'cli.csv');
    const code = nextCode();
    writeFileSync(file, `统一社会信用代码,企业名称,企业性质\n${code},命令行导入,外资\n`);
    const r = cli(['import', 'enterprises', file, '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).created, 1);
    const out = join(work, 'cli-export.csv');
    const x = cli(['export', 'enterprises', out, '--db', srv.db]);
    assert.equal(x.status, 0, x.stderr);
    const rows = parseCsv(spawnSync('cat', [out], { encoding: 'utf8' }).stdout);
    assert.deepEqual(rows[0], HEADERS);
    assert.ok(rows.some((row) => row[0] === code && row[1] === '命令行导入' && row[3] === '外资'));
  });
});

describe('export and template', () => {
  test('exports the filtered list as CSV in the list\'s order, and the export imports back unchanged', async () => {
    await mk({ name: '导出企业', industry_code: '3741', park_id: park.id, high_tech: true });
    const list = await srv.get(`${E}?page_size=1000&sort=-credit_code&high_tech=true`);
    const r = await srv.get(`${E}/export?format=csv&sort=-credit_code&high_tech=true`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-disposition'], /filename="enterprises\.csv"/);
    const rows = parseCsv(r.text);
    assert.deepEqual(rows[0], HEADERS);
    assert.deepEqual(rows.slice(1).map((row) => row[0]), list.json.items.map((x) => x.credit_code));
    const x = list.json.items.find((i) => i.name === '导出企业');
    const row = rows.find((rr) => rr[0] === x.credit_code);
    assert.deepEqual(row.slice(0, 9), [x.credit_code, '导出企业', '3741 飞机制造', '内资', 'ENT-PARK', '否', '否', '是', '0']);
    const back = await csvUpload(r.text);
    assert.equal(back.status, 200, back.text);
    assert.deepEqual([back.json.created, back.json.updated, back.json.unchanged], [0, 0, rows.length - 1]);
    assertError(await srv.get(`${E}/export?page=1`), 400, 'bad_query', 'page');
  });

  test('exports xlsx and gives an import template that openpyxl reads', async () => {
    const x = await srv.get(`${E}/export`);
    assert.equal(x.status, 200);
    assert.equal(x.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const t = await srv.get(`${E}/import-template`);
    assert.equal(t.status, 200);
    assert.match(t.headers['content-disposition'], /filename="enterprises-import-template\.xlsx"/);
    for (const [name, bytes] of [['export', x.bytes], ['template', t.bytes]]) {
      const file = join(work, `${name}.xlsx`);
      writeFileSync(file, bytes);
      const py = spawnSync('/usr/bin/python3', ['-c', 'import sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print("|".join(str(c.value) for c in next(r for r in ws.iter_rows() if any(c.value == "企业名称" for c in r))))', file], { encoding: 'utf8' });
      assert.equal(py.status, 0, py.stderr);
      assert.ok(py.stdout.includes('统一社会信用代码|企业名称|所属行业|企业性质|所在园区'), `${name}: ${py.stdout}`);
    }
    // the template's example row is a valid enterprise: the template imports as it is
    const again = await srv.request('POST', `${E}/import?dry_run=true`, {
      body: t.bytes, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    assert.equal(again.status, 200, again.text);
  });
});
