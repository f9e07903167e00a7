// Honour lists 表彰名单 (docs/api-contract.md, "Honour lists 表彰名单"): a scheme of units and one
// of enterprises made and published through the API (create, structure, open, data, submit,
// accept, publish), then 先进单位 and 优秀企业 derived from their published versions (the top grade,
// or the grades the office picks), adjusted with a reason, regenerated explicitly from a second
// version; 先进个人 nominated by reporters within per-unit quotas (set by grade and by unit),
// approved or rejected by the office; publication (frozen), the public notice and the public
// lists by year, the .xlsx export read back with openpyxl; who may do what, by role and by unit
// scope; bad input on every field, refused with the field named and nothing changed.
//
// The unit scheme: one leaf, ratio, full marks 100, target 100, so a subject's total is its
// actual; grades 优秀 ≥ 90, 良好 ≥ 80, 一般.
//   group 镇（街道）组: TOWN-01 95 (rank 1, 优秀), TOWN-03 92 (2, 优秀), TOWN-02 85 (3, 良好), TOWN-01-JJ 60 (4, 一般)
//   group 园区组:       PARK-01 91 (1, 优秀), PARK-02 80 (2, 良好)
// Version 2 (after a reopen): TOWN-02 99 (rank 1, 优秀); TOWN-01 2, TOWN-03 3, TOWN-01-JJ 4.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, stopAndCheck, assertError, sql, DEMO_PASSWORD } from './server.mjs';

const AP = '/api/v1/appraisal';
const S = `${AP}/schemes`;
const A = `${AP}/awards`;
const YEAR = 2033; // a year of its own
const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const GRADES = [{ name: '优秀', min_score: 90 }, { name: '良好', min_score: 80 }, { name: '一般' }];
const UNIT_DATA = { 'TOWN-01': 95, 'TOWN-03': 92, 'TOWN-02': 85, 'TOWN-01-JJ': 60, 'PARK-01': 91, 'PARK-02': 80 };
const GROUPS = [['TOWN-01', 'TOWN-02', 'TOWN-03', 'TOWN-01-JJ'], ['PARK-01', 'PARK-02']];
const SUMMARY_KEYS = ['id', 'year', 'kind', 'kind_name', 'name', 'state', 'scheme_id', 'scheme_name', 'version', 'grades',
  'entry_count', 'created_at', 'updated_at', 'published_at', 'published_by'];
const ENTRY_KEYS = ['id', 'source', 'removed', 'reason', 'subject_id', 'unit_id', 'enterprise_id', 'name', 'unit_name',
  'group_name', 'total', 'rank', 'grade_name', 'position', 'deeds'];
const NOMINATION_KEYS = ['id', 'list_id', 'unit_id', 'unit_name', 'name', 'position', 'deeds', 'state', 'reason',
  'nominated_by', 'created_at', 'decided_by', 'decided_at'];
const PUBLIC_KEYS = ['id', 'year', 'kind', 'kind_name', 'name', 'scheme_id', 'version', 'published_at', 'entries'];
const PUBLIC_ENTRY_KEYS = ['name', 'unit_name', 'position', 'group_name', 'total', 'grade_name'];

let srv;
const byCode = {};
const c = {};
let kinds;
let enterprises; // three of the demo's
const work = mkdtempSync(join(tmpdir(), 'pacesetter-awards-'));

async function ok(r, status = 200) {
  assert.equal(r.status, status, `${r.method} ${r.path}: ${r.text.slice(0, 800)}`);
  return r.json;
}
const put = (as, path, json) => as.request('PUT', path, { json });
const keys = (o) => Object.keys(o).sort();
const unitName = (code) => byCode[code].name;
/** The audit records of a resource, newest first. */
const auditOf = async (resource, id) => (await ok(await srv.get('/api/v1/audit?page_size=1000'))).items
  .filter((x) => x.resource === resource && x.resource_id === id);

/**
 * A scheme taken through its life by the office: created, structure put (one ratio leaf, target
 * 100, so the total is the actual), opened, data entered, submitted, accepted, published.
 * subjects: [[{unit_id | enterprise_id}, …] per group]; actuals in the same order, flat.
 */
