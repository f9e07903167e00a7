// The project library (docs/api-contract.md, issue 6): projects created, read, changed and
// deleted; every list filter and sort with paging and totals; each refused field; the derived
// stage, pool and size class; monthly reports with their running totals, corrections and the
// operation log; red/yellow/green warnings and their rules; and each role's data scope.
// Dates are relative to today (the server's local date), so the file passes on any day.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, stopAndCheck, assertError, sql, parseCsv, REPO_ROOT, DEMO_PASSWORD,
} from './server.mjs';

const P = '/api/v1/projects';
const MILESTONES = ['negotiating', 'signed', 'registered', 'started', 'completed', 'production', 'full_capacity'];
const POOL_OF = [null, 'reserve', 'preliminary', 'preliminary', 'construction', 'completed', 'production', 'production'];
const WARNING_RANK = { green: 0, yellow: 1, red: 2 };
const AMOUNT_MAX = 1000000000000000;
const YI = 10000000000; // 1 亿元 in fen
const PROJECT_KEYS = ['id', 'code', 'name', 'enterprise_id', 'enterprise_name', 'unit_id', 'unit_name', 'carrier_id',
  'carrier_name', 'industry_code', 'industry_name', 'category', 'source', 'tags', 'total_investment',
  'foreign_investment', 'talent_tier', 'major_technology', 'major_industrialisation', 'major_market', 'energy_use',
  'land_area', 'annual_output', 'description', 'milestones', 'stage', 'pool', 'size_class', 'size_label', 'plans',
  'year_plan', 'year_to_date', 'invested_total', 'warning', 'warning_reasons', 'created_at', 'updated_at'].sort();
const REPORT_KEYS = ['project_id', 'month', 'amount', 'cumulative', 'year_to_date', 'progress', 'reporter_name',
  'created_at', 'updated_at'].sort();

