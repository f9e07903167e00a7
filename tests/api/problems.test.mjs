// Problems raised against projects (docs/api-contract.md, "Problems 问题诉求"): the workflow
// raise → assign → accept → resolve → confirm, reopen and escalate; every transition refused from
// the wrong state (409 invalid_state); who may take each action and whose problems each role sees;
// the events and the operation log; bad input on every field; and the project's warning turning
// yellow, then red, for an overdue problem. The API refuses a deadline before today, so a problem
// is made overdue as time would make it: the test moves its stored deadline back (sql()).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopAndCheck, assertError, sql, DEMO_PASSWORD } from './server.mjs';

const PB = '/api/v1/problems';
const PROBLEM_KEYS = ['id', 'project_id', 'project_code', 'project_name', 'title', 'description', 'state', 'unit_id',
  'unit_name', 'deadline', 'escalated', 'overdue_days', 'raised_by_name', 'created_at', 'updated_at', 'closed_at',
  'days_to_close'].sort();
const EVENT_KEYS = ['at', 'username', 'action', 'state_from', 'state_to', 'comment'].sort();
const LABEL = { open: '待受理', accepted: '办理中', resolved: '已办结', confirmed: '已确认' };
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const pad = (n) => String(n).padStart(2, '0');
const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const NOW = new Date();
const daysAgo = (n) => isoDay(new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() - n));
const YEAR = NOW.getFullYear();

let srv;
let units;
let tenant;
const byCode = {};
const c = {}; // demo clients by user name
let seq = 0;