async function publishedScheme({ name, type = 'unit', kind = 'performance', groups, actuals }) {
  const sc = await ok(await c.appraisal.post(S, { year: YEAR, kind_id: kinds[kind].id, name, subject_type: type, notice_title: `${name}的通报`, issuing_office: '市考核办' }), 201);
  const groupNames = ['镇（街道）组', '园区组'];
  const structure = await ok(await put(c.appraisal, `${S}/${sc.id}/structure`, {
    groups: groups.map((_, i) => ({ name: groupNames[i] })),
    subjects: groups.flatMap((g, i) => g.map((s) => ({ group: i, ...s }))),
    indicators: [{ name: '综合', kind: 'node', children: [{ name: '完成率', kind: 'leaf', full_marks: 100, method: 'ratio', direction: 'higher' }] }],
    grades: GRADES,
  }));
  const leaf = structure.indicators[0].children[0].id;
  await ok(await c.appraisal.post(`${S}/${sc.id}/open`, {}));
  const subjects = structure.subjects.map((s, i) => ({ ...s, actual: actuals[i] }));
  for (const s of subjects) await enter(sc.id, s.id, leaf, s.actual);
  await ok(await c.appraisal.post(`${S}/${sc.id}/publish`, {}));
  return { id: sc.id, leaf, subjects };
}
async function enter(scheme, subject, leaf, actual) {
  await ok(await put(c.appraisal, `${S}/${scheme}/subjects/${subject}/data`, { values: [{ indicator_id: leaf, actual, target: 100 }], items: [] }));
  await ok(await c.appraisal.post(`${S}/${scheme}/subjects/${subject}/submit`, {}));
  await ok(await c.appraisal.post(`${S}/${scheme}/subjects/${subject}/accept`, {}));
}
/** A 422 naming field, with one of the 422 codes. */
function refused(r, field, status = 422) {
  const e = assertError(r, status, r.json?.error?.code, undefined);
  if (status === 422) assert.ok(['missing_field', 'unknown_field', 'wrong_type', 'too_long', 'invalid_value'].includes(e.code), `a 422 code: ${r.text}`);
  assert.equal(e.field, field, `field of ${r.method} ${r.path}: ${r.text}`);
  return e;
}
/** Runs each refused case; lists every one not refused as expected or that changed what read() reads. */
async function eachRefused(cases, run, read) {
  const problems = [];
  const before = await read();
  for (const cs of cases) {
    const r = await run(cs);
    try { refused(r, cs.field, cs.status); } catch (err) { problems.push(`${JSON.stringify(cs.body).slice(0, 160)} (expected ${cs.status || 422} ${cs.field}): got ${r.status} ${r.text.slice(0, 200)}`); }
    const now = await read();
    try { assert.deepEqual(now, before); } catch { problems.push(`${JSON.stringify(cs.body).slice(0, 160)}: changed what it refused`); }
  }
  return problems;
}
/** Reads an .xlsx with openpyxl: the first sheet's rows of values, its merged ranges and title. */
function readXlsx(bytes) {
  const file = join(work, `read-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(json.dumps({'sheets': wb.sheetnames, 'rows': [[c.value for c in row] for row in ws.iter_rows()],
                  'types': [[c.data_type for c in row] for row in ws.iter_rows()]}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `openpyxl could not read the file: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const tenantQuery = () => {
  const code = sql(srv.db, 'SELECT division_code FROM tenants WHERE id = (SELECT min(id) FROM tenants)').trim();
  return code ? `tenant=${code}` : '';
};

let units;    // the unit scheme { id, leaf, subjects }
let ents;     // the enterprise scheme
const sid = {}; // unit code -> subject id of the unit scheme
let unitList;  // 先进单位 from version 1
let wideList;  // 先进单位 from the grades 优秀 and 良好
let entList;   // 优秀企业
let personList; // 先进个人
const nominations = {}; // label -> nomination

before(async () => {
  srv = await startServer({ data: 'demo' });
  for (const u of await srv.listUnits()) byCode[u.code] = u;
  for (const name of ['appraisal', 'project', 'reporter', 'leader', 'town_leader', 'enterprise']) c[name] = await srv.login(name, DEMO_PASSWORD);
  kinds = Object.fromEntries((await ok(await srv.get(`${AP}/kinds`))).items.map((x) => [x.code, x]));
  enterprises = (await ok(await srv.get('/api/v1/enterprises?page_size=3&sort=id'))).items;
  units = await publishedScheme({
    name: '2033年度镇（街道）园区综合考核',
    groups: GROUPS.map((g) => g.map((code) => ({ unit_id: byCode[code].id }))),
    actuals: GROUPS.flat().map((code) => UNIT_DATA[code]),
  });
  for (const s of units.subjects) sid[Object.keys(byCode).find((code) => byCode[code].id === s.unit_id)] = s.id;
  ents = await publishedScheme({
    name: '2033年度优秀企业评选', type: 'enterprise', kind: 'enterprise',
    groups: [enterprises.map((x) => ({ enterprise_id: x.id }))], actuals: [95, 88, 70],
  });
});
after(async () => {
  await stopAndCheck(srv);
  rmSync(work, { recursive: true, force: true });
});

describe('lists derived from a published version', () => {
  test('先进单位: the top grade of version 1, by group then rank, each with the result it came from', async () => {
    const r = await c.appraisal.post(A, { kind: 'unit', name: '2033年度综合考核先进单位', scheme_id: units.id });
    unitList = await ok(r, 201);
    assert.deepEqual(keys(unitList), [...SUMMARY_KEYS, 'entries'].sort());
    assert.deepEqual({ ...unitList, id: 0, created_at: '', updated_at: '', entries: [] }, {
      id: 0, year: YEAR, kind: 'unit', kind_name: '先进单位', name: '2033年度综合考核先进单位', state: 'draft',
      scheme_id: units.id, scheme_name: '2033年度镇（街道）园区综合考核', version: 1, grades: ['优秀'], entry_count: 3,
      created_at: '', updated_at: '', published_at: null, published_by: null, entries: [],
    });
    assert.match(unitList.created_at, TS);
    for (const x of unitList.entries) assert.deepEqual(keys(x), [...ENTRY_KEYS].sort());
    assert.deepEqual(unitList.entries.map((x) => [x.name, x.group_name, x.total, x.rank, x.grade_name, x.source, x.removed, x.unit_id, x.subject_id, x.enterprise_id]), [
      [unitName('TOWN-01'), '镇（街道）组', 95, 1, '优秀', 'derived', false, byCode['TOWN-01'].id, sid['TOWN-01'], null],
      [unitName('TOWN-03'), '镇（街道）组', 92, 2, '优秀', 'derived', false, byCode['TOWN-03'].id, sid['TOWN-03'], null],
      [unitName('PARK-01'), '园区组', 91, 1, '优秀', 'derived', false, byCode['PARK-01'].id, sid['PARK-01'], null],
    ]);
    assert.match(r.text, /"total":95\.00\b/, 'totals are points with two decimals');
    assert.deepEqual(await ok(await c.appraisal.get(`${A}/${unitList.id}`)), unitList, 'GET answers the same list');
    const [log] = await auditOf('award_list', unitList.id);
    assert.equal(log.action, 'create');
    assert.deepEqual(JSON.parse(JSON.stringify(log.changes)).version, [null, 1]);
  });

  test('the office picks the grades: 优秀 and 良好 give five, in group and rank order', async () => {
    wideList = await ok(await c.appraisal.post(A, { kind: 'unit', name: '2033年度先进和良好单位', scheme_id: units.id, version: 1, grades: ['良好', '优秀'] }), 201);
    assert.deepEqual(wideList.grades, ['良好', '优秀']);
    assert.deepEqual(wideList.entries.map((x) => [x.name, x.rank]), [
      [unitName('TOWN-01'), 1], [unitName('TOWN-03'), 2], [unitName('TOWN-02'), 3], [unitName('PARK-01'), 1], [unitName('PARK-02'), 2]]);
  });

  test('优秀企业 from the enterprise scheme; a list of the other kind is refused the scheme', async () => {
    entList = await ok(await c.appraisal.post(A, { kind: 'enterprise', name: '2033年度优秀企业', scheme_id: ents.id }), 201);
    assert.deepEqual(entList.entries.map((x) => [x.enterprise_id, x.name, x.total, x.unit_id]), [[enterprises[0].id, enterprises[0].name, 95, null]]);
    refused(await c.appraisal.post(A, { kind: 'unit', name: '错配1', scheme_id: ents.id }), 'scheme_id');
    refused(await c.appraisal.post(A, { kind: 'enterprise', name: '错配2', scheme_id: units.id }), 'scheme_id');
    refused(await c.appraisal.post(A, { kind: 'person', name: '错配3', scheme_id: ents.id }), 'scheme_id');
  });

  test('a scheme not published yet has no list; a name is unique within its year', async () => {
    const draft = await ok(await c.appraisal.post(S, { year: YEAR, kind_id: kinds.civilisation.id, name: '未发布的方案', subject_type: 'unit' }), 201);
    refused(await c.appraisal.post(A, { kind: 'unit', name: '未发布', scheme_id: draft.id }), 'scheme_id');
    assertError(await c.appraisal.post(A, { kind: 'unit', name: '2033年度综合考核先进单位', scheme_id: units.id }), 409, 'duplicate', 'name');
  });

  test('adjusting: taking an entry off and adding a subject need a reason, are kept on the list and logged', async () => {
    const town03 = unitList.entries.find((x) => x.subject_id === sid['TOWN-03']);
    refused(await c.appraisal.post(`${A}/${unitList.id}/entries/${town03.id}/remove`, {}), 'reason');
    let l = await ok(await c.appraisal.post(`${A}/${unitList.id}/entries/${town03.id}/remove`, { reason: '发生重大安全事故' }));
    assert.deepEqual(l.entries.map((x) => [x.subject_id, x.removed, x.reason]), [[sid['TOWN-01'], false, ''], [sid['TOWN-03'], true, '发生重大安全事故'], [sid['PARK-01'], false, '']]);
    assert.equal(l.entry_count, 2);
    assertError(await c.appraisal.post(`${A}/${unitList.id}/entries/${town03.id}/remove`, { reason: '再撤' }), 409, 'invalid_state');
    l = await ok(await c.appraisal.post(`${A}/${unitList.id}/entries`, { subject_id: sid['TOWN-02'], reason: '市委市政府表彰增列' }));
    assert.deepEqual(l.entries.at(-1), { ...l.entries.at(-1), subject_id: sid['TOWN-02'], source: 'added', removed: false, reason: '市委市政府表彰增列', total: 85, rank: 3, grade_name: '良好' });
    assertError(await c.appraisal.post(`${A}/${unitList.id}/entries`, { subject_id: sid['TOWN-02'], reason: '再加' }), 409, 'duplicate', 'subject_id');
    l = await ok(await c.appraisal.post(`${A}/${unitList.id}/entries`, { subject_id: sid['TOWN-03'], reason: '复核后恢复' }));
    assert.deepEqual(l.entries.find((x) => x.subject_id === sid['TOWN-03']), { ...town03, removed: false, reason: '复核后恢复' }, 'restored in its place');
    assert.equal(l.entry_count, 4);
    refused(await c.appraisal.post(`${A}/${unitList.id}/entries`, { subject_id: ents.subjects[0].id, reason: '别的方案' }), 'subject_id');
    const log = await auditOf('award_list', unitList.id);
    assert.ok(log.some((x) => x.changes.entry_removed && x.changes.reason?.[0] === '发生重大安全事故'), JSON.stringify(log[0]));
    assert.ok(log.some((x) => x.changes.entry_added && x.changes.reason?.[0] === '市委市政府表彰增列'));
    unitList = l;
  });

  test('a later version leaves the list as it was; regenerating from it is explicit, needs a reason, and is logged', async () => {
    // version 2: TOWN-02 99 after an appeal
    await ok(await c.appraisal.post(`${S}/${units.id}/reopen`, { reason: '申诉复核' }));
    await ok(await c.appraisal.post(`${S}/${units.id}/subjects/${sid['TOWN-02']}/return`, { comment: '更正' }));
    await ok(await put(c.appraisal, `${S}/${units.id}/subjects/${sid['TOWN-02']}/data`, { values: [{ indicator_id: units.leaf, actual: 99, target: 100 }], items: [] }));
    await ok(await c.appraisal.post(`${S}/${units.id}/subjects/${sid['TOWN-02']}/submit`, {}));
    await ok(await c.appraisal.post(`${S}/${units.id}/subjects/${sid['TOWN-02']}/accept`, {}));
    assert.equal((await ok(await c.appraisal.post(`${S}/${units.id}/publish`, {}))).version, 2);
    assert.deepEqual(await ok(await c.appraisal.get(`${A}/${unitList.id}`)), unitList, 'unchanged by version 2');

    refused(await c.appraisal.post(`${A}/${unitList.id}/regenerate`, {}), 'reason');
    refused(await c.appraisal.post(`${A}/${unitList.id}/regenerate`, { reason: '按第3版', version: 3 }), 'version');
    const l = await ok(await c.appraisal.post(`${A}/${unitList.id}/regenerate`, { reason: '申诉后按第2版重新生成' }));
    assert.equal(l.version, 2);
    assert.deepEqual(l.grades, ['优秀']);
    assert.deepEqual(l.entries.map((x) => [x.name, x.rank, x.total, x.source, x.removed]), [
      [unitName('TOWN-02'), 1, 99, 'derived', false], [unitName('TOWN-01'), 2, 95, 'derived', false],
      [unitName('TOWN-03'), 3, 92, 'derived', false], [unitName('PARK-01'), 1, 91, 'derived', false]], 'the adjustments are gone with version 1');
    const [log] = await auditOf('award_list', unitList.id);
    assert.deepEqual([log.changes.regenerated[0], log.changes.version, log.changes.adjustments_dropped], ['申诉后按第2版重新生成', [1, 2], [null, 1]]);
    unitList = l;
    // back to version 1, with a grade of it
    const back = await ok(await c.appraisal.post(`${A}/${wideList.id}/regenerate`, { reason: '只取良好', version: 1, grades: ['良好'] }));
    assert.deepEqual(back.entries.map((x) => x.name), [unitName('TOWN-02'), unitName('PARK-02')]);
  });
});

describe('先进个人: nominations within per-unit quotas, decided by the office', () => {
  test('the list is made for the scheme (its year); quotas by the grade of version 2, then by unit', async () => {
    personList = await ok(await c.appraisal.post(A, { kind: 'person', name: '2033年度先进个人', scheme_id: units.id }), 201);
    assert.deepEqual([personList.year, personList.version, personList.grades, personList.entries, personList.entry_count], [YEAR, null, [], [], 0]);
    const q = await ok(await put(c.appraisal, `${A}/${personList.id}/quotas`, {
      scheme_id: units.id, by_grade: [{ grade_name: '优秀', quota: 2 }], others: 1,
      items: [{ unit_id: byCode['PARK-02'].id, quota: 0 }, { unit_id: byCode.FGW.id, quota: 1 }],
    }));
    const want = { 'TOWN-01': 2, 'TOWN-02': 2, 'TOWN-03': 2, 'TOWN-01-JJ': 1, 'PARK-01': 2, FGW: 1 };
    assert.deepEqual(Object.fromEntries(q.items.map((x) => [x.unit_id, [x.unit_name, x.quota, x.nominated, x.approved]])),
      Object.fromEntries(Object.entries(want).map(([code, n]) => [byCode[code].id, [unitName(code), n, 0, 0]])));
    for (const x of q.items) assert.deepEqual(keys(x), ['approved', 'nominated', 'quota', 'unit_id', 'unit_name']);
    const mine = await ok(await c.reporter.get(`${A}/${personList.id}/quotas`));
    assert.deepEqual(mine.items.map((x) => x.unit_id).sort(), [byCode['TOWN-01'].id, byCode['TOWN-01-JJ'].id].sort(), 'a reporter sees its subtree');
  });

  test('a reporter nominates for the units of its subtree within their quotas', async () => {
    const nominate = (as, code, name, extra = {}) => as.post(`${A}/${personList.id}/nominations`, { unit_id: byCode[code].id, name, position: '副镇长', deeds: `${name}的事迹：招商引资成绩突出。`, ...extra });
    nominations.a = await ok(await nominate(c.reporter, 'TOWN-01', '张三'), 201);
    assert.deepEqual(keys(nominations.a), [...NOMINATION_KEYS].sort());
    assert.deepEqual({ ...nominations.a, id: 0, created_at: '' }, {
      id: 0, list_id: personList.id, unit_id: byCode['TOWN-01'].id, unit_name: unitName('TOWN-01'), name: '张三', position: '副镇长',
      deeds: '张三的事迹：招商引资成绩突出。', state: 'submitted', reason: '', nominated_by: 'reporter', created_at: '', decided_by: null, decided_at: null,
    });
    nominations.b = await ok(await nominate(c.reporter, 'TOWN-01', '李四', { position: undefined }), 201);
    assert.equal(nominations.b.position, '', 'the position may be left out');
    assertError(await nominate(c.reporter, 'TOWN-01', '王五'), 409, 'invalid_state', 'unit_id');
    nominations.jj = await ok(await nominate(c.reporter, 'TOWN-01-JJ', '赵六'), 201);
    assertError(await nominate(c.reporter, 'TOWN-01-JJ', '钱七'), 409, 'invalid_state', 'unit_id');
    refused(await nominate(c.reporter, 'TOWN-02', '孙八'), 'unit_id'); // not in the reporter's scope
    assertError(await nominate(c.appraisal, 'PARK-02', '周九'), 409, 'invalid_state', 'unit_id'); // no quota
    nominations.park = await ok(await nominate(c.appraisal, 'PARK-01', '吴十'), 201);
    const mine = await ok(await c.reporter.get(`${A}/${personList.id}/nominations`));
    assert.deepEqual(mine.items.map((x) => x.name), ['张三', '李四', '赵六']);
    const all = await ok(await c.appraisal.get(`${A}/${personList.id}/nominations`));
    assert.deepEqual(all.items.map((x) => x.name).sort(), ['吴十', '张三', '李四', '赵六'].sort());
    const q = await ok(await c.reporter.get(`${A}/${personList.id}/quotas`));
    assert.deepEqual(q.items.find((x) => x.unit_id === byCode['TOWN-01'].id), { unit_id: byCode['TOWN-01'].id, unit_name: unitName('TOWN-01'), quota: 2, nominated: 2, approved: 0 });
  });

  test('the office approves and rejects (with a reason); a rejection frees the place; a reporter withdraws its own', async () => {
    const at = (n, action) => `${A}/${personList.id}/nominations/${n.id}/${action}`;
    assertError(await c.appraisal.post(`${A}/${personList.id}/publish`, {}), 409, 'invalid_state');
    const approved = await ok(await c.appraisal.post(at(nominations.a, 'approve'), {}));
    assert.deepEqual([approved.state, approved.decided_by], ['approved', 'appraisal']);
    assert.match(approved.decided_at, TS);
    assertError(await c.appraisal.post(at(nominations.a, 'approve'), {}), 409, 'invalid_state');
    refused(await c.appraisal.post(at(nominations.b, 'reject'), {}), 'reason');
    const rejected = await ok(await c.appraisal.post(at(nominations.b, 'reject'), { reason: '事迹材料不实' }));
    assert.deepEqual([rejected.state, rejected.reason], ['rejected', '事迹材料不实']);
    nominations.c = await ok(await c.reporter.post(`${A}/${personList.id}/nominations`, { unit_id: byCode['TOWN-01'].id, name: '王五', deeds: '扎根基层二十年。' }), 201);
    assertError(await c.reporter.post(at(nominations.a, 'approve'), {}), 403, 'forbidden');
    assertError(await c.reporter.del(`${A}/${personList.id}/nominations/${nominations.a.id}`), 409, 'invalid_state');
    assertError(await c.reporter.del(`${A}/${personList.id}/nominations/${nominations.park.id}`), 404, 'not_found');
    assert.equal((await c.reporter.del(`${A}/${personList.id}/nominations/${nominations.c.id}`)).status, 204);
    // a quota cannot drop below what is approved
    assertError(await put(c.appraisal, `${A}/${personList.id}/quotas`, { items: [{ unit_id: byCode['TOWN-01'].id, quota: 0 }] }), 409, 'invalid_state', 'items[0].unit_id');
    assertError(await put(c.appraisal, `${A}/${personList.id}/quotas`, { items: [] }), 409, 'invalid_state', 'items');
    // the approved fill the quota: no more approvals past it
    await ok(await c.appraisal.post(at(nominations.jj, 'approve'), { reason: '事迹突出' }));
    await ok(await put(c.appraisal, `${A}/${personList.id}/quotas`, { items: [{ unit_id: byCode['TOWN-01'].id, quota: 1 }, { unit_id: byCode['TOWN-01-JJ'].id, quota: 1 }, { unit_id: byCode['PARK-01'].id, quota: 1 }] }));
    assertError(await c.appraisal.post(at(nominations.b, 'approve'), {}), 409, 'invalid_state');
    await ok(await c.appraisal.post(at(nominations.park, 'reject'), { reason: '不符合条件' }));
    // a reporter reads the draft with its own units' approved entries only
    const draft = await ok(await c.reporter.get(`${A}/${personList.id}`));
    assert.deepEqual(draft.entries.map((x) => [x.name, x.unit_name, x.source]), [['张三', unitName('TOWN-01'), 'nominated'], ['赵六', unitName('TOWN-01-JJ'), 'nominated']]);
    const log = await auditOf('award_nomination', nominations.b.id);
    assert.ok(log.some((x) => x.changes.state?.[1] === 'rejected' && x.changes.reason?.[0] === '事迹材料不实'));
  });

  test('published: the approved form the list, and nothing changes any more', async () => {
    const l = await ok(await c.appraisal.post(`${A}/${personList.id}/publish`, {}));
    assert.equal(l.state, 'published');
    assert.match(l.published_at, TS);
    assert.equal(l.published_by, 'appraisal');
    assert.deepEqual(l.entries.map((x) => [x.name, x.unit_name, x.position, x.total, x.rank]), [['张三', unitName('TOWN-01'), '副镇长', null, null], ['赵六', unitName('TOWN-01-JJ'), '副镇长', null, null]]);
    assert.equal(l.entry_count, 2);
    assertError(await c.reporter.post(`${A}/${personList.id}/nominations`, { unit_id: byCode['TOWN-01'].id, name: '迟到', deeds: '迟到的推荐' }), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${A}/${personList.id}/nominations/${nominations.b.id}/approve`, {}), 409, 'invalid_state');
    assertError(await put(c.appraisal, `${A}/${personList.id}/quotas`, { items: [] }), 409, 'invalid_state');
    assertError(await c.appraisal.del(`${A}/${personList.id}`), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${A}/${personList.id}/publish`, {}), 409, 'invalid_state');
    personList = l;
  });
});

describe('publication, reading, the notice and the export', () => {
  test('derived lists are published frozen; a list of a kind has no nominations, a derived one no direct people', async () => {
    assertError(await c.appraisal.get(`${A}/${unitList.id}/quotas`), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${A}/${unitList.id}/nominations`, { unit_id: byCode['TOWN-01'].id, name: '甲', deeds: '乙' }), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${A}/${personList.id}/entries`, { subject_id: sid['TOWN-01'], reason: '直接加' }), 409, 'invalid_state');
    for (const l of [unitList, entList]) {
      const p = await ok(await c.appraisal.post(`${A}/${l.id}/publish`, {}));
      assert.equal(p.state, 'published');
    }
    unitList = await ok(await c.appraisal.get(`${A}/${unitList.id}`));
    entList = await ok(await c.appraisal.get(`${A}/${entList.id}`));
    assertError(await c.appraisal.post(`${A}/${unitList.id}/regenerate`, { reason: '发布后' }), 409, 'invalid_state');
    assertError(await c.appraisal.post(`${A}/${unitList.id}/entries/${unitList.entries[0].id}/remove`, { reason: '发布后' }), 409, 'invalid_state');
    const empty = await ok(await c.appraisal.post(A, { kind: 'unit', name: '空名单', scheme_id: units.id, grades: ['一般'], version: 2 }), 201);
    await ok(await c.appraisal.post(`${A}/${empty.id}/entries/${empty.entries[0].id}/remove`, { reason: '不表彰' }));
    assertError(await c.appraisal.post(`${A}/${empty.id}/publish`, {}), 409, 'invalid_state');
    assert.equal((await c.appraisal.del(`${A}/${empty.id}`)).status, 204);
    assertError(await c.appraisal.get(`${A}/${empty.id}`), 404, 'not_found');
  });

  test('who reads what: the office every list, a reporter also the draft lists of individuals, the leader published ones only', async () => {
    const ids = (r) => r.json.items.filter((x) => x.year === YEAR).map((x) => x.id).sort((a, b) => a - b);
    const everything = [unitList.id, wideList.id, entList.id, personList.id].sort((a, b) => a - b);
    const published = [unitList.id, entList.id, personList.id].sort((a, b) => a - b);
    assert.deepEqual(ids(await c.appraisal.get(`${A}?year=${YEAR}`)), everything);
    const draftPerson = await ok(await c.appraisal.post(A, { kind: 'person', name: '2033年度优秀共产党员', year: YEAR }), 201);
    assert.deepEqual(ids(await c.reporter.get(`${A}?year=${YEAR}`)), [...published, draftPerson.id].sort((a, b) => a - b));
    assert.deepEqual(ids(await c.leader.get(`${A}?year=${YEAR}`)), published);
    assert.deepEqual(ids(await c.project.get(`${A}?year=${YEAR}`)), published);
    assert.deepEqual((await ok(await c.leader.get(`${A}?year=${YEAR - 1}`))).items, []);
    assert.deepEqual(await ok(await c.leader.get(`${A}/${unitList.id}`)), unitList);
    assertError(await c.leader.get(`${A}/${wideList.id}`), 404, 'not_found');
    assertError(await c.reporter.get(`${A}/${wideList.id}`), 404, 'not_found');
    assertError(await c.leader.get(`${A}/${draftPerson.id}`), 404, 'not_found');
    assertError(await c.leader.get(`${A}/${personList.id}/quotas`), 403, 'forbidden');
    assertError(await c.reporter.get(`${A}/${wideList.id}/quotas`), 404, 'not_found');
    assertError(await c.enterprise.get(A), 403, 'forbidden');
    assertError(await srv.anon.get(A), 401, 'unauthenticated');
    for (const [as, body] of [[c.leader, { kind: 'person', name: '领导建', year: YEAR }], [c.reporter, { kind: 'person', name: '填报员建', year: YEAR }]]) {
      assertError(await as.post(A, body), 403, 'forbidden');
    }
    assertError(await c.reporter.post(`${A}/${draftPerson.id}/publish`, {}), 403, 'forbidden');
    assertError(await c.town_leader.del(`${A}/${draftPerson.id}`), 403, 'forbidden');
    assertError(await c.reporter.request('PUT', `${A}/${draftPerson.id}/quotas`, { json: { items: [] } }), 403, 'forbidden');
    assertError(await c.appraisal.get(`${A}/987654`), 404, 'not_found');
    assertError(await c.appraisal.get(`${A}/abc`), 404, 'not_found');
    assert.equal((await c.appraisal.del(`${A}/${draftPerson.id}`)).status, 204);
  });

  test('the public notice of a version holds the lists derived from it and the scheme\'s lists of individuals; removed entries and deeds stay out', async () => {
    const tq = tenantQuery();
    const v2 = await ok(await srv.anon.get(`/api/v1/public/notices/${units.id}/2${tq ? `?${tq}` : ''}`));
    assert.deepEqual(v2.awards.map((x) => [x.name, x.kind]), [['2033年度综合考核先进单位', 'unit'], ['2033年度先进个人', 'person']]);
    for (const x of v2.awards) {
      assert.deepEqual(keys(x), [...PUBLIC_KEYS].sort());
      for (const y of x.entries) assert.deepEqual(keys(y), [...PUBLIC_ENTRY_KEYS].sort());
    }
    assert.deepEqual(v2.awards[0].entries.map((x) => [x.name, x.group_name, x.total, x.grade_name]), [
      [unitName('TOWN-02'), '镇（街道）组', 99, '优秀'], [unitName('TOWN-01'), '镇（街道）组', 95, '优秀'],
      [unitName('TOWN-03'), '镇（街道）组', 92, '优秀'], [unitName('PARK-01'), '园区组', 91, '优秀']]);
    assert.deepEqual(v2.awards[1].entries, [
      { name: '张三', unit_name: unitName('TOWN-01'), position: '副镇长', group_name: null, total: null, grade_name: null },
      { name: '赵六', unit_name: unitName('TOWN-01-JJ'), position: '副镇长', group_name: null, total: null, grade_name: null }]);
    const v1 = await ok(await srv.anon.get(`/api/v1/public/notices/${units.id}/1${tq ? `?${tq}` : ''}`));
    assert.deepEqual(v1.awards.map((x) => x.name), ['2033年度先进个人'], 'the unit list now comes from version 2; the draft 良好 list is not public');
    const en = await ok(await srv.anon.get(`/api/v1/public/notices/${ents.id}/1${tq ? `?${tq}` : ''}`));
    assert.deepEqual(en.awards.map((x) => [x.name, x.entries.map((y) => y.name)]), [['2033年度优秀企业', [enterprises[0].name]]]);
    const byYear = await ok(await srv.anon.get(`/api/v1/public/awards?year=${YEAR}${tq ? `&${tq}` : ''}`));
    assert.deepEqual(byYear.items.map((x) => x.name), ['2033年度综合考核先进单位', '2033年度优秀企业', '2033年度先进个人']);
    assert.ok(!JSON.stringify(byYear).includes('事迹'), 'deeds are not public');
    const all = await ok(await srv.anon.get(`/api/v1/public/awards${tq ? `?${tq}` : ''}`));
    assert.deepEqual(all.items.filter((x) => x.year === YEAR).map((x) => x.id), byYear.items.map((x) => x.id));
    assert.deepEqual((await ok(await srv.anon.get(`/api/v1/public/awards?year=${YEAR + 1}${tq ? `&${tq}` : ''}`))).items, []);
    assertError(await srv.anon.get('/api/v1/public/awards?tenant=999999'), 404, 'not_found', 'tenant');
    assertError(await srv.anon.get('/api/v1/public/awards?year=19'), 400, 'bad_query', 'year');
    assertError(await srv.anon.get('/api/v1/public/awards?nope=1'), 400, 'bad_query');
  });

  test('the notice as .xlsx lists the honour lists of its version after the results, as the public notice does', async () => {
    const r = await c.leader.get(`/api/v1/appraisal/schemes/${units.id}/versions/2/notice.xlsx`);
    assert.equal(r.status, 200, r.text);
    const { rows } = readXlsx(r.bytes);
    const cells = rows.map((row) => row.filter((x) => x !== null).map(String));
    const at = (title) => cells.findIndex((row) => row.some((x) => x.includes(title)));
    const unitsAt = at('2033年度综合考核先进单位'), personsAt = at('2033年度先进个人');
    assert.ok(unitsAt > 0 && personsAt > unitsAt, `both lists, in order, after the results: ${JSON.stringify(cells)}`);
    assert.deepEqual(cells[unitsAt + 1], ['序号', '名称', '组别', '等次']);
    assert.deepEqual(cells[unitsAt + 2], ['1', unitName('TOWN-02'), '镇（街道）组', '优秀']);
    assert.deepEqual(cells[personsAt + 1], ['序号', '姓名', '单位', '职务（职称）']);
    assert.deepEqual(cells[personsAt + 2], ['1', '张三', unitName('TOWN-01'), '副镇长']);
    assert.ok(!cells.flat().some((x) => x.includes('事迹')), 'deeds are not in the notice');
  });

  test('each list as .xlsx: the list\'s name as the title, the columns shown, the entries listed in order', async () => {
    const r = await c.leader.get(`${A}/${unitList.id}/export`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /spreadsheetml/);
    assert.equal(r.headers['content-disposition'], `attachment; filename="award-list-${unitList.id}.xlsx"; filename*=UTF-8''${encodeURIComponent('2033年度综合考核先进单位')}.xlsx`);
    const x = readXlsx(r.bytes);
    assert.equal(x.rows[0][0], '2033年度综合考核先进单位');
    assert.deepEqual(x.rows[1], ['序号', '名称', '组别', '总分', '组内名次', '等次', '备注']);
    assert.deepEqual(x.rows.slice(2), [
      [1, unitName('TOWN-02'), '镇（街道）组', '99.00', 1, '优秀', null], [2, unitName('TOWN-01'), '镇（街道）组', '95.00', 2, '优秀', null],
      [3, unitName('TOWN-03'), '镇（街道）组', '92.00', 3, '优秀', null], [4, unitName('PARK-01'), '园区组', '91.00', 1, '优秀', null]]);
    const p = readXlsx((await c.appraisal.get(`${A}/${personList.id}/export`)).bytes);
    assert.deepEqual(p.rows[1], ['序号', '姓名', '单位', '职务（职称）', '主要事迹']);
    assert.deepEqual(p.rows.slice(2), [[1, '张三', unitName('TOWN-01'), '副镇长', '张三的事迹：招商引资成绩突出。'], [2, '赵六', unitName('TOWN-01-JJ'), '副镇长', '赵六的事迹：招商引资成绩突出。']]);
    // the office's draft, with an added entry's reason as its note
    await ok(await c.appraisal.post(`${A}/${wideList.id}/entries`, { subject_id: sid['TOWN-01'], reason: '增列说明' }));
    const w = readXlsx((await c.appraisal.get(`${A}/${wideList.id}/export`)).bytes);
    assert.deepEqual(w.rows.at(-1).slice(1), [unitName('TOWN-01'), '镇（街道）组', '95.00', 1, '优秀', '增列说明']);
    assertError(await c.leader.get(`${A}/${wideList.id}/export`), 404, 'not_found');
    assertError(await c.enterprise.get(`${A}/${unitList.id}/export`), 403, 'forbidden');
  });
});