// ---- dates, relative to today (local time, as the server's date_today)
const pad = (n) => String(n).padStart(2, '0');
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const TODAY = new Date();
const daysAgo = (n) => { const d = new Date(TODAY.getFullYear(), TODAY.getMonth(), TODAY.getDate()); d.setDate(d.getDate() - n); return isoDay(d); };
const YEAR = TODAY.getFullYear();
const MONTH = TODAY.getMonth() + 1; // 1..12
/** The month k months before this one, "YYYY-MM" (k < 0: after). */
const monthAgo = (k) => { const d = new Date(YEAR, TODAY.getMonth() - k, 1); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`; };
/** The first day of the month k months ago. */
const firstDayOf = (k) => `${monthAgo(k)}-01`;

// ---- the industry table, for the expected results of the industry filter
const INDUSTRY_PARENT = {};
for (const row of parseCsv(readFileSync(join(REPO_ROOT, 'data', 'industry', 'gbt4754-2017.csv'), 'utf8')).slice(1)) {
  if (row[0]) INDUSTRY_PARENT[row[0]] = row[2] || null;
}
const underIndustry = (code, ancestor) => {
  for (let c = code; c; c = INDUSTRY_PARENT[c]) if (c === ancestor) return true;
  return false;
};

let srv;
let units;
const byCode = {};
const clients = {};
let seq = 0;
const code = (p = 'PT') => `${p}-${++seq}`;
const body = (extra = {}) => ({ code: code(), name: '测试项目', unit_id: byCode['TOWN-01'].id, category: 'industry', source: 'domestic', ...extra });

async function mk(extra = {}, as = srv) {
  const b = body(extra);
  const r = await as.post(P, b);
  assert.equal(r.status, 201, `create ${JSON.stringify(b)}: ${r.text}`);
  return r.json;
}
const get = async (id) => {
  const r = await srv.get(`${P}/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const put = (c, id, month, json) => c.request('PUT', `${P}/${id}/reports/${month}`, { json });
async function report(id, month, amount, progress = '') {
  const r = await put(srv, id, month, { amount, progress });
  assert.equal(r.status, 200, `report ${month}: ${r.text}`);
  return r.json;
}
/** Every project the client sees, by id. */
async function all(c = srv, qs = '') {
  const r = await c.get(`${P}?page_size=1000&sort=id${qs}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, r.json.items.length, 'fits one page');
  return r.json.items;
}
function subtree(unitCode) {
  const ids = new Set([byCode[unitCode].id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units) if (u.parent_id !== null && ids.has(u.parent_id) && !ids.has(u.id)) { ids.add(u.id); grew = true; }
  }
  return ids;
}
const ids = (items) => items.map((p) => p.id);
/** The stored enterprises of this file (POST /api/v1/enterprises is another branch's): id -> name. */
const ENTERPRISES = { 900001: '测试企业甲', 900002: '测试企业乙' };

before(async () => {
  srv = await startServer({ data: 'demo' });
  units = await srv.listUnits();
  for (const u of units) byCode[u.code] = u;
  const tenant = Number(sql(srv.db, 'SELECT min(id) FROM tenants').trim());
  for (const [id, name] of Object.entries(ENTERPRISES)) {
    sql(srv.db, `INSERT INTO enterprises (tenant_id, id, credit_code, name, ownership, created_at, updated_at)
      VALUES (${tenant}, ${id}, '91320582MA1X${id}', '${name}', 'domestic', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  }
  for (const name of ['reporter', 'town_leader', 'enterprise', 'leader', 'appraisal', 'project']) clients[name] = await srv.login(name, DEMO_PASSWORD);
});
after(async () => { await stopAndCheck(srv); });

describe('create, read, change and delete a project', () => {
  test('creates a project with every field: 201, Location, and GET answers the same project', async () => {
    const b = body({
      name: '年产10万吨新材料项目', enterprise_id: 900001, carrier_id: byCode['TOWN-01-JJ'].id, industry_code: '3011',
      source: 'foreign', tags: ['外资', '沪苏对接'], total_investment: 3 * YI, foreign_investment: 123456, talent_tier: 'provincial',
      major_technology: true, major_industrialisation: false, major_market: true, energy_use: 1000, land_area: 0,
      annual_output: 5 * YI, description: '一期\n二期\t三期',
      milestones: { signed: { planned: daysAgo(40), actual: daysAgo(35) }, started: { planned: daysAgo(-30) } },
      plans: { [YEAR]: YI, [YEAR + 1]: 2 * YI },
    });
    const r = await srv.post(P, b);
    assert.equal(r.status, 201, r.text);
    const p = r.json;
    assert.equal(r.headers.location, `${P}/${p.id}`);
    assert.deepEqual(Object.keys(p).sort(), PROJECT_KEYS);
    for (const k of ['code', 'name', 'enterprise_id', 'carrier_id', 'industry_code', 'category', 'source', 'tags',
      'total_investment', 'foreign_investment', 'talent_tier', 'major_technology', 'major_industrialisation', 'major_market',
      'energy_use', 'land_area', 'annual_output', 'description']) assert.deepEqual(p[k], b[k], k);
    assert.equal(p.unit_id, byCode['TOWN-01'].id);
    assert.equal(p.unit_name, byCode['TOWN-01'].name);
    assert.equal(p.carrier_name, byCode['TOWN-01-JJ'].name);
    assert.equal(p.enterprise_name, '测试企业甲');
    assert.equal(p.industry_name, '水泥制造');
    assert.deepEqual(p.milestones.signed, { planned: daysAgo(40), actual: daysAgo(35) });
    assert.deepEqual(p.milestones.started, { planned: daysAgo(-30), actual: null });
    assert.deepEqual(p.milestones.negotiating, { planned: null, actual: null });
    assert.deepEqual(Object.keys(p.milestones), MILESTONES);
    assert.equal(p.stage, 'signed');
    assert.equal(p.pool, 'preliminary');
    assert.equal(p.size_class, 1);
    assert.equal(p.size_label, '1亿–5亿元');
    assert.deepEqual(p.plans, { [YEAR]: YI, [YEAR + 1]: 2 * YI });
    assert.equal(p.year_plan, YI);
    assert.equal(p.year_to_date, 0);
    assert.equal(p.invested_total, 0);
    const g = await srv.get(r.headers.location);
    assert.equal(g.status, 200);
    assert.deepEqual(g.json, p);
  });

  test('a project with only the required fields has the documented defaults', async () => {
    const p = await mk();
    assert.deepEqual(
      { ...p, id: 0, code: '', created_at: '', updated_at: '' },
      {
        id: 0, code: '', name: '测试项目', enterprise_id: null, enterprise_name: null, unit_id: byCode['TOWN-01'].id,
        unit_name: byCode['TOWN-01'].name, carrier_id: null, carrier_name: null, industry_code: null, industry_name: null,
        category: 'industry', source: 'domestic', tags: [], total_investment: 0, foreign_investment: 0, talent_tier: 'none',
        major_technology: false, major_industrialisation: false, major_market: false, energy_use: null, land_area: null,
        annual_output: null, description: '', milestones: Object.fromEntries(MILESTONES.map((m) => [m, { planned: null, actual: null }])),
        stage: null, pool: 'reserve', size_class: 0, size_label: '1亿元以下', plans: {}, year_plan: 0, year_to_date: 0,
        invested_total: 0, warning: 'green', warning_reasons: [], created_at: '', updated_at: '',
      });
  });

  test('PATCH changes only the fields given; a step may name only planned or only actual; null clears; plans set and remove years', async () => {
    const p = await mk({
      tags: ['甲'], energy_use: 5, enterprise_id: 900001,
      milestones: { signed: { planned: daysAgo(20), actual: daysAgo(10) } }, plans: { [YEAR]: 100, [YEAR + 1]: 200 },
    });
    const r = await srv.patch(`${P}/${p.id}`, {
      name: '改名项目', milestones: { signed: { planned: daysAgo(15) }, started: { actual: daysAgo(5) } },
      plans: { [YEAR]: null, [YEAR + 2]: 300 }, energy_use: null, enterprise_id: null, tags: [],
    });
    assert.equal(r.status, 200, r.text);
    const q = r.json;
    assert.equal(q.name, '改名项目');
    assert.equal(q.code, p.code, 'code unchanged');
    assert.deepEqual(q.milestones.signed, { planned: daysAgo(15), actual: daysAgo(10) }, 'the actual date kept');
    assert.deepEqual(q.milestones.started, { planned: null, actual: daysAgo(5) });
    assert.deepEqual(q.plans, { [YEAR + 1]: 200, [YEAR + 2]: 300 });
    assert.equal(q.year_plan, 0);
    assert.equal(q.energy_use, null);
    assert.equal(q.enterprise_id, null);
    assert.equal(q.enterprise_name, null);
    assert.deepEqual(q.tags, []);
    assert.equal(q.stage, 'started');
    assert.equal(q.pool, 'construction');
    assert.deepEqual(await get(p.id), q);
    const same = await srv.patch(`${P}/${p.id}`, {});
    assert.equal(same.status, 200);
    assert.deepEqual({ ...same.json, updated_at: '' }, { ...q, updated_at: '' }, 'an empty PATCH changes nothing');
  });

  test('create, update and delete are logged with their changes (resource project)', async () => {
    const p = await mk({ total_investment: 100 });
    assert.equal((await srv.patch(`${P}/${p.id}`, { total_investment: 200, milestones: { signed: { actual: daysAgo(1) } } })).status, 200);
    assert.equal((await srv.del(`${P}/${p.id}`)).status, 204);
    const log = (await srv.get('/api/v1/audit?resource=project&page_size=1000')).json.items.filter((a) => a.resource_id === p.id);
    assert.deepEqual(log.map((a) => a.action).sort(), ['create', 'delete', 'update']);
    const upd = log.find((a) => a.action === 'update');
    assert.deepEqual(upd.changes.total_investment, [100, 200]);
    assert.deepEqual(upd.changes.actual_signed, [null, daysAgo(1)]);
    assert.deepEqual(log.find((a) => a.action === 'create').changes.code, [null, p.code]);
    assert.deepEqual(log.find((a) => a.action === 'delete').changes.code, [p.code, null]);
  });

  test('DELETE answers 204, then the project is gone (404 for GET, PATCH, DELETE and its reports)', async () => {
    const p = await mk();
    const d = await srv.del(`${P}/${p.id}`);
    assert.equal(d.status, 204);
    assert.equal(d.bytes.length, 0);
    assertError(await srv.get(`${P}/${p.id}`), 404, 'not_found');
    assertError(await srv.patch(`${P}/${p.id}`, { name: 'x' }), 404, 'not_found');
    assertError(await srv.del(`${P}/${p.id}`), 404, 'not_found');
    assertError(await srv.get(`${P}/${p.id}/reports`), 404, 'not_found');
  });

  test('DELETE is refused with 409 has_children once the project has a monthly report', async () => {
    const p = await mk({ milestones: { signed: { actual: firstDayOf(0) } } });
    await report(p.id, monthAgo(0), 100);
    assertError(await srv.del(`${P}/${p.id}`), 409, 'has_children');
    assert.equal((await srv.get(`${P}/${p.id}`)).status, 200, 'still there');
  });

  test('an id that is not a positive integer is 404 not_found', async () => {
    for (const id of ['0', '-1', 'abc', '1.5', '99999999999999999999', '987654']) {
      assertError(await srv.get(`${P}/${id}`), 404, 'not_found');
      assertError(await srv.get(`${P}/${id}/reports`), 404, 'not_found');
    }
  });
});

describe('refused input: each field', () => {
  const refuse = async (extra, status, errCode, field, msg) => {
    const r = await srv.post(P, body(extra));
    const e = assertError(r, status, errCode, field);
    if (msg) for (const m of msg) assert.ok(e.message_zh.includes(m) && e.message_en.includes(m), `message names ${m}: ${e.message_zh} / ${e.message_en}`);
    return e;
  };

  test('missing required fields: code, name, unit_id, category, source', async () => {
    for (const f of ['code', 'name', 'unit_id', 'category', 'source']) {
      const b = body();
      delete b[f];
      assertError(await srv.post(P, b), 422, 'missing_field', f);
    }
  });

  test('unknown and read-only fields are unknown_field', async () => {
    for (const f of ['id', 'stage', 'pool', 'size_class', 'warning', 'invested_total', 'year_plan', 'created_at', 'colour']) {
      await refuse({ [f]: 1 }, 422, 'unknown_field', f);
    }
  });

  test('wrong JSON types are wrong_type', async () => {
    const cases = [['code', 1], ['name', ['x']], ['unit_id', '1'], ['unit_id', 1.5], ['enterprise_id', true], ['carrier_id', {}],
      ['industry_code', 3011], ['category', 1], ['source', null], ['tags', 'a,b'], ['tags', [1]], ['total_investment', '100'],
      ['total_investment', 1.5], ['foreign_investment', null], ['major_technology', 1], ['major_market', 'true'],
      ['energy_use', '1'], ['description', 5], ['milestones', []], ['plans', [1]], ['talent_tier', false]];
    for (const [f, v] of cases) await refuse({ [f]: v }, 422, 'wrong_type', f);
    await refuse({ milestones: { started: '2020-01-01' } }, 422, 'wrong_type', 'milestones.started');
    await refuse({ plans: { [YEAR]: '100' } }, 422, 'wrong_type', `plans.${YEAR}`);
  });

  test('bad values of the text and enum fields', async () => {
    await refuse({ code: '' }, 422, 'invalid_value', 'code');
    await refuse({ code: 'a b' }, 422, 'invalid_value', 'code');
    await refuse({ code: '项目' }, 422, 'invalid_value', 'code');
    await refuse({ code: 'A'.repeat(33) }, 422, 'too_long', 'code');
    assert.equal((await srv.post(P, body({ code: `L${'A'.repeat(31)}` }))).status, 201, '32 characters are allowed');
    for (const blank of ['', '   ']) {
      const r = await srv.post(P, body({ name: blank }));
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.field, 'name');
    }
    await refuse({ name: '张'.repeat(101) }, 422, 'too_long', 'name');
    assert.equal((await srv.post(P, body({ name: '张'.repeat(100) }))).status, 201);
    await refuse({ name: 'a\u0001b' }, 422, 'invalid_value', 'name');
    await refuse({ category: 'factory' }, 422, 'invalid_value', 'category');
    await refuse({ source: 'mars' }, 422, 'invalid_value', 'source');
    await refuse({ talent_tier: 'global' }, 422, 'invalid_value', 'talent_tier');
    await refuse({ industry_code: '9999' }, 422, 'invalid_value', 'industry_code');
    await refuse({ industry_code: '' }, 422, 'invalid_value', 'industry_code');
    await refuse({ description: '张'.repeat(2001) }, 422, 'too_long', 'description');
  });

  test('tags: at most 8, none blank, duplicated, too long or holding | or ,', async () => {
    assert.equal((await srv.post(P, body({ tags: Array.from({ length: 8 }, (_, i) => `标签${i}`) }))).status, 201);
    await refuse({ tags: Array.from({ length: 9 }, (_, i) => `标签${i}`) }, 422, 'invalid_value', 'tags');
    await refuse({ tags: ['外资', '外资'] }, 422, 'invalid_value', 'tags');
    await refuse({ tags: ['a', 'b', 'a'] }, 422, 'invalid_value', 'tags');
    for (const blank of ['', ' ']) {
      const r = await srv.post(P, body({ tags: [blank] }));
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.field, 'tags');
    }
    await refuse({ tags: ['张'.repeat(21)] }, 422, 'too_long', 'tags');
    await refuse({ tags: ['a|b'] }, 422, 'invalid_value', 'tags');
    await refuse({ tags: ['a,b'] }, 422, 'invalid_value', 'tags');
    const p = await mk({ tags: ['ab', 'a', 'b'] });
    assert.deepEqual(p.tags, ['ab', 'a', 'b'], 'a tag inside another is not a duplicate');
  });

  test('amounts: negative or over 10 万亿元 refused, the maximum accepted', async () => {
    for (const f of ['total_investment', 'foreign_investment', 'energy_use', 'land_area', 'annual_output']) {
      await refuse({ [f]: -1 }, 422, 'invalid_value', f);
      await refuse({ [f]: AMOUNT_MAX + 1 }, 422, 'invalid_value', f);
      assert.equal((await srv.post(P, body({ [f]: AMOUNT_MAX }))).status, 201, f);
    }
    await refuse({ plans: { [YEAR]: -1 } }, 422, 'invalid_value', `plans.${YEAR}`);
    await refuse({ plans: { [YEAR]: AMOUNT_MAX + 1 } }, 422, 'invalid_value', `plans.${YEAR}`);
  });

  test('plans: a year of four digits from 1990 to 2100', async () => {
    for (const y of ['1989', '2101', '26', '20x6', '02026', '']) await refuse({ plans: { [y]: 1 } }, 422, 'invalid_value', `plans.${y}`);
    const p = await mk({ plans: { 1990: 1, 2100: 2 } });
    assert.deepEqual(p.plans, { 1990: 1, 2100: 2 });
  });

  test('milestones: an unknown step, an unknown kind, a bad date', async () => {
    await refuse({ milestones: { launched: { planned: daysAgo(1) } } }, 422, 'unknown_field', 'milestones.launched');
    const kind = await srv.post(P, body({ milestones: { started: { begun: daysAgo(1) } } }));
    assert.equal(kind.status, 422);
    assert.equal(kind.json.error.code, 'unknown_field');
    assert.match(kind.json.error.field, /^milestones\.started/);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', '20260101', 'tomorrow', '', 20260101]) {
      await refuse({ milestones: { started: { planned: bad } } }, 422, 'invalid_value', 'milestones.started.planned');
    }
    await refuse({ milestones: { completed: { actual: '2026-00-10' } } }, 422, 'invalid_value', 'milestones.completed.actual');
  });

  test('milestones: dates before 1990 or more than 30 years ahead are refused', async () => {
    await refuse({ milestones: { signed: { planned: '1989-12-31' } } }, 422, 'invalid_value', 'milestones.signed.planned');
    await refuse({ milestones: { signed: { planned: `${YEAR + 31}-01-01` } } }, 422, 'invalid_value', 'milestones.signed.planned');
    assert.equal((await srv.post(P, body({ milestones: { signed: { planned: `${YEAR + 30}-12-31`, actual: '1990-01-01' } } }))).status, 201);
  });

  test('milestones: an actual date before the previous step\'s actual date names both dates in field milestones.started.actual', async () => {
    const signed = daysAgo(10);
    const started = daysAgo(11);
    const e = await refuse({ milestones: { signed: { actual: signed }, started: { actual: started } } }, 422, 'invalid_value',
      'milestones.started.actual', [signed, started]);
    assert.match(e.message_zh, /开工/);
    assert.match(e.message_zh, /签约/);
    // a skipped step is passed over: compared with the nearest earlier step that has an actual date
    await refuse({ milestones: { negotiating: { actual: signed }, started: { actual: started } } }, 422, 'invalid_value',
      'milestones.started.actual', [signed, started]);
    assert.equal((await srv.post(P, body({ milestones: { signed: { actual: signed }, started: { actual: signed } } }))).status, 201, 'the same day is fine');
    // on PATCH the rule applies to the stored dates and the new ones together
    const p = await mk({ milestones: { signed: { actual: signed } } });
    const r = await srv.patch(`${P}/${p.id}`, { milestones: { started: { actual: started } } });
    assertError(r, 422, 'invalid_value', 'milestones.started.actual');
    assert.ok(r.json.error.message_en.includes(signed) && r.json.error.message_en.includes(started), r.text);
    assert.deepEqual((await get(p.id)).milestones.started, { planned: null, actual: null }, 'nothing changed');
  });

  test('milestones: an actual date in the future is refused; today is fine; planned dates may be ahead', async () => {
    const e = await refuse({ milestones: { signed: { actual: daysAgo(-1) } } }, 422, 'invalid_value', 'milestones.signed.actual', [daysAgo(-1)]);
    assert.ok(e.message_en.includes(daysAgo(0)), `names today: ${e.message_en}`);
    assert.equal((await srv.post(P, body({ milestones: { signed: { actual: daysAgo(0), planned: daysAgo(-400) } } }))).status, 201);
  });

  test('unknown unit, carrier or enterprise: 422 invalid_value on that field', async () => {
    await refuse({ unit_id: 987654 }, 422, 'invalid_value', 'unit_id');
    await refuse({ carrier_id: 987654 }, 422, 'invalid_value', 'carrier_id');
    await refuse({ enterprise_id: 987654 }, 422, 'invalid_value', 'enterprise_id');
    for (const f of ['unit_id', 'carrier_id', 'enterprise_id']) {
      await refuse({ [f]: 0 }, 422, 'invalid_value', f);
      await refuse({ [f]: -3 }, 422, 'invalid_value', f);
    }
    const p = await mk();
    assertError(await srv.patch(`${P}/${p.id}`, { unit_id: 987654 }), 422, 'invalid_value', 'unit_id');
  });

  test('a code already used is 409 duplicate (create and PATCH), field code', async () => {
    const a = await mk();
    const b = await mk();
    assertError(await srv.post(P, body({ code: a.code })), 409, 'duplicate', 'code');
    assertError(await srv.patch(`${P}/${b.id}`, { code: a.code }), 409, 'duplicate', 'code');
    assert.equal((await srv.patch(`${P}/${a.id}`, { code: a.code })).status, 200, 'its own code is no duplicate');
  });

  test('the body: not JSON 400, not an object 400, wrong media type 415', async () => {
    assertError(await srv.request('POST', P, { body: '{', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('POST', P, { body: '[]', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('POST', P, { body: '{}', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
    const p = await mk();
    assertError(await srv.request('PATCH', `${P}/${p.id}`, { body: '{"name":"a","name":"b"}', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
  });
});

describe('derived fields: stage, pool and size class', () => {
  test('stage is the last step with an actual date and the pool follows it; clearing dates moves it back', async () => {
    const p = await mk();
    assert.equal(p.stage, null);
    assert.equal(p.pool, 'reserve');
    const steps = {};
    for (let i = 0; i < MILESTONES.length; i++) {
      steps[MILESTONES[i]] = { actual: daysAgo(70 - 10 * i) };
      const r = await srv.patch(`${P}/${p.id}`, { milestones: { [MILESTONES[i]]: { actual: daysAgo(70 - 10 * i) } } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.stage, MILESTONES[i]);
      assert.equal(r.json.pool, POOL_OF[i + 1], MILESTONES[i]);
    }
    const back = await srv.patch(`${P}/${p.id}`, { milestones: { full_capacity: { actual: null }, production: { actual: null }, completed: { actual: null } } });
    assert.equal(back.json.stage, 'started');
    assert.equal(back.json.pool, 'construction');
    // a skipped step: started without signed or registered
    const q = await mk({ category: 'infrastructure', milestones: { started: { actual: daysAgo(3) } } });
    assert.equal(q.stage, 'started');
    assert.equal(q.pool, 'construction');
    const r = await mk({ milestones: { registered: { actual: daysAgo(3) } } });
    assert.equal(r.pool, 'preliminary');
    const n = await mk({ milestones: { negotiating: { actual: daysAgo(3) } } });
    assert.equal(n.stage, 'negotiating');
    assert.equal(n.pool, 'reserve');
  });

  test('the size class at each threshold (1亿, 5亿, 10亿, 50亿元), and after PUT size-classes every project\'s class follows', async () => {
    const want = [[0, 0, '1亿元以下'], [YI - 1, 0, '1亿元以下'], [YI, 1, '1亿–5亿元'], [5 * YI - 1, 1, '1亿–5亿元'], [5 * YI, 2, '5亿–10亿元'],
      [10 * YI, 3, '10亿–50亿元'], [50 * YI - 1, 3, '10亿–50亿元'], [50 * YI, 4, '50亿元以上'], [AMOUNT_MAX, 4, '50亿元以上']];
    const made = [];
    for (const [amount, cls, label] of want) {
      const p = await mk({ total_investment: amount });
      assert.equal(p.size_class, cls, `${amount}`);
      assert.equal(p.size_label, label, `${amount}`);
      made.push(p);
    }
    const moved = await srv.patch(`${P}/${made[0].id}`, { total_investment: 10 * YI });
    assert.equal(moved.json.size_class, 3, 'a change of the total moves the class');
    assert.equal((await srv.patch(`${P}/${made[0].id}`, { total_investment: 0 })).json.size_class, 0);

    const before = (await srv.get('/api/v1/project-settings/size-classes')).json;
    try {
      const r = await srv.request('PUT', '/api/v1/project-settings/size-classes', { json: { thresholds: [5 * YI, 20 * YI] } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.thresholds, [5 * YI, 20 * YI]);
      assert.equal(r.json.labels.length, 3);
      assert.deepEqual((await srv.get('/api/v1/project-settings/size-classes')).json, r.json);
      const expect = (amount) => (amount >= 20 * YI ? 2 : amount >= 5 * YI ? 1 : 0);
      for (const p of made) {
        const g = await get(p.id);
        assert.equal(g.size_class, expect(g.total_investment), `${g.total_investment} after the change`);
        assert.equal(g.size_label, r.json.labels[g.size_class]);
      }
      const listed = await all(srv, `&size_class=2`);
      assert.ok(listed.length > 0 && listed.every((p) => p.total_investment >= 20 * YI), 'the list filters by the new classes');
      const created = await mk({ total_investment: 5 * YI });
      assert.equal(created.size_class, 1, 'a new project gets a class by the new thresholds');
      const log = (await srv.get('/api/v1/audit?resource=project_settings')).json.items;
      assert.ok(log.some((a) => JSON.stringify(a.changes).includes(String(20 * YI))), 'the change is logged');
    } finally {
      const r = await srv.request('PUT', '/api/v1/project-settings/size-classes', { json: { thresholds: before.thresholds } });
      assert.equal(r.status, 200, r.text);
    }
    for (let i = 1; i < made.length; i++) assert.equal((await get(made[i].id)).size_class, want[i][1], 'back with the default thresholds');
  });

  test('size-classes: PUT refuses an empty, unordered, non-positive, too long or non-integer list', async () => {
    const putSizes = (json) => srv.request('PUT', '/api/v1/project-settings/size-classes', { json });
    assertError(await putSizes({}), 422, 'missing_field', 'thresholds');
    assertError(await putSizes({ thresholds: [] }), 422, 'invalid_value', 'thresholds');
    assertError(await putSizes({ thresholds: [2, 1] }), 422, 'invalid_value', 'thresholds');
    assertError(await putSizes({ thresholds: [1, 1] }), 422, 'invalid_value', 'thresholds');
    assertError(await putSizes({ thresholds: [0] }), 422, 'invalid_value', 'thresholds');
    assertError(await putSizes({ thresholds: [AMOUNT_MAX + 1] }), 422, 'invalid_value', 'thresholds');
    assertError(await putSizes({ thresholds: [1, 2, 3, 4, 5, 6, 7, 8, 9] }), 422, 'invalid_value', 'thresholds');
    assertError(await putSizes({ thresholds: [1.5] }), 422, 'wrong_type', 'thresholds');
    assertError(await putSizes({ thresholds: ['1'] }), 422, 'wrong_type', 'thresholds');
    assertError(await putSizes({ thresholds: [1], labels: ['x'] }), 422, 'unknown_field', 'labels');
    assert.deepEqual((await srv.get('/api/v1/project-settings/size-classes')).json.thresholds, [YI, 5 * YI, 10 * YI, 50 * YI], 'unchanged');
  });
});

describe('monthly reports', () => {
  /** Running totals as the contract says: cumulative over all months, year_to_date within each year. */
  const expectTotals = (items) => {
    let cum = 0;
    let ytd = 0;
    let year = '';
    return items.map((r) => {
      if (r.month.slice(0, 4) !== year) { year = r.month.slice(0, 4); ytd = 0; }
      cum += r.amount;
      ytd += r.amount;
      return { month: r.month, amount: r.amount, cumulative: cum, year_to_date: ytd };
    });
  };
  const totals = (items) => items.map(({ month, amount, cumulative, year_to_date }) => ({ month, amount, cumulative, year_to_date }));

  test('a report answers the report and the project; cumulative and year_to_date run over the months (a year boundary resets year_to_date)', async () => {
    // signed 14 months ago: the reports cross a year boundary whatever today's month is
    const p = await mk({ milestones: { signed: { actual: firstDayOf(14) } }, plans: { [YEAR]: 1000 } });
    const months = [14, 13, 12, 11, 3, 2, 1, 0].map(monthAgo);
    let amount = 100;
    for (const m of months) {
      const r = await put(srv, p.id, m, { amount, progress: `${m} 进展` });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json).sort(), ['project', 'report']);
      assert.deepEqual(Object.keys(r.json.report).sort(), REPORT_KEYS);
      assert.equal(r.json.report.month, m);
      assert.equal(r.json.report.amount, amount);
      assert.equal(r.json.report.progress, `${m} 进展`);
      assert.equal(r.json.report.reporter_name, 'admin');
      assert.equal(r.json.report.project_id, p.id);
      assert.equal(r.json.project.id, p.id);
      amount += 10;
    }
    const list = await srv.get(`${P}/${p.id}/reports`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items.map((r) => r.month), months, 'oldest first');
    assert.deepEqual(totals(list.json.items), expectTotals(list.json.items));
    const g = await get(p.id);
    const sum = list.json.items.reduce((s, r) => s + r.amount, 0);
    assert.equal(g.invested_total, sum);
    assert.equal(g.year_to_date, list.json.items.filter((r) => r.month.startsWith(`${YEAR}-`)).reduce((s, r) => s + r.amount, 0));
  });

  test('a late correction of an earlier month recomputes every later month, the project\'s totals, and is logged with old and new values', async () => {
    const p = await mk({ milestones: { started: { actual: firstDayOf(5) } } });
    for (let k = 5; k >= 0; k--) await report(p.id, monthAgo(k), 1000);
    const corrected = await put(srv, p.id, monthAgo(4), { amount: 4000, progress: '更正' });
    assert.equal(corrected.status, 200, corrected.text);
    assert.equal(corrected.json.report.amount, 4000);
    assert.equal(corrected.json.report.cumulative, 5000);
    const items = (await srv.get(`${P}/${p.id}/reports`)).json.items;
    assert.equal(items.length, 6);
    assert.deepEqual(totals(items), expectTotals(items));
    assert.equal(items[items.length - 1].cumulative, 9000);
    assert.equal((await get(p.id)).invested_total, 9000);
    assert.equal(corrected.json.project.invested_total, 9000);

    const log = (await srv.get('/api/v1/audit?resource=progress&page_size=1000')).json.items.filter((a) => a.resource_id === p.id);
    assert.equal(log.length, 7, 'six reports and one correction');
    const upd = log.filter((a) => a.action === 'update');
    assert.equal(upd.length, 1);
    assert.deepEqual(upd[0].changes.amount, [1000, 4000]);
    assert.deepEqual(upd[0].changes.progress, [null, '更正']);
    assert.ok(JSON.stringify(upd[0].changes).includes(monthAgo(4)), `names the month: ${JSON.stringify(upd[0].changes)}`);
    const created = log.filter((a) => a.action === 'create');
    assert.ok(created.every((a) => a.changes.amount[0] === null && a.changes.amount[1] === 1000));
    assert.equal(upd[0].username, 'admin');
  });

  test('a month before the first report month (earliest actual 签约/注册/开工) or after this month is refused (422, field month)', async () => {
    const none = await mk({ milestones: { negotiating: { actual: daysAgo(10) } } });
    assertError(await put(srv, none.id, monthAgo(0), { amount: 1 }), 422, 'invalid_value', 'month');
    const p = await mk({ milestones: { registered: { actual: firstDayOf(2) }, started: { actual: firstDayOf(1) } } });
    const early = await put(srv, p.id, monthAgo(3), { amount: 1 });
    assertError(early, 422, 'invalid_value', 'month');
    assert.ok(early.json.error.message_en.includes(monthAgo(3)) && early.json.error.message_en.includes(monthAgo(2)), early.text);
    assert.equal((await put(srv, p.id, monthAgo(2), { amount: 1 })).status, 200, 'the first month itself is accepted');
    const future = await put(srv, p.id, monthAgo(-1), { amount: 1 });
    assertError(future, 422, 'invalid_value', 'month');
    assert.ok(future.json.error.message_en.includes(monthAgo(-1)), future.text);
    for (const bad of ['2026-13', '2026-00', '2026-1', '202601', 'abcd-ef', '2026-01-01']) {
      assertError(await put(srv, p.id, bad, { amount: 1 }), 422, 'invalid_value', 'month');
    }
    assert.deepEqual((await srv.get(`${P}/${p.id}/reports`)).json.items.map((r) => r.month), [monthAgo(2)], 'only the accepted one');
  });

  test('the report body: amount required, an integer from 0 to the maximum; progress a text; nothing else', async () => {
    const p = await mk({ milestones: { signed: { actual: firstDayOf(0) } } });
    const m = monthAgo(0);
    assertError(await put(srv, p.id, m, {}), 422, 'missing_field', 'amount');
    assertError(await put(srv, p.id, m, { progress: 'x' }), 422, 'missing_field', 'amount');
    assertError(await put(srv, p.id, m, { amount: '1' }), 422, 'wrong_type', 'amount');
    assertError(await put(srv, p.id, m, { amount: 1.5 }), 422, 'wrong_type', 'amount');
    assertError(await put(srv, p.id, m, { amount: null }), 422, 'wrong_type', 'amount');
    assertError(await put(srv, p.id, m, { amount: -1 }), 422, 'invalid_value', 'amount');
    assertError(await put(srv, p.id, m, { amount: AMOUNT_MAX + 1 }), 422, 'invalid_value', 'amount');
    assertError(await put(srv, p.id, m, { amount: 1, progress: 5 }), 422, 'wrong_type', 'progress');
    assertError(await put(srv, p.id, m, { amount: 1, progress: '张'.repeat(2001) }), 422, 'too_long', 'progress');
    assertError(await put(srv, p.id, m, { amount: 1, month: m }), 422, 'unknown_field', 'month');
    assertError(await srv.request('PUT', `${P}/${p.id}/reports/${m}`, { body: '{"amount":1', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('PUT', `${P}/${p.id}/reports/${m}`, { body: '{"amount":1}', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
    assertError(await put(srv, 987654, m, { amount: 1 }), 404, 'not_found');
    assert.deepEqual((await srv.get(`${P}/${p.id}/reports`)).json.items, [], 'nothing was filed');
    const r = await put(srv, p.id, m, { amount: 0 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.report.progress, '', 'progress defaults to empty');
    assert.equal((await put(srv, p.id, m, { amount: AMOUNT_MAX })).status, 200);
  });
});

describe('warnings', () => {
  const rulesPath = `/api/v1/project-settings/warning-rules/${YEAR}`;
  const DEFAULT_RULES = { milestone_red_days: 60, invest_red_pct: 50, invest_yellow_pct: 80, invest_from_month: 3, problem_red_days: 30 };

  test('a milestone overdue more than 60 days is red with its reason; up to 60 days yellow; not yet due green', async () => {
    const planned = daysAgo(75);
    const p = await mk({ milestones: { signed: { actual: daysAgo(100) }, started: { planned } } });
    assert.equal(p.warning, 'red');
    assert.equal(p.warning_reasons.length, 1);
    const reason = p.warning_reasons[0];
    assert.deepEqual({ ...reason, text_zh: '', text_en: '' }, { kind: 'milestone_overdue', level: 'red', milestone: 'started', days: 75, text_zh: '', text_en: '' });
    assert.equal(reason.text_zh, `开工节点逾期 75 天（计划 ${planned}）`);
    assert.equal(reason.text_en, `started is 75 days overdue (planned ${planned})`);
    const y = await mk({ milestones: { started: { planned: daysAgo(60) } } });
    assert.equal(y.warning, 'yellow');
    assert.equal(y.warning_reasons[0].days, 60);
    const r = await mk({ milestones: { started: { planned: daysAgo(61) } } });
    assert.equal(r.warning, 'red');
    const g = await mk({ milestones: { started: { planned: daysAgo(0) } } });
    assert.equal(g.warning, 'green', 'due today is not overdue');
    // the step happens: the light goes out
    const done = await srv.patch(`${P}/${p.id}`, { milestones: { started: { actual: daysAgo(1) } } });
    assert.equal(done.json.warning, 'green');
    assert.deepEqual(done.json.warning_reasons, []);
    // a step passed over by a later one is skipped, not overdue
    const skipped = await mk({ milestones: { signed: { planned: daysAgo(200) }, started: { actual: daysAgo(5) } } });
    assert.equal(skipped.warning, 'green');
  });

  test('investment behind the plan is red; a report that catches up turns it green (as the browser test does)', { skip: MONTH < 3 ? 'the investment rule applies from March (invest_from_month 3): not in January and February' : false }, async () => {
    const plan = 1200000;
    const p = await mk({ milestones: { signed: { actual: `${YEAR}-01-01` } }, plans: { [YEAR]: plan } });
    assert.equal(p.warning, 'red');
    const reason = p.warning_reasons.find((x) => x.kind === 'investment_behind');
    assert.ok(reason, JSON.stringify(p.warning_reasons));
    assert.equal(reason.level, 'red');
    assert.equal(reason.percent, 0);
    assert.equal(reason.months, MONTH);
    assert.equal(reason.plan, (plan * MONTH) / 12);
    assert.match(reason.text_zh, /^年度投资完成 0%/);
    const due = (plan * MONTH) / 12;
    // 60% of the year-to-date plan: yellow
    const half = await put(srv, p.id, monthAgo(0), { amount: (due * 60) / 100 });
    assert.equal(half.status, 200, half.text);
    assert.equal(half.json.project.warning, 'yellow');
    assert.equal(half.json.project.warning_reasons[0].percent, 60);
    const full = await put(srv, p.id, monthAgo(0), { amount: due });
    assert.equal(full.json.project.warning, 'green');
    assert.deepEqual(full.json.project.warning_reasons, []);
    assert.equal((await get(p.id)).warning, 'green');
    const listed = await all(srv, '&warning=green');
    assert.ok(listed.some((x) => x.id === p.id), 'the list sees the new light');
  });

  test('GET warning-rules answers the defaults for a year never set', async () => {
    const r = await srv.get('/api/v1/project-settings/warning-rules/2001');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { year: 2001, ...DEFAULT_RULES });
    assert.deepEqual((await clients.reporter.get(rulesPath)).json, { year: YEAR, ...DEFAULT_RULES }, 'readable by a reporter');
  });

  test('PUT warning-rules for this year recomputes every project\'s warning at once; another year\'s changes none', async () => {
    const p = await mk({ milestones: { started: { planned: daysAgo(30) } } });
    assert.equal(p.warning, 'yellow');
    try {
      const next = await srv.request('PUT', `/api/v1/project-settings/warning-rules/${YEAR + 1}`, { json: { ...DEFAULT_RULES, milestone_red_days: 10 } });
      assert.equal(next.status, 200, next.text);
      assert.equal((await get(p.id)).warning, 'yellow', 'next year\'s rules do not apply today');
      const r = await srv.request('PUT', rulesPath, { json: { ...DEFAULT_RULES, milestone_red_days: 20 } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { year: YEAR, ...DEFAULT_RULES, milestone_red_days: 20 });
      assert.deepEqual((await srv.get(rulesPath)).json, r.json);
      const g = await get(p.id);
      assert.equal(g.warning, 'red', 'recomputed at once');
      assert.equal(g.warning_reasons[0].level, 'red');
      assert.ok((await all(srv, '&warning=red')).some((x) => x.id === p.id), 'the list filter sees it too');
      const log = (await srv.get('/api/v1/audit?resource=warning_rules')).json.items;
      assert.ok(log.some((a) => a.resource_id === YEAR && JSON.stringify(a.changes.milestone_red_days) === '[60,20]'), JSON.stringify(log));
    } finally {
      assert.equal((await srv.request('PUT', rulesPath, { json: DEFAULT_RULES })).status, 200);
    }
    assert.equal((await get(p.id)).warning, 'yellow', 'back with the rules');
  });

  test('PUT warning-rules refuses a missing, mistyped or out-of-range rule, and a year out of range is 404', async () => {
    const putRules = (json, path = rulesPath) => srv.request('PUT', path, { json });
    for (const k of Object.keys(DEFAULT_RULES)) {
      const { [k]: _, ...rest } = DEFAULT_RULES;
      assertError(await putRules(rest), 422, 'missing_field', k);
      assertError(await putRules({ ...DEFAULT_RULES, [k]: '1' }), 422, 'wrong_type', k);
      assertError(await putRules({ ...DEFAULT_RULES, [k]: 0 }), 422, 'invalid_value', k);
    }
    assertError(await putRules({ ...DEFAULT_RULES, invest_red_pct: 101 }), 422, 'invalid_value', 'invest_red_pct');
    assertError(await putRules({ ...DEFAULT_RULES, invest_yellow_pct: 40 }), 422, 'invalid_value', 'invest_yellow_pct');
    assertError(await putRules({ ...DEFAULT_RULES, invest_from_month: 13 }), 422, 'invalid_value', 'invest_from_month');
    assertError(await putRules({ ...DEFAULT_RULES, milestone_red_days: 3651 }), 422, 'invalid_value', 'milestone_red_days');
    assertError(await putRules({ ...DEFAULT_RULES, year: YEAR }), 422, 'unknown_field', 'year');
    for (const y of ['1989', '2101', 'abc', '0']) {
      assertError(await srv.get(`/api/v1/project-settings/warning-rules/${y}`), 404, 'not_found');
      assertError(await putRules(DEFAULT_RULES, `/api/v1/project-settings/warning-rules/${y}`), 404, 'not_found');
    }
    assert.deepEqual((await srv.get(rulesPath)).json, { year: YEAR, ...DEFAULT_RULES }, 'unchanged');
  });

  test('POST warnings/recompute counts every project by light', async () => {
    const r = await srv.post(`${P}/warnings/recompute`, {});
    assert.equal(r.status, 200, r.text);
    const every = await all();
    assert.equal(r.json.projects, every.length);
    for (const level of ['green', 'yellow', 'red']) assert.equal(r.json[level], every.filter((p) => p.warning === level).length, level);
    assert.ok(Number.isInteger(r.json.ms) && r.json.ms >= 0);
    assertError(await clients.reporter.post(`${P}/warnings/recompute`, {}), 403, 'forbidden');
  });
});

describe('the list: every filter and sort, with paging and totals', () => {
  let fixture;
  before(async () => {
    const t1 = byCode['TOWN-01'].id;
    const jj = byCode['TOWN-01-JJ'].id;
    const t2 = byCode['TOWN-02'].id;
    const specs = [
      { name: '光伏组件项目', unit_id: t1, industry_code: '3011', tags: ['外资', '沪苏对接'], total_investment: YI / 2, milestones: { signed: { actual: '2024-05-01' }, started: { planned: daysAgo(100) } } },
      { name: '筛选项目二', unit_id: jj, carrier_id: t2, industry_code: '3012', category: 'infrastructure', total_investment: YI, enterprise_id: 900001, milestones: { signed: { actual: '2024-02-01' }, started: { actual: '2025-03-10' } } },
      { name: '筛选项目三', unit_id: t2, carrier_id: jj, industry_code: '1311', category: 'social', source: 'foreign', tags: ['沪苏对接'], total_investment: 6 * YI, enterprise_id: 900002, milestones: { started: { actual: '2025-01-05' }, completed: { actual: '2025-12-01' } } },
      { name: '筛选项目四', unit_id: t2, industry_code: 'C', category: 'tech_talent', talent_tier: 'national', source: 'hmt', total_investment: 20 * YI, milestones: { started: { actual: '2024-01-01' }, production: { actual: '2025-06-01' } } },
      { name: '筛选项目五', unit_id: t1, industry_code: '0111', category: 'other', talent_tier: 'municipal', total_investment: 60 * YI, enterprise_id: 900001, milestones: { started: { planned: daysAgo(20) } } },
      { name: '筛选项目六', unit_id: jj, industry_code: '01', total_investment: 2 * YI, tags: ['外资'], milestones: { negotiating: { actual: '2025-04-01' } } },
      { name: '筛选项目七', unit_id: t1, industry_code: 'A', total_investment: 3 * YI, milestones: { registered: { actual: '2025-02-02' }, full_capacity: { actual: daysAgo(1) } } },
      { name: '筛选项目八', unit_id: t2, industry_code: '3021', total_investment: 0, talent_tier: 'provincial', milestones: { signed: { actual: daysAgo(40) } } },
    ];
    fixture = [];
    for (const s of specs) fixture.push(await mk({ ...s, code: code('FX') }));
    // reports, for invested_total
    await report(fixture[1].id, monthAgo(0), 700);
    await report(fixture[3].id, monthAgo(0), 300);
    await report(fixture[7].id, monthAgo(0), 500);
  });

  /** Compare a filtered list with the projects of the whole list that match pred. */
  async function check(qs, pred, c = srv) {
    const every = await all(c);
    const r = await c.get(`${P}?page_size=1000&sort=id&${qs}`);
    assert.equal(r.status, 200, `${qs}: ${r.text}`);
    const want = every.filter(pred);
    assert.deepEqual(ids(r.json.items), ids(want), `?${qs}`);
    assert.equal(r.json.total, want.length, `total of ?${qs}`);
    return want;
  }

  test('q: a substring of the name or of the code', async () => {
    assert.ok((await check(`q=${encodeURIComponent('光伏')}`, (p) => p.name.includes('光伏') || p.code.includes('光伏'))).length >= 1, 'the fixture\'s and the demo\'s');
    assert.ok((await check('q=FX-', (p) => p.name.includes('FX-') || p.code.includes('FX-'))).length >= 8);
    await check(`q=${encodeURIComponent(fixture[2].code)}`, (p) => p.code.includes(fixture[2].code) || p.name.includes(fixture[2].code));
    await check(`q=${encodeURIComponent('项目三')}`, (p) => p.name.includes('项目三') || p.code.includes('项目三'));
    await check('q=nothing-like-this', () => false);
  });

  test('unit_id: the responsible unit and its subtree', async () => {
    for (const c of ['TOWN-01', 'TOWN-01-JJ', 'TOWN-02', 'FGW']) {
      const tree = subtree(c);
      await check(`unit_id=${byCode[c].id}`, (p) => tree.has(p.unit_id));
    }
    assert.ok((await check(`unit_id=${byCode['TOWN-01'].id}`, (p) => subtree('TOWN-01').has(p.unit_id))).some((p) => p.unit_id === byCode['TOWN-01-JJ'].id), 'a child unit\'s project is in its parent\'s subtree');
  });

  test('carrier_id and enterprise_id: exactly that one', async () => {
    for (const c of ['TOWN-01-JJ', 'TOWN-02', 'FGW']) await check(`carrier_id=${byCode[c].id}`, (p) => p.carrier_id === byCode[c].id);
    for (const id of Object.keys(ENTERPRISES).map(Number)) {
      const want = await check(`enterprise_id=${id}`, (p) => p.enterprise_id === id);
      assert.ok(want.length >= 1 && want.every((p) => p.enterprise_name === ENTERPRISES[id]));
    }
  });

  test('industry: a class, group, division or section matches itself and everything under it', async () => {
    for (const c of ['3011', '301', '30', 'C', 'A', '01', '011', '0111', '13', '3021']) {
      const want = await check(`industry=${c}`, (p) => p.industry_code !== null && underIndustry(p.industry_code, c));
      assert.ok(want.length >= 1, `${c} finds a fixture project`);
    }
    assert.ok((await check('industry=C', (p) => p.industry_code !== null && underIndustry(p.industry_code, 'C'))).some((p) => p.industry_code === 'C'), 'a project coded with the section letter itself');
  });

  test('category, source, tag, pool, stage (and none), size_class, warning, talent_tier', async () => {
    for (const v of ['industry', 'infrastructure', 'social', 'tech_talent', 'other']) await check(`category=${v}`, (p) => p.category === v);
    for (const v of ['domestic', 'foreign', 'hmt']) await check(`source=${v}`, (p) => p.source === v);
    for (const v of ['外资', '沪苏对接', '外']) await check(`tag=${encodeURIComponent(v)}`, (p) => p.tags.includes(v));
    for (const v of ['reserve', 'preliminary', 'construction', 'completed', 'production']) {
      assert.ok((await check(`pool=${v}`, (p) => p.pool === v)).length >= 1, v);
    }
    for (const v of MILESTONES) await check(`stage=${v}`, (p) => p.stage === v);
    assert.ok((await check('stage=none', (p) => p.stage === null)).length >= 1);
    for (const v of [0, 1, 2, 3, 4]) assert.ok((await check(`size_class=${v}`, (p) => p.size_class === v)).length >= 1, `size_class ${v}`);
    for (const v of ['green', 'yellow', 'red']) assert.ok((await check(`warning=${v}`, (p) => p.warning === v)).length >= 1, v);
    for (const v of ['none', 'national', 'provincial', 'municipal']) await check(`talent_tier=${v}`, (p) => p.talent_tier === v);
  });

  test('min_investment and max_investment bound the total investment (inclusive)', async () => {
    await check(`min_investment=${YI}`, (p) => p.total_investment >= YI);
    await check(`max_investment=${YI}`, (p) => p.total_investment <= YI);
    await check(`min_investment=${YI}&max_investment=${6 * YI}`, (p) => p.total_investment >= YI && p.total_investment <= 6 * YI);
    await check('min_investment=0', () => true);
    await check(`min_investment=${6 * YI}&max_investment=${YI}`, () => false);
  });

  test('year with year_field: that step\'s actual date falls in the year', async () => {
    for (const [year, field] of [[2024, 'signed'], [2025, 'started'], [2025, 'completed'], [2025, 'production'], [2024, 'started'], [YEAR, 'signed'], [YEAR, 'full_capacity'], [2025, 'negotiating'], [2025, 'registered']]) {
      await check(`year=${year}&year_field=${field}`, (p) => (p.milestones[field].actual || '').startsWith(`${year}-`));
    }
  });

  test('filters combine (AND), and a scoped role\'s filters stay within its scope', async () => {
    await check(`q=FX-&category=industry&source=domestic&min_investment=1`, (p) => p.code.includes('FX-') && p.category === 'industry' && p.source === 'domestic' && p.total_investment >= 1);
    await check(`tag=${encodeURIComponent('沪苏对接')}&unit_id=${byCode['TOWN-02'].id}`, (p) => p.tags.includes('沪苏对接') && subtree('TOWN-02').has(p.unit_id));
    const r = await clients.reporter.get(`${P}?unit_id=${byCode['TOWN-02'].id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items, [], 'another town named as a filter shows nothing');
    assert.equal(r.json.total, 0);
  });

  test('bad query parameters are 400 bad_query naming the parameter', async () => {
    const bad = [['nope', '1'], ['q', ''], ['q', '张'.repeat(101)], ['unit_id', '0'], ['unit_id', 'x'], ['carrier_id', '-1'], ['enterprise_id', '1.5'],
      ['industry', '9999'], ['industry', 'c'], ['category', 'x'], ['source', 'x'], ['tag', ''], ['tag', 'a|b'], ['pool', 'x'], ['stage', 'x'],
      ['stage', 'None'], ['size_class', '-1'], ['size_class', '9'], ['warning', 'blue'], ['talent_tier', 'x'], ['min_investment', '-1'],
      ['max_investment', String(AMOUNT_MAX + 1)], ['min_investment', 'x'], ['sort', 'colour'], ['sort', '--id'], ['page', '0'], ['page_size', '0'],
      ['page_size', '1001']];
    for (const [k, v] of bad) assertError(await srv.get(`${P}?${k}=${encodeURIComponent(v)}`), 400, 'bad_query', k);
    assertError(await srv.get(`${P}?year=2025`), 400, 'bad_query', 'year_field');
    assertError(await srv.get(`${P}?year_field=signed`), 400, 'bad_query', 'year');
    assertError(await srv.get(`${P}?year=1989&year_field=signed`), 400, 'bad_query', 'year');
    assertError(await srv.get(`${P}?year=2025&year_field=launched`), 400, 'bad_query', 'year_field');
  });

  const SORT_KEY = {
    id: (p) => p.id,
    code: (p) => Buffer.from(p.code),
    name: (p) => Buffer.from(p.name),
    total_investment: (p) => p.total_investment,
    invested_total: (p) => p.invested_total,
    stage: (p) => (p.stage === null ? -1 : MILESTONES.indexOf(p.stage)),
    warning: (p) => WARNING_RANK[p.warning],
    updated_at: (p) => p.updated_at,
  };
  const cmp = (a, b) => (Buffer.isBuffer(a) ? Buffer.compare(a, b) : a < b ? -1 : a > b ? 1 : 0);

  for (const [field, key] of Object.entries(SORT_KEY)) {
    for (const desc of [false, true]) {
      test(`sort=${desc ? '-' : ''}${field}: ordered (ties by id the same way), pages of 3 add up to the whole, total on every page`, async () => {
        const every = await all(srv, '&q=FX-');
        const want = every.slice().sort((a, b) => (desc ? -1 : 1) * (cmp(key(a), key(b)) || a.id - b.id));
        const got = [];
        for (let page = 1; ; page++) {
          const r = await srv.get(`${P}?q=FX-&sort=${desc ? '-' : ''}${field}&page=${page}&page_size=3`);
          assert.equal(r.status, 200, r.text);
          assert.equal(r.json.total, want.length);
          assert.equal(r.json.page, page);
          assert.equal(r.json.page_size, 3);
          if (r.json.items.length === 0) break;
          assert.ok(r.json.items.length <= 3);
          got.push(...r.json.items);
        }
        assert.deepEqual(ids(got), ids(want));
      });
    }
  }

  test('a listed project is the project GET answers (without its plans), this year\'s figures included', async () => {
    const listed = await all(srv, '&q=FX-');
    assert.ok(listed.some((p) => p.year_to_date > 0), 'a fixture project has reported this year');
    for (const p of listed) {
      const { plans, ...one } = await get(p.id);
      assert.deepEqual(p, one);
    }
  });

  test('the default sort is by id; a page past the end is empty with the total', async () => {
    const r = await srv.get(`${P}?q=FX-`);
    assert.deepEqual(ids(r.json.items), ids(r.json.items).slice().sort((a, b) => a - b));
    assert.equal(r.json.page, 1);
    assert.equal(r.json.page_size, 25);
    const far = await srv.get(`${P}?q=FX-&page=1000`);
    assert.deepEqual(far.json.items, []);
    assert.equal(far.json.total, r.json.total);
  });
});

describe('permission scope', () => {
  let mine;
  let child;
  let other;
  before(async () => {
    mine = await mk({ unit_id: byCode['TOWN-01'].id, milestones: { signed: { actual: firstDayOf(1) } } });
    child = await mk({ unit_id: byCode['TOWN-01-JJ'].id, milestones: { signed: { actual: firstDayOf(1) } } });
    other = await mk({ unit_id: byCode['TOWN-02'].id, milestones: { signed: { actual: firstDayOf(1) } } });
  });

  for (const [name, unitCode] of [['reporter', 'TOWN-01'], ['town_leader', 'TOWN-02']]) {
    test(`${name} (${unitCode}) lists and counts only projects whose responsible unit is in its subtree`, async () => {
      const tree = subtree(unitCode);
      const every = await all();
      const want = every.filter((p) => tree.has(p.unit_id));
      assert.ok(want.length >= 1);
      const seen = await all(clients[name]);
      assert.deepEqual(seen, want);
      const one = await clients[name].get(`${P}?page_size=1`);
      assert.equal(one.json.total, want.length);
      for (const p of every) {
        const r = await clients[name].get(`${P}/${p.id}`);
        if (tree.has(p.unit_id)) assert.deepEqual(r.json, await get(p.id));
        else assertError(r, 404, 'not_found');
      }
    });
  }

  test('the reporter files reports for its own town\'s projects (child units included) and gets 404 for another town\'s (GET and PUT)', async () => {
    const rep = clients.reporter;
    const r = await put(rep, mine.id, monthAgo(0), { amount: 10, progress: '镇填报' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.report.reporter_name, 'reporter');
    assert.equal((await put(rep, child.id, monthAgo(0), { amount: 10 })).status, 200);
    assert.equal((await rep.get(`${P}/${mine.id}/reports`)).status, 200);
    const missing = await rep.get(`${P}/987654`);
    assertError(missing, 404, 'not_found');
    const g = await rep.get(`${P}/${other.id}`);
    assertError(g, 404, 'not_found');
    assert.equal(g.text, missing.text, 'the same answer as for an id that does not exist');
    assertError(await rep.get(`${P}/${other.id}/reports`), 404, 'not_found');
    assertError(await put(rep, other.id, monthAgo(0), { amount: 10 }), 404, 'not_found');
    assert.deepEqual((await srv.get(`${P}/${other.id}/reports`)).json.items, [], 'nothing filed');
  });

  test('the reporter may not create, change or delete projects, nor change settings (403, whatever the id)', async () => {
    const rep = clients.reporter;
    assertError(await rep.post(P, body()), 403, 'forbidden');
    for (const id of [mine.id, other.id, 987654]) {
      assertError(await rep.patch(`${P}/${id}`, { name: '越权' }), 403, 'forbidden');
      assertError(await rep.del(`${P}/${id}`), 403, 'forbidden');
    }
    assertError(await rep.request('PUT', `/api/v1/project-settings/warning-rules/${YEAR}`, { json: {} }), 403, 'forbidden');
    assertError(await rep.request('PUT', '/api/v1/project-settings/size-classes', { json: { thresholds: [1] } }), 403, 'forbidden');
    assert.equal((await get(mine.id)).name, mine.name);
  });

  test('a leader may read but not report; the town leader gets 404 outside TOWN-02', async () => {
    assertError(await put(clients.town_leader, other.id, monthAgo(0), { amount: 1 }), 403, 'forbidden');
    assertError(await clients.town_leader.get(`${P}/${mine.id}`), 404, 'not_found');
    assert.equal((await clients.town_leader.get(`${P}/${other.id}`)).status, 200);
    assert.deepEqual(await all(clients.leader), await all(), 'the city-wide leader sees every project');
    assert.deepEqual(await all(clients.appraisal), await all());
  });

  test('the enterprise account, not yet linked to an enterprise, sees no project', async () => {
    const e = clients.enterprise;
    const r = await e.get(P);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, []);
    assert.equal(r.json.total, 0);
    assert.deepEqual((await e.get(`${P}?enterprise_id=900001`)).json.items, []);
    for (const p of [mine, other]) {
      assertError(await e.get(`${P}/${p.id}`), 404, 'not_found');
      assertError(await e.get(`${P}/${p.id}/reports`), 404, 'not_found');
    }
    assertError(await put(e, mine.id, monthAgo(0), { amount: 1 }), 403, 'forbidden');
    assertError(await e.post(P, body()), 403, 'forbidden');
  });

  test('the project office creates, changes and deletes projects in every unit', async () => {
    const p = await mk({ unit_id: byCode['TOWN-02'].id }, clients.project);
    assert.equal((await clients.project.patch(`${P}/${p.id}`, { unit_id: byCode.FGW.id })).status, 200);
    assert.equal((await clients.project.del(`${P}/${p.id}`)).status, 204);
  });

  test('no login: 401 on every project route', async () => {
    assertError(await srv.anon.get(P), 401, 'unauthenticated');
    assertError(await srv.anon.get(`${P}/${mine.id}`), 401, 'unauthenticated');
    assertError(await srv.anon.get(`/api/v1/project-settings/size-classes`), 401, 'unauthenticated');
  });
});