function subtree(code) {
  const ids = new Set([byCode[code].id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units) if (u.parent_id !== null && ids.has(u.parent_id) && !ids.has(u.id)) { ids.add(u.id); grew = true; }
  }
  return ids;
}
/** A project of the unit (code), made by the administrator: green, no milestones. */
async function mkProject(unitCode = 'TOWN-01') {
  const r = await srv.post('/api/v1/projects', { code: `PB-${++seq}`, name: `问题测试项目${seq}`, unit_id: byCode[unitCode].id, category: 'industry', source: 'domestic' });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function raise(as, projectId, title = '用地指标未落实', description = '') {
  const r = await as.post(PB, { project_id: projectId, title, description });
  assert.equal(r.status, 201, `raise: ${r.text}`);
  return r.json;
}
const act = (as, id, action, body = {}) => as.post(`${PB}/${id}/${action}`, body);
async function ok(as, id, action, body = {}) {
  const r = await act(as, id, action, body);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}
const assignTo = (id, unitCode, deadline = daysAgo(-10), as = srv) => ok(as, id, 'assign', { unit_id: byCode[unitCode].id, deadline, comment: '请尽快办理' });
async function get(id, as = srv) {
  const r = await as.get(`${PB}/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
/** Moves the stored deadline back to n days ago, as the passing of time would. */
function backdate(id, n) {
  sql(srv.db, `UPDATE problems SET deadline = '${daysAgo(n)}' WHERE tenant_id = ${tenant} AND id = ${id}`);
}
const project = async (id) => (await srv.get(`/api/v1/projects/${id}`)).json;
/** Every problem the client sees with the query (one page). */
async function list(as, qs = '') {
  const r = await as.get(`${PB}?page_size=1000${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** A fresh problem in each state (on a TOWN-01 project, assigned to TOWN-01-JJ where assigned). */
async function inState(state) {
  const p = await mkProject();
  const pb = await raise(srv, p.id);
  if (state === 'unassigned') return pb;
  await assignTo(pb.id, 'TOWN-01-JJ');
  if (state === 'open') return get(pb.id);
  await ok(srv, pb.id, 'accept');
  if (state === 'accepted') return get(pb.id);
  await ok(srv, pb.id, 'resolve');
  if (state === 'resolved') return get(pb.id);
  return ok(srv, pb.id, 'confirm');
}

before(async () => {
  srv = await startServer({ data: 'demo' });
  units = await srv.listUnits();
  for (const u of units) byCode[u.code] = u;
  tenant = Number(sql(srv.db, 'SELECT min(id) FROM tenants').trim());
  for (const name of ['project', 'reporter', 'leader', 'town_leader', 'enterprise', 'appraisal']) c[name] = await srv.login(name, DEMO_PASSWORD);
});
after(async () => { await stopAndCheck(srv); });

describe('the workflow', () => {
  test('raise → assign → accept → resolve → confirm, each answered with the problem and its events', async () => {
    const p = await mkProject();
    const r = await c.reporter.post(PB, { project_id: p.id, title: '施工许可办理慢', description: '已提交材料两周' });
    assert.equal(r.status, 201, r.text);
    const raised = r.json;
    assert.equal(r.headers.location, `${PB}/${raised.id}`);
    assert.deepEqual(Object.keys(raised).filter((k) => k !== 'events').sort(), PROBLEM_KEYS);
    assert.deepEqual({ ...raised, id: 0, created_at: '', updated_at: '', events: [] }, {
      id: 0, project_id: p.id, project_code: p.code, project_name: p.name, title: '施工许可办理慢', description: '已提交材料两周',
      state: 'open', unit_id: null, unit_name: null, deadline: null, escalated: false, overdue_days: 0, raised_by_name: 'reporter',
      created_at: '', updated_at: '', closed_at: null, days_to_close: null, events: [],
    });
    assert.match(raised.created_at, ISO_TIME);
    assert.equal(raised.events.length, 1);
    assert.deepEqual(Object.keys(raised.events[0]).sort(), EVENT_KEYS);
    assert.deepEqual({ ...raised.events[0], at: '' }, { at: '', username: 'reporter', action: 'raise', state_from: null, state_to: 'open', comment: '' });
    assert.deepEqual(await get(raised.id), raised, 'GET answers the same problem');

    const deadline = daysAgo(-7);
    const assigned = await ok(c.project, raised.id, 'assign', { unit_id: byCode['TOWN-01-JJ'].id, deadline, comment: '请经开区牵头' });
    assert.equal(assigned.state, 'open');
    assert.equal(assigned.unit_id, byCode['TOWN-01-JJ'].id);
    assert.equal(assigned.unit_name, byCode['TOWN-01-JJ'].name);
    assert.equal(assigned.deadline, deadline);
    assert.equal(assigned.overdue_days, 0);
    const accepted = await ok(c.reporter, raised.id, 'accept', { comment: '已受理' });
    assert.equal(accepted.state, 'accepted');
    assert.equal(accepted.closed_at, null);
    const resolved = await ok(c.reporter, raised.id, 'resolve', { comment: '许可已发放' });
    assert.equal(resolved.state, 'resolved');
    assert.match(resolved.closed_at, ISO_TIME);
    assert.equal(resolved.days_to_close, 0, 'closed the day it was raised');
    const confirmed = await ok(c.reporter, raised.id, 'confirm', {});
    assert.equal(confirmed.state, 'confirmed');
    assert.equal(confirmed.closed_at, resolved.closed_at, 'confirming keeps the time it was resolved');
    assert.equal(confirmed.days_to_close, 0);

    assert.deepEqual(confirmed.events.map((e) => [e.username, e.action, e.state_from, e.state_to, e.comment]), [
      ['reporter', 'raise', null, 'open', ''],
      ['project', 'assign', 'open', 'open', '请经开区牵头'],
      ['reporter', 'accept', 'open', 'accepted', '已受理'],
      ['reporter', 'resolve', 'accepted', 'resolved', '许可已发放'],
      ['reporter', 'confirm', 'resolved', 'confirmed', ''],
    ]);
    for (const e of confirmed.events) assert.match(e.at, ISO_TIME);
    const at = confirmed.events.map((e) => e.at);
    assert.deepEqual(at, [...at].sort(), 'events oldest first');
  });

  test('reopen sends a resolved problem back to open with its unit and deadline, and clears closed_at', async () => {
    const pb = await inState('resolved');
    const r = await ok(srv, pb.id, 'reopen', { comment: '问题仍未解决' });
    assert.equal(r.state, 'open');
    assert.equal(r.closed_at, null);
    assert.equal(r.days_to_close, null);
    assert.equal(r.unit_id, pb.unit_id);
    assert.equal(r.deadline, pb.deadline);
    assert.deepEqual(r.events.at(-1).action, 'reopen');
    assert.deepEqual([r.events.at(-1).state_from, r.events.at(-1).state_to, r.events.at(-1).comment], ['resolved', 'open', '问题仍未解决']);
    // and round again
    await ok(c.reporter, pb.id, 'accept');
    await ok(c.reporter, pb.id, 'resolve');
    assert.equal((await ok(srv, pb.id, 'confirm')).state, 'confirmed');
  });

  test('assigning an accepted problem again starts it over at open, with the new unit and deadline', async () => {
    const pb = await inState('accepted');
    const r = await ok(srv, pb.id, 'assign', { unit_id: byCode['TOWN-02'].id, deadline: daysAgo(0) });
    assert.equal(r.state, 'open');
    assert.equal(r.unit_id, byCode['TOWN-02'].id);
    assert.equal(r.deadline, daysAgo(0), 'a deadline of today is accepted');
    assert.deepEqual([r.events.at(-1).state_from, r.events.at(-1).state_to, r.events.at(-1).comment], ['accepted', 'open', '']);
    assertError(await act(c.reporter, pb.id, 'accept'), 403, 'forbidden', null);
  });

  test('escalate (督办) is refused until the deadline has passed, then marks the problem without changing its state', async () => {
    const pb = await inState('accepted');
    const refused = assertError(await act(srv, pb.id, 'escalate', { comment: '请加快' }), 409, 'invalid_state', 'deadline');
    assert.match(refused.message_en, /not past its deadline/);
    backdate(pb.id, 3);
    const before = await get(pb.id);
    assert.equal(before.overdue_days, 3);
    assert.equal(before.escalated, false);
    const r = await ok(srv, pb.id, 'escalate', { comment: '请三日内办结' });
    assert.equal(r.state, 'accepted');
    assert.equal(r.escalated, true);
    assert.deepEqual([r.events.at(-1).action, r.events.at(-1).state_from, r.events.at(-1).state_to, r.events.at(-1).comment],
      ['escalate', 'accepted', 'accepted', '请三日内办结']);
    assert.ok((await list(srv, '&escalated=true')).items.some((x) => x.id === pb.id));
    // escalated again: allowed while overdue; a new assignment clears the mark
    assert.equal((await ok(srv, pb.id, 'escalate', { comment: '再次督办' })).escalated, true);
    const again = await ok(srv, pb.id, 'assign', { unit_id: byCode['TOWN-01-JJ'].id, deadline: daysAgo(-30) });
    assert.equal(again.escalated, false);
    assert.equal(again.overdue_days, 0);
    assert.ok(!(await list(srv, '&escalated=true')).items.some((x) => x.id === pb.id));
    // an open (not yet accepted) overdue problem may be escalated too
    backdate(pb.id, 1);
    assert.equal((await ok(srv, pb.id, 'escalate', { comment: '督办' })).state, 'open');
  });

  test('overdue_days counts only open and accepted problems; a resolved one is not overdue', async () => {
    const pb = await inState('accepted');
    backdate(pb.id, 9);
    assert.equal((await get(pb.id)).overdue_days, 9);
    const resolved = await ok(c.reporter, pb.id, 'resolve');
    assert.equal(resolved.overdue_days, 0);
    assertError(await act(srv, pb.id, 'escalate', { comment: 'x' }), 409, 'invalid_state', 'state');
  });
});

describe('every transition refused from the wrong state: 409 invalid_state naming the state, nothing changed', () => {
  // allowed: state -> actions (escalate needs a passed deadline, accept an assigned problem)
  const ALLOWED = {
    unassigned: ['assign'],
    open: ['assign', 'accept'],
    accepted: ['assign', 'resolve'],
    resolved: ['confirm', 'reopen'],
    confirmed: [],
  };
  const ACTIONS = ['assign', 'accept', 'resolve', 'confirm', 'reopen', 'escalate'];
  const body = (action) => (action === 'assign' ? { unit_id: byCode['TOWN-01-JJ'].id, deadline: daysAgo(-5) } : { comment: '理由' });
  for (const [state, allowed] of Object.entries(ALLOWED)) {
    test(`from ${state}`, async () => {
      const pb = await inState(state);
      const stored = pb.state;
      for (const action of ACTIONS.filter((a) => !allowed.includes(a))) {
        const r = await act(srv, pb.id, action, body(action));
        let field = 'state';
        if (state === 'unassigned' && action === 'accept') field = 'unit_id';
        if (['unassigned', 'open', 'accepted'].includes(state) && action === 'escalate') field = 'deadline';
        const e = assertError(r, 409, 'invalid_state', field);
        if (field === 'state') {
          assert.ok(e.message_en.startsWith(`the problem is ${stored}: it cannot be `), e.message_en);
          assert.ok(e.message_zh.includes(`“${LABEL[stored]}”`), e.message_zh);
        }
        const after = await get(pb.id);
        assert.deepEqual(after, pb, `${action} from ${state} changes nothing`);
        assert.equal(after.state, stored);
        assert.equal(after.events.length, pb.events.length, `${action} from ${state} records no event`);
      }
    });
  }
  test('an unknown action is not a route (404)', async () => {
    const pb = await inState('open');
    assertError(await act(srv, pb.id, 'close', {}), 404, 'not_found');
  });
});

describe('who may act, and whose problems each role sees', () => {
  test('a reporter raises problems only on projects of its subtree (another unit\'s project: 404, field project_id)', async () => {
    const own = await mkProject('TOWN-01-JJ');
    assert.equal((await raise(c.reporter, own.id)).raised_by_name, 'reporter');
    const other = await mkProject('TOWN-02');
    assertError(await c.reporter.post(PB, { project_id: other.id, title: '越权' }), 404, 'not_found', 'project_id');
    assertError(await c.reporter.post(PB, { project_id: 987654, title: '不存在' }), 404, 'not_found', 'project_id');
    assert.equal((await list(srv, `&project_id=${other.id}`)).total, 0, 'nothing was raised');
  });

  test('a reporter accepts and resolves only problems assigned to its subtree, wherever the project is', async () => {
    const foreign = await mkProject('TOWN-02');
    const pb = await raise(srv, foreign.id);
    assertError(await act(c.reporter, pb.id, 'accept'), 404, 'not_found', null); // not visible before it is assigned here
    await assignTo(pb.id, 'TOWN-01');
    assert.equal((await get(pb.id, c.reporter)).id, pb.id, 'seen once assigned to its unit');
    await ok(c.reporter, pb.id, 'accept');
    await ok(c.reporter, pb.id, 'resolve');
    assertError(await act(c.reporter, pb.id, 'confirm'), 403, 'forbidden', null); // not its own
    assertError(await act(c.reporter, pb.id, 'reopen', { comment: 'x' }), 403, 'forbidden', null);

    const mine = await mkProject('TOWN-01');
    const elsewhere = await raise(srv, mine.id);
    await assignTo(elsewhere.id, 'TOWN-02');
    const e = assertError(await act(c.reporter, elsewhere.id, 'accept'), 403, 'forbidden', null);
    assert.match(e.message_en, /assigned to another unit/);
    assert.equal((await get(elsewhere.id)).state, 'open');
    await ok(srv, elsewhere.id, 'accept');
    assertError(await act(c.reporter, elsewhere.id, 'resolve'), 403, 'forbidden', null);
  });

  test('a reporter confirms and reopens only its own problems; the project office any', async () => {
    const p = await mkProject('TOWN-01');
    const own = await raise(c.reporter, p.id);
    await assignTo(own.id, 'TOWN-01');
    await ok(c.reporter, own.id, 'accept');
    await ok(c.reporter, own.id, 'resolve');
    assert.equal((await ok(c.reporter, own.id, 'reopen', { comment: '未解决' })).state, 'open');
    await ok(c.reporter, own.id, 'accept');
    await ok(c.reporter, own.id, 'resolve');
    assert.equal((await ok(c.reporter, own.id, 'confirm')).state, 'confirmed');

    const byAdmin = await inState('resolved');
    assertError(await act(c.reporter, byAdmin.id, 'confirm'), 403, 'forbidden', null);
    assert.equal((await ok(c.project, byAdmin.id, 'confirm')).state, 'confirmed');
  });

  test('a reporter may not assign or escalate (403 for any id)', async () => {
    const pb = await inState('open');
    backdate(pb.id, 2);
    for (const id of [pb.id, 987654]) {
      assertError(await act(c.reporter, id, 'assign', { unit_id: byCode['TOWN-01'].id, deadline: daysAgo(-1) }), 403, 'forbidden', null);
      assertError(await act(c.reporter, id, 'escalate', { comment: 'x' }), 403, 'forbidden', null);
    }
  });

  test('the project office assigns, accepts, resolves, confirms and escalates anywhere', async () => {
    const p = await mkProject('TOWN-02');
    const pb = await raise(c.project, p.id);
    await ok(c.project, pb.id, 'assign', { unit_id: byCode['TOWN-02'].id, deadline: daysAgo(-1) });
    backdate(pb.id, 1);
    await ok(c.project, pb.id, 'escalate', { comment: '督办' });
    await ok(c.project, pb.id, 'accept');
    await ok(c.project, pb.id, 'resolve');
    assert.equal((await ok(c.project, pb.id, 'confirm')).state, 'confirmed');
  });

  test('a reporter sees exactly the problems of its subtree\'s projects and those assigned to its subtree', async () => {
    const scope = subtree('TOWN-01');
    const projects = (await srv.get('/api/v1/projects?page_size=1000')).json;
    const more = projects.total > 1000 ? (await srv.get('/api/v1/projects?page_size=1000&page=2')).json.items : [];
    const unitOf = new Map([...projects.items, ...more].map((p) => [p.id, p.unit_id]));
    const all = await list(srv);
    assert.equal(all.total, all.items.length);
    const want = all.items.filter((x) => scope.has(unitOf.get(x.project_id)) || (x.unit_id !== null && scope.has(x.unit_id)));
    const mine = await list(c.reporter);
    assert.ok(want.length > 0 && want.length < all.total, 'the demo has problems in and out of scope');
    assert.deepEqual(mine.items.map((x) => x.id), want.map((x) => x.id));
    assert.equal(mine.total, want.length);
    const outside = all.items.find((x) => !want.includes(x));
    assertError(await c.reporter.get(`${PB}/${outside.id}`), 404, 'not_found', null);
    // the town leader of TOWN-02 likewise
    const scope2 = subtree('TOWN-02');
    const want2 = all.items.filter((x) => scope2.has(unitOf.get(x.project_id)) || (x.unit_id !== null && scope2.has(x.unit_id)));
    assert.deepEqual((await list(c.town_leader)).items.map((x) => x.id), want2.map((x) => x.id));
  });

  test('the city leader reads every problem but may take no action', async () => {
    const all = await list(srv);
    const seen = await list(c.leader);
    assert.deepEqual(seen.items.map((x) => x.id), all.items.map((x) => x.id));
    const pb = await inState('resolved');
    assert.equal((await get(pb.id, c.leader)).id, pb.id);
    assertError(await c.leader.post(PB, { project_id: pb.project_id, title: '领导' }), 403, 'forbidden', null);
    for (const action of ['assign', 'accept', 'resolve', 'confirm', 'reopen', 'escalate']) {
      assertError(await act(c.leader, pb.id, action, { comment: 'x' }), 403, 'forbidden', null);
    }
    assert.equal((await get(pb.id)).state, 'resolved');
  });

  test('an enterprise account not yet linked to its enterprise sees no problem and can raise none', async () => {
    const pb = await inState('resolved');
    const seen = await list(c.enterprise);
    assert.deepEqual([seen.total, seen.items], [0, []]);
    assertError(await c.enterprise.get(`${PB}/${pb.id}`), 404, 'not_found', null);
    assertError(await c.enterprise.post(PB, { project_id: pb.project_id, title: '企业诉求' }), 404, 'not_found', 'project_id');
    assertError(await act(c.enterprise, pb.id, 'confirm'), 404, 'not_found', null);
    assertError(await act(c.enterprise, pb.id, 'accept'), 403, 'forbidden', null);
  });

  test('the appraisal office reads problems and may take no action', async () => {
    const pb = await inState('open');
    assert.equal((await get(pb.id, c.appraisal)).id, pb.id);
    assertError(await c.appraisal.post(PB, { project_id: pb.project_id, title: '考核' }), 403, 'forbidden', null);
    assertError(await act(c.appraisal, pb.id, 'accept'), 403, 'forbidden', null);
  });
});

describe('the list', () => {
  test('filters by state, unit, project, overdue and escalated, newest first, with paging and totals', async () => {
    const p = await mkProject('TOWN-01');
    const a = await raise(srv, p.id, '甲');
    const b = await raise(srv, p.id, '乙');
    const d = await raise(srv, p.id, '丙');
    await assignTo(b.id, 'TOWN-02');
    await assignTo(d.id, 'TOWN-01-JJ');
    await ok(srv, d.id, 'accept');
    backdate(d.id, 4);
    await ok(srv, d.id, 'escalate', { comment: '督办' });
    const ids = async (qs) => (await list(srv, `&project_id=${p.id}${qs}`)).items.map((x) => x.id);
    assert.deepEqual(await ids(''), [d.id, b.id, a.id], 'newest first');
    assert.deepEqual(await ids('&state=open'), [b.id, a.id]);
    assert.deepEqual(await ids('&state=accepted'), [d.id]);
    assert.deepEqual(await ids('&state=resolved'), []);
    assert.deepEqual(await ids(`&unit_id=${byCode['TOWN-02'].id}`), [b.id]);
    assert.deepEqual(await ids(`&unit_id=${byCode['TOWN-01'].id}`), [], 'the assigned unit itself, not its subtree');
    assert.deepEqual(await ids('&overdue=true'), [d.id]);
    assert.deepEqual(await ids('&overdue=false'), [d.id, b.id, a.id], 'false: no filter');
    assert.deepEqual(await ids('&escalated=true'), [d.id]);
    const item = (await list(srv, `&project_id=${p.id}&overdue=true`)).items[0];
    assert.deepEqual(Object.keys(item).sort(), PROBLEM_KEYS, 'list items carry no events');
    assert.equal(item.overdue_days, 4);
    const page = await srv.get(`${PB}?project_id=${p.id}&page=2&page_size=2`);
    assert.deepEqual({ ...page.json, items: page.json.items.map((x) => x.id) }, { items: [a.id], total: 3, page: 2, page_size: 2 });
    const dflt = await srv.get(`${PB}?project_id=${p.id}`);
    assert.equal(dflt.json.page_size, 25);
  });

  test('refuses bad query parameters (400 bad_query naming the parameter)', async () => {
    for (const [qs, field] of [['state=closed', 'state'], ['overdue=yes', 'overdue'], ['escalated=1', 'escalated'],
      ['unit_id=0', 'unit_id'], ['unit_id=x', 'unit_id'], ['project_id=-1', 'project_id'], ['page=0', 'page'],
      ['page_size=1001', 'page_size'], ['page_size=0', 'page_size'], ['sort=id', 'sort'], ['state=open&state=accepted', 'state']]) {
      assertError(await srv.get(`${PB}?${qs}`), 400, 'bad_query', field);
    }
  });

  test('answers 404 for an id that is not a positive integer or not a problem', async () => {
    for (const id of ['0', '-1', 'abc', '987654', '1.5']) {
      assertError(await srv.get(`${PB}/${id}`), 404, 'not_found', null);
      assertError(await act(srv, id, 'confirm'), 404, 'not_found', null);
    }
  });
});

describe('bad input on every field', () => {
  let p;
  before(async () => { p = await mkProject(); });
  const refuse = async (b, status, code, field) => {
    const before = (await list(srv, `&project_id=${p.id}`)).total;
    assertError(await srv.post(PB, b), status, code, field);
    assert.equal((await list(srv, `&project_id=${p.id}`)).total, before, `${JSON.stringify(b).slice(0, 80)} raised nothing`);
  };

  test('raising: project_id and title required, types, lengths, blank and control characters, unknown fields', async () => {
    await refuse({ title: 'x' }, 422, 'missing_field', 'project_id');
    await refuse({ project_id: p.id }, 422, 'missing_field', 'title');
    await refuse({ project_id: String(p.id), title: 'x' }, 422, 'wrong_type', 'project_id');
    await refuse({ project_id: p.id + 0.5, title: 'x' }, 422, 'wrong_type', 'project_id');
    await refuse({ project_id: p.id, title: 5 }, 422, 'wrong_type', 'title');
    await refuse({ project_id: p.id, title: null }, 422, 'wrong_type', 'title');
    await refuse({ project_id: p.id, title: '' }, 422, 'invalid_value', 'title');
    await refuse({ project_id: p.id, title: '   ' }, 422, 'invalid_value', 'title');
    await refuse({ project_id: p.id, title: '张'.repeat(101) }, 422, 'too_long', 'title');
    await refuse({ project_id: p.id, title: '换行\n标题' }, 422, 'invalid_value', 'title');
    await refuse({ project_id: p.id, title: 'x', description: 1 }, 422, 'wrong_type', 'description');
    await refuse({ project_id: p.id, title: 'x', description: '长'.repeat(2001) }, 422, 'too_long', 'description');
    await refuse({ project_id: p.id, title: 'x', description: 'a\u0001b' }, 422, 'invalid_value', 'description');
    await refuse({ project_id: p.id, title: 'x', state: 'resolved' }, 422, 'unknown_field', 'state');
    await refuse({ project_id: 0, title: 'x' }, 404, 'not_found', 'project_id');
    assertError(await srv.request('POST', PB, { body: '{"project_id":1,', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('POST', PB, { body: '[]', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
    assertError(await srv.request('POST', PB, { body: '{}', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
    // the limits themselves are accepted
    const edge = await raise(srv, p.id, '张'.repeat(100), '多行\n说明\t' + '长'.repeat(1994));
    assert.equal(edge.title.length, 100);
  });

  test('assigning: unit_id and deadline required, a unit that exists, a real date not before today', async () => {
    const pb = await raise(srv, p.id);
    const u = byCode['TOWN-01'].id;
    const cases = [
      [{ deadline: daysAgo(-1) }, 422, 'missing_field', 'unit_id'],
      [{ unit_id: u }, 422, 'missing_field', 'deadline'],
      [{ unit_id: 0, deadline: daysAgo(-1) }, 422, 'invalid_value', 'unit_id'],
      [{ unit_id: -3, deadline: daysAgo(-1) }, 422, 'invalid_value', 'unit_id'],
      [{ unit_id: 987654, deadline: daysAgo(-1) }, 422, 'invalid_value', 'unit_id'],
      [{ unit_id: String(u), deadline: daysAgo(-1) }, 422, 'wrong_type', 'unit_id'],
      [{ unit_id: u, deadline: 20300101 }, 422, 'wrong_type', 'deadline'],
      [{ unit_id: u, deadline: 'next week' }, 422, 'invalid_value', 'deadline'],
      [{ unit_id: u, deadline: `${YEAR + 1}-02-30` }, 422, 'invalid_value', 'deadline'],
      [{ unit_id: u, deadline: daysAgo(1) }, 422, 'invalid_value', 'deadline'],
      [{ unit_id: u, deadline: daysAgo(-1), comment: 7 }, 422, 'wrong_type', 'comment'],
      [{ unit_id: u, deadline: daysAgo(-1), comment: '长'.repeat(2001) }, 422, 'too_long', 'comment'],
      [{ unit_id: u, deadline: daysAgo(-1), title: '改' }, 422, 'unknown_field', 'title'],
    ];
    for (const [b, status, code, field] of cases) assertError(await act(srv, pb.id, 'assign', b), status, code, field);
    const after = await get(pb.id);
    assert.deepEqual([after.unit_id, after.deadline, after.events.length], [null, null, 1], 'nothing assigned');
  });

  test('the other actions take only a comment; reopen and escalate need a reason that is not blank', async () => {
    const pb = await inState('resolved');
    assertError(await act(srv, pb.id, 'confirm', { unit_id: 1 }), 422, 'unknown_field', 'unit_id');
    assertError(await act(srv, pb.id, 'confirm', { comment: ['x'] }), 422, 'wrong_type', 'comment');
    for (const b of [{}, { comment: '' }, { comment: '  \n ' }]) {
      assertError(await act(srv, pb.id, 'reopen', b), 422, 'missing_field', 'comment');
    }
    const open = await inState('open');
    backdate(open.id, 2);
    for (const b of [{}, { comment: '' }, { comment: ' ' }]) {
      assertError(await act(srv, open.id, 'escalate', b), 422, 'missing_field', 'comment');
    }
    assert.equal((await get(open.id)).escalated, false);
    assert.equal((await get(pb.id)).state, 'resolved');
  });
});

describe('the operation log and the project\'s warning', () => {
  test('raising and every action are logged (resource problem) with the action, the new state and the comment', async () => {
    const pb = await inState('unassigned');
    await assignTo(pb.id, 'TOWN-01');
    await ok(c.reporter, pb.id, 'accept', { comment: '收到' });
    const log = (await srv.get('/api/v1/audit?resource=problem&page_size=1000')).json.items
      .filter((x) => x.resource_id === pb.id).sort((x, y) => x.id - y.id);
    assert.deepEqual(log.map((x) => [x.action, x.username, x.changes]), [
      ['create', 'admin', { action: [null, 'raise'], state: [null, 'open'], title: [null, '用地指标未落实'] }],
      ['update', 'admin', { action: [null, 'assign'], state: [null, 'open'], comment: [null, '请尽快办理'] }],
      ['update', 'reporter', { action: [null, 'accept'], state: [null, 'accepted'], comment: [null, '收到'] }],
    ]);
  });

  test('a problem past its deadline turns its project yellow, red past problem_red_days, green again once resolved', async () => {
    const rules = (await srv.get(`/api/v1/project-settings/warning-rules/${YEAR}`)).json;
    const p = await mkProject('TOWN-01');
    assert.equal(p.warning, 'green');
    const pb = await raise(srv, p.id);
    await assignTo(pb.id, 'TOWN-01');
    await ok(srv, pb.id, 'accept');
    assert.equal((await project(p.id)).warning, 'green', 'not overdue yet');
    backdate(pb.id, 2);
    // an action on the problem refreshes its project's warning at once
    await ok(srv, pb.id, 'escalate', { comment: '督办' });
    let q = await project(p.id);
    assert.equal(q.warning, 'yellow');
    assert.deepEqual(q.warning_reasons.map((r) => [r.kind, r.level, r.days]), [['problem_overdue', 'yellow', 2]]);
    backdate(pb.id, rules.problem_red_days + 1);
    const counts = await srv.post('/api/v1/projects/warnings/recompute', {});
    assert.equal(counts.status, 200, counts.text);
    q = await project(p.id);
    assert.equal(q.warning, 'red');
    assert.deepEqual(q.warning_reasons.map((r) => [r.kind, r.level, r.days]), [['problem_overdue', 'red', rules.problem_red_days + 1]]);
    assert.ok((await srv.get(`/api/v1/projects?warning=red&page_size=1000`)).json.items.some((x) => x.id === p.id));
    await ok(srv, pb.id, 'resolve');
    assert.equal((await project(p.id)).warning, 'green', 'a resolved problem no longer counts');
    await ok(srv, pb.id, 'reopen', { comment: '未办好' });
    assert.equal((await project(p.id)).warning, 'red', 'reopened: overdue again');
  });

  test('a project with problems cannot be deleted (409 has_children)', async () => {
    const p = await mkProject();
    await raise(srv, p.id);
    assertError(await srv.del(`/api/v1/projects/${p.id}`), 409, 'has_children');
  });
});