describe('bad input: every field refused with its name, nothing changed', () => {
  test('creating a list', async () => {
    const read = async () => (await ok(await c.appraisal.get(A))).items.map((x) => x.id);
    const base = { kind: 'unit', name: '坏输入', scheme_id: units.id };
    const cases = [
      { body: { ...base, kind: undefined }, field: 'kind' }, { body: { ...base, kind: 'team' }, field: 'kind' }, { body: { ...base, kind: 3 }, field: 'kind' },
      { body: { ...base, name: undefined }, field: 'name' }, { body: { ...base, name: '  ' }, field: 'name' }, { body: { ...base, name: '名'.repeat(101) }, field: 'name' },
      { body: { ...base, name: 7 }, field: 'name' }, { body: { ...base, name: '换\n行' }, field: 'name' },
      { body: { ...base, year: '2033' }, field: 'year' }, { body: { ...base, year: 1999 }, field: 'year' }, { body: { ...base, year: YEAR + 1 }, field: 'year' },
      { body: { ...base, scheme_id: undefined }, field: 'scheme_id' }, { body: { ...base, scheme_id: 'x' }, field: 'scheme_id' }, { body: { ...base, scheme_id: 987654 }, field: 'scheme_id' },
      { body: { ...base, scheme_id: 0 }, field: 'scheme_id' },
      { body: { ...base, version: 0 }, field: 'version' }, { body: { ...base, version: 9 }, field: 'version' }, { body: { ...base, version: '1' }, field: 'version' },
      { body: { ...base, grades: '优秀' }, field: 'grades' }, { body: { ...base, grades: [] }, field: 'grades' }, { body: { ...base, grades: ['特等'] }, field: 'grades[0]' },
      { body: { ...base, grades: ['优秀', '优秀'] }, field: 'grades[1]' }, { body: { ...base, grades: ['优秀', 1] }, field: 'grades[1]' },
      { body: { ...base, grades: Array(11).fill('优秀') }, field: 'grades' },
      { body: { ...base, extra: 1 }, field: 'extra' },
      { body: { kind: 'person', name: '个人无年' }, field: 'year' }, { body: { kind: 'person', name: '个人', year: YEAR, version: 1 }, field: 'version' },
      { body: { kind: 'person', name: '个人', year: YEAR, grades: ['优秀'] }, field: 'grades' }, { body: { kind: 'person', name: '个人', scheme_id: 987654 }, field: 'scheme_id' },
    ];
    assert.deepEqual(await eachRefused(cases, (cs) => c.appraisal.post(A, cs.body), read), []);
    assertError(await c.appraisal.request('POST', A, { body: '{', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await c.appraisal.get(`${A}?year=abc`), 400, 'bad_query', 'year');
  });

  test('regenerating, adding and removing entries', async () => {
    const read = async () => ok(await c.appraisal.get(`${A}/${wideList.id}`));
    const entry = wideList.entries[0].id;
    const cases = [
      { body: { reason: '' }, field: 'reason', at: 'regenerate' }, { body: { reason: 5 }, field: 'reason', at: 'regenerate' },
      { body: { reason: '理由'.repeat(251) }, field: 'reason', at: 'regenerate' },
      { body: { reason: '好', version: 'x' }, field: 'version', at: 'regenerate' }, { body: { reason: '好', version: 7 }, field: 'version', at: 'regenerate' },
      { body: { reason: '好', grades: ['特等'] }, field: 'grades[0]', at: 'regenerate' }, { body: { reason: '好', grades: {} }, field: 'grades', at: 'regenerate' },
      { body: { reason: '好', nope: 1 }, field: 'nope', at: 'regenerate' },
      { body: { reason: '好' }, field: 'subject_id', at: 'entries' }, { body: { subject_id: 'x', reason: '好' }, field: 'subject_id', at: 'entries' },
      { body: { subject_id: 987654, reason: '好' }, field: 'subject_id', at: 'entries' }, { body: { subject_id: sid['TOWN-02'] }, field: 'reason', at: 'entries' },
      { body: { subject_id: sid['TOWN-02'], reason: '好', x: 1 }, field: 'x', at: 'entries' },
      { body: {}, field: 'reason', at: `entries/${entry}/remove` }, { body: { reason: ['a'] }, field: 'reason', at: `entries/${entry}/remove` },
    ];
    assert.deepEqual(await eachRefused(cases, (cs) => c.appraisal.post(`${A}/${wideList.id}/${cs.at}`, cs.body), read), []);
    assertError(await c.appraisal.post(`${A}/${wideList.id}/entries/987654/remove`, { reason: '好' }), 404, 'not_found');
    assertError(await c.appraisal.post(`${A}/987654/regenerate`, { reason: '好' }), 404, 'not_found');
  });

  test('quotas and nominations', async () => {
    const l = await ok(await c.appraisal.post(A, { kind: 'person', name: '坏输入个人', year: YEAR }), 201);
    await ok(await put(c.appraisal, `${A}/${l.id}/quotas`, { items: [{ unit_id: byCode['TOWN-01'].id, quota: 1 }] }));
    const read = async () => [await ok(await c.appraisal.get(`${A}/${l.id}/quotas`)), await ok(await c.appraisal.get(`${A}/${l.id}/nominations`))];
    const u = byCode['TOWN-01'].id;
    const quotaCases = [
      { body: {}, field: 'items' }, { body: { items: {} }, field: 'items' }, { body: { items: [1] }, field: 'items[0]' },
      { body: { items: [{ quota: 1 }] }, field: 'items[0].unit_id' }, { body: { items: [{ unit_id: 'x', quota: 1 }] }, field: 'items[0].unit_id' },
      { body: { items: [{ unit_id: 987654, quota: 1 }] }, field: 'items[0].unit_id' },
      { body: { items: [{ unit_id: u, quota: 1 }, { unit_id: u, quota: 2 }] }, field: 'items[1].unit_id' },
      { body: { items: [{ unit_id: u }] }, field: 'items[0].quota' }, { body: { items: [{ unit_id: u, quota: -1 }] }, field: 'items[0].quota' },
      { body: { items: [{ unit_id: u, quota: 101 }] }, field: 'items[0].quota' }, { body: { items: [{ unit_id: u, quota: 1.5 }] }, field: 'items[0].quota' },
      { body: { items: [{ unit_id: u, quota: 1, x: 1 }] }, field: 'x' },
      { body: { scheme_id: 987654 }, field: 'scheme_id' }, { body: { scheme_id: ents.id }, field: 'scheme_id' },
      { body: { scheme_id: units.id, by_grade: [{ grade_name: '特等', quota: 1 }] }, field: 'by_grade[0].grade_name' },
      { body: { scheme_id: units.id, by_grade: [{ grade_name: '优秀' }] }, field: 'by_grade[0].quota' },
      { body: { scheme_id: units.id, by_grade: [{ grade_name: '优秀', quota: 1 }, { grade_name: '优秀', quota: 2 }] }, field: 'by_grade[1].grade_name' },
      { body: { scheme_id: units.id, by_grade: 'x' }, field: 'by_grade' }, { body: { scheme_id: units.id, others: 101 }, field: 'others' },
      { body: { by_grade: [], items: [] }, field: 'scheme_id' }, { body: { items: [], extra: true }, field: 'extra' },
    ];
    assert.deepEqual(await eachRefused(quotaCases, (cs) => put(c.appraisal, `${A}/${l.id}/quotas`, cs.body), read), []);
    const good = { unit_id: u, name: '张三', position: '主任', deeds: '事迹' };
    const nominationCases = [
      { body: { ...good, unit_id: undefined }, field: 'unit_id' }, { body: { ...good, unit_id: '1' }, field: 'unit_id' },
      { body: { ...good, unit_id: 987654 }, field: 'unit_id' }, { body: { ...good, unit_id: byCode['TOWN-03'].id }, field: 'unit_id' },
      { body: { ...good, name: undefined }, field: 'name' }, { body: { ...good, name: '名'.repeat(51) }, field: 'name' }, { body: { ...good, name: 1 }, field: 'name' },
      { body: { ...good, position: '职'.repeat(101) }, field: 'position' }, { body: { ...good, position: false }, field: 'position' },
      { body: { ...good, deeds: undefined }, field: 'deeds' }, { body: { ...good, deeds: ' ' }, field: 'deeds' }, { body: { ...good, deeds: '事'.repeat(2001) }, field: 'deeds' },
      { body: { ...good, gender: '男' }, field: 'gender' },
    ];
    assert.deepEqual(await eachRefused(nominationCases, (cs) => c.reporter.post(`${A}/${l.id}/nominations`, cs.body), read), []);
    const n = await ok(await c.reporter.post(`${A}/${l.id}/nominations`, good), 201);
    const decideCases = [
      { body: { reason: 3 }, field: 'reason', at: 'approve' }, { body: { reason: '理'.repeat(501) }, field: 'reason', at: 'approve' },
      { body: { x: 1 }, field: 'x', at: 'approve' }, { body: {}, field: 'reason', at: 'reject' }, { body: { reason: '  ' }, field: 'reason', at: 'reject' },
    ];
    assert.deepEqual(await eachRefused(decideCases, (cs) => c.appraisal.post(`${A}/${l.id}/nominations/${n.id}/${cs.at}`, cs.body), read), []);
    assertError(await c.appraisal.post(`${A}/${l.id}/nominations/987654/approve`, {}), 404, 'not_found');
    assertError(await c.appraisal.post(`${A}/${personList.id}/nominations/${n.id}/approve`, {}), 404, 'not_found', null);
    assertError(await c.reporter.del(`${A}/${l.id}/nominations/x`), 404, 'not_found');
    assert.equal((await c.appraisal.del(`${A}/${l.id}`)).status, 204, 'a draft goes with its quotas and nominations');
  });
});
