// User administration (docs/api-contract.md, issue 4): an administrator creates, reads, lists,
// changes, disables and re-enables users and resets passwords; every field is validated; no
// response ever carries a password or its hash; an administrator cannot disable themself.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopAndCheck, assertError, httpFrom, freshAddress, cli, ADMIN_USERNAME, ADMIN_PASSWORD,
} from './server.mjs';

const USERS = '/api/v1/users';
const PW = 'correct horse battery';
const ROLES = ['system_admin', 'project_office', 'appraisal_office', 'unit_reporter', 'leader', 'enterprise'];
const USER_KEYS = ['created_at', 'disabled', 'display_name', 'enterprise_id', 'id', 'last_login_at', 'role', 'tenant_id', 'unit_id', 'updated_at', 'username'];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let srv;
let unit;
let seq = 0;
const uname = (p = 'user') => `${p}${++seq}`;
const body = (extra = {}) => ({ username: uname(), display_name: '王五', role: 'project_office', password: PW, ...extra });

/** Every response body seen by this file, to check that none carries a password or hash. */
const seen = [];
const track = (r) => { seen.push(`${r.method} ${r.path} ${r.text}`); return r; };
const post = async (p, j, o) => track(await srv.post(p, j, o));
const patch = async (p, j, o) => track(await srv.patch(p, j, o));
const get = async (p, o) => track(await srv.get(p, o));

async function mkUser(extra = {}) {
  const b = body(extra);
  const r = await post(USERS, b);
  assert.equal(r.status, 201, `create ${JSON.stringify(b)}: ${r.status} ${r.text}`);
  return r.json;
}
const login = (username, password) =>
  httpFrom(srv.port, { method: 'POST', path: '/api/v1/auth/login', json: { username, password }, localAddress: freshAddress() });
/** Every user, by id (the state as the API shows it). */
async function allUsers() {
  const r = await get(`${USERS}?page_size=1000`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.slice().sort((a, b) => a.id - b.id);
}
/** Run a refused write and assert that no user changed. */
async function unchanged(fn) {
  const before = await allUsers();
  const r = track(await fn());
  assert.deepEqual(await allUsers(), before, `a refused write changes no user: ${r.status} ${r.text}`);
  return r;
}
function assertUserShape(u) {
  assert.deepEqual(Object.keys(u).sort(), USER_KEYS, JSON.stringify(u));
  assert.ok(Number.isInteger(u.id) && u.id > 0);
  assert.ok(ROLES.includes(u.role));
  assert.equal(typeof u.disabled, 'boolean');
  assert.ok(u.unit_id === null || Number.isInteger(u.unit_id));
  assert.ok(Number.isInteger(u.tenant_id));
  assert.match(u.created_at, TS);
  assert.match(u.updated_at, TS);
  assert.ok(u.last_login_at === null || TS.test(u.last_login_at));
}

before(async () => {
  srv = await startServer({ data: 'empty' });
  const r = await srv.post('/api/v1/units', { code: 'TOWN', name: '一镇', kind: 'town' });
  assert.equal(r.status, 201, r.text);
  unit = r.json;
});
after(async () => { await stopAndCheck(srv); });

describe('creating a user', () => {
  test('display_name may be left out (the user name is shown then)', async () => {
    const b = body();
    delete b.display_name;
    const r = await post(USERS, b);
    assert.equal(r.status, 201, r.text);
    assert.ok(r.json.display_name.length > 0);
  });

  test('creates a user of every role and answers 201 with the user (no password, no hash)', async () => {
    for (const role of ROLES) {
      const b = body({ role, unit_id: role === 'unit_reporter' ? unit.id : null });
      const r = await post(USERS, b);
      assert.equal(r.status, 201, `${role}: ${r.text}`);
      assertUserShape(r.json);
      assert.equal(r.json.username, b.username);
      assert.equal(r.json.display_name, '王五');
      assert.equal(r.json.role, role);
      assert.equal(r.json.unit_id, b.unit_id);
      assert.equal(r.json.disabled, false);
      assert.equal(r.json.last_login_at, null);
      const g = await get(`${USERS}/${r.json.id}`);
      assert.equal(g.status, 200);
      assert.deepEqual(g.json, r.json);
      assert.equal((await login(b.username, PW)).status, 200, 'the new user logs in');
    }
  });

  test('accepts every character the user name may have (A-Z a-z 0-9 _ . @ -), 3 and 64 long', async () => {
    for (const username of ['abc', 'A.b_c-d@e.gov.cn', 'x'.repeat(64), `Z9_${seq}`]) {
      const r = await post(USERS, body({ username }));
      assert.equal(r.status, 201, `${username}: ${r.text}`);
      assert.equal(r.json.username, username);
    }
  });

  test('refuses a user name already used (409 duplicate, field username) and changes nothing', async () => {
    const u = await mkUser();
    const r = await unchanged(() => srv.post(USERS, body({ username: u.username })));
    assertError(r, 409, 'duplicate', 'username');
  });

  test('refuses each missing required field (422 missing_field)', async () => {
    for (const f of ['username', 'role', 'password']) {
      const b = body();
      delete b[f];
      assertError(await unchanged(() => srv.post(USERS, b)), 422, 'missing_field', f);
    }
  });

  test('refuses a bad user name: too short, too long, or a character outside A-Z a-z 0-9 _ . @ -', async () => {
    for (const username of ['ab', '', 'x'.repeat(65), 'has space', '张三', 'semi;colon', 'a/b', 'tab\there', 'quote"d']) {
      const r = await unchanged(() => srv.post(USERS, body({ username })));
      assert.equal(r.status, 422, `${JSON.stringify(username)}: ${r.text}`);
      assert.equal(r.json.error.field, 'username', r.text);
      assert.ok(['invalid_value', 'too_long'].includes(r.json.error.code), r.text);
    }
    assertError(await unchanged(() => srv.post(USERS, body({ username: 'x'.repeat(65) }))), 422, 'too_long', 'username');
  });

  test('refuses a role that is not one of the six (422 invalid_value, field role)', async () => {
    for (const role of ['admin', 'SYSTEM_ADMIN', 'root', '']) {
      assertError(await unchanged(() => srv.post(USERS, body({ role }))), 422, 'invalid_value', 'role');
    }
  });

  test('refuses a unit_reporter without a unit (422 missing_field unit_id), with null too', async () => {
    assertError(await unchanged(() => srv.post(USERS, body({ role: 'unit_reporter' }))), 422, 'missing_field', 'unit_id');
    assertError(await unchanged(() => srv.post(USERS, body({ role: 'unit_reporter', unit_id: null }))), 422, 'missing_field', 'unit_id');
  });

  test('refuses a unit that does not exist (422, field unit_id)', async () => {
    const r = await unchanged(() => srv.post(USERS, body({ role: 'leader', unit_id: 987654 })));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.field, 'unit_id');
  });

  test('refuses a wrong JSON type for every field (422 wrong_type)', async () => {
    const wrong = { username: 5, display_name: ['x'], role: 1, unit_id: 'one', password: 123456789012 };
    for (const [f, v] of Object.entries(wrong)) {
      assertError(await unchanged(() => srv.post(USERS, body({ [f]: v }))), 422, 'wrong_type', f);
    }
  });

  test('refuses a blank or overlong display name, or one with control characters (422, field display_name)', async () => {
    for (const display_name of ['', '   ', '张'.repeat(101), 'a\u0001b', 'line\nbreak']) {
      const r = await unchanged(() => srv.post(USERS, body({ display_name })));
      assert.equal(r.status, 422, `${JSON.stringify(display_name)}: ${r.text}`);
      assert.equal(r.json.error.field, 'display_name', r.text);
    }
    assert.equal((await post(USERS, body({ display_name: '张'.repeat(100) }))).status, 201, '100 characters are fine');
  });

  test('refuses read-only and unknown fields (422 unknown_field): id, disabled, tenant_id, password_hash, ...', async () => {
    for (const f of ['id', 'created_at', 'updated_at', 'last_login_at', 'tenant_id', 'password_hash', 'is_admin']) {
      assertError(await unchanged(() => srv.post(USERS, body({ [f]: f === 'password_hash' ? '$argon2id$x' : 1 }))), 422, 'unknown_field', f);
    }
  });

  test('refuses a body that is not a JSON object, or without Content-Type application/json', async () => {
    assertError(await unchanged(() => srv.request('POST', USERS, { body: '[', headers: { 'Content-Type': 'application/json' } })), 400, 'bad_json');
    assertError(await unchanged(() => srv.request('POST', USERS, { body: JSON.stringify(body()), headers: { 'Content-Type': 'text/plain' } })), 415, 'unsupported_media_type');
  });
});

describe('reading and listing users', () => {
  test('GET of an unknown id, or of a non-integer id, answers 404 not_found', async () => {
    for (const id of ['987654', '0', '-1', 'abc', '1.5']) assertError(await get(`${USERS}/${id}`), 404, 'not_found');
  });

  test('lists with total, page and page_size, and filters by q, role, unit_id and disabled', async () => {
    const tag = `flt${++seq}x`;
    const a = await mkUser({ username: `${tag}a`, role: 'leader', unit_id: unit.id });
    const b = await mkUser({ username: `${tag}b`, role: 'enterprise' });
    const c = await mkUser({ username: `${tag}c`, role: 'enterprise' });
    assert.equal((await patch(`${USERS}/${c.id}`, { disabled: true })).status, 200);
    const q = await get(`${USERS}?q=${tag}&page_size=1000`);
    assert.equal(q.status, 200, q.text);
    assert.deepEqual(Object.keys(q.json).sort(), ['items', 'page', 'page_size', 'total']);
    assert.deepEqual(q.json.items.map((u) => u.id).sort(), [a.id, b.id, c.id].sort());
    assert.equal(q.json.total, 3);
    q.json.items.forEach(assertUserShape);
    const byRole = await get(`${USERS}?q=${tag}&role=enterprise`);
    assert.deepEqual(byRole.json.items.map((u) => u.id).sort(), [b.id, c.id].sort());
    const byUnit = await get(`${USERS}?unit_id=${unit.id}&q=${tag}`);
    assert.deepEqual(byUnit.json.items.map((u) => u.id), [a.id]);
    const dis = await get(`${USERS}?q=${tag}&disabled=true`);
    assert.deepEqual(dis.json.items.map((u) => u.id), [c.id]);
    const en = await get(`${USERS}?q=${tag}&disabled=false`);
    assert.deepEqual(en.json.items.map((u) => u.id).sort(), [a.id, b.id].sort());
    const page = await get(`${USERS}?q=${tag}&page_size=2&page=2`);
    assert.equal(page.json.total, 3);
    assert.equal(page.json.items.length, 1);
    assert.equal(page.json.page, 2);
    assert.equal(page.json.page_size, 2);
  });

  test('refuses bad query parameters (400 bad_query, field = the parameter)', async () => {
    for (const [qs, field] of [['nope=1', 'nope'], ['role=king', 'role'], ['disabled=yes', 'disabled'], ['page=0', 'page'], ['page_size=1001', 'page_size'], ['unit_id=x', 'unit_id']]) {
      assertError(await get(`${USERS}?${qs}`), 400, 'bad_query', field);
    }
  });
});

describe('changing users', () => {
  test('PATCH changes only the fields given: display_name, role, unit_id', async () => {
    const u = await mkUser();
    const r = await patch(`${USERS}/${u.id}`, { display_name: '赵六' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.display_name, '赵六');
    assert.equal(r.json.role, u.role);
    assert.equal(r.json.username, u.username);
    const r2 = await patch(`${USERS}/${u.id}`, { role: 'unit_reporter', unit_id: unit.id });
    assert.equal(r2.status, 200, r2.text);
    assert.equal(r2.json.role, 'unit_reporter');
    assert.equal(r2.json.unit_id, unit.id);
    assert.equal(r2.json.display_name, '赵六');
    assert.deepEqual((await get(`${USERS}/${u.id}`)).json, r2.json);
  });

  test('PATCH refuses a unit_reporter without a unit, a bad role, unknown and read-only fields, and changes nothing', async () => {
    const rep = await mkUser({ role: 'unit_reporter', unit_id: unit.id });
    const pm = await mkUser();
    assertError(await unchanged(() => srv.patch(`${USERS}/${rep.id}`, { unit_id: null })), 422, 'missing_field', 'unit_id');
    assertError(await unchanged(() => srv.patch(`${USERS}/${pm.id}`, { role: 'unit_reporter' })), 422, 'missing_field', 'unit_id');
    assertError(await unchanged(() => srv.patch(`${USERS}/${pm.id}`, { role: 'king' })), 422, 'invalid_value', 'role');
    assertError(await unchanged(() => srv.patch(`${USERS}/${pm.id}`, { disabled: 'yes' })), 422, 'wrong_type', 'disabled');
    const blank = await unchanged(() => srv.patch(`${USERS}/${pm.id}`, { display_name: '' }));
    assert.equal(blank.status, 422, blank.text);
    assert.equal(blank.json.error.field, 'display_name');
    for (const f of ['username', 'password', 'id', 'tenant_id', 'created_at', 'password_hash']) {
      assertError(await unchanged(() => srv.patch(`${USERS}/${pm.id}`, { [f]: 'x' })), 422, 'unknown_field', f);
    }
    const r = await unchanged(() => srv.patch(`${USERS}/${pm.id}`, { unit_id: 987654 }));
    assert.equal(r.status, 422);
    assert.equal(r.json.error.field, 'unit_id');
    assertError(await unchanged(() => srv.patch(`${USERS}/987654`, { display_name: 'x' })), 404, 'not_found');
  });

  test('disabling a user ends their sessions and refuses their login; enabling lets them in again', async () => {
    const u = await mkUser();
    const c = await srv.login(u.username, PW);
    assert.equal((await c.me()).status, 200);
    const d = await patch(`${USERS}/${u.id}`, { disabled: true });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.disabled, true);
    assertError(await c.me(), 401, 'unauthenticated');
    assertError(await login(u.username, PW), 401, 'bad_credentials');
    const e = await patch(`${USERS}/${u.id}`, { disabled: false });
    assert.equal(e.status, 200, e.text);
    assert.equal(e.json.disabled, false);
    assert.equal((await login(u.username, PW)).status, 200);
    assertError(await c.me(), 401, 'unauthenticated'); // an ended session stays ended
  });

  test('an administrator cannot disable themself (422) and stays logged in', async () => {
    const me = (await srv.get('/api/v1/auth/me')).json.user;
    const r = await unchanged(() => srv.patch(`${USERS}/${me.id}`, { disabled: true }));
    assert.equal(r.status, 422, r.text);
    assert.equal((await srv.get('/api/v1/auth/me')).status, 200);
    assert.equal((await login(ADMIN_USERNAME, ADMIN_PASSWORD)).status, 200);
  });

  test('an administrator resets a password: 204, that user\'s sessions end, the new password works, the old does not', async () => {
    const u = await mkUser();
    const c1 = await srv.login(u.username, PW);
    const c2 = await srv.login(u.username, PW);
    const t = await c1.post('/api/v1/tokens', { name: 'x' });
    assert.equal(t.status, 201);
    const r = await post(`${USERS}/${u.id}/password`, { new_password: 'reset by the admin' });
    assert.equal(r.status, 204, r.text);
    assertError(await c1.me(), 401, 'unauthenticated');
    assertError(await c2.me(), 401, 'unauthenticated');
    assert.equal((await srv.get('/api/v1/auth/me')).status, 200, "the administrator's own session stays");
    assertError(await login(u.username, PW), 401, 'bad_credentials');
    assert.equal((await login(u.username, 'reset by the admin')).status, 200);
  });

  test('a password reset validates the new password and needs an existing user', async () => {
    const u = await mkUser({ username: uname('Reset.User.Name-') });
    assertError(await post(`${USERS}/${u.id}/password`, { new_password: 'short' }), 422, 'invalid_value', 'new_password');
    assertError(await post(`${USERS}/${u.id}/password`, { new_password: 'a'.repeat(129) }), 422, 'too_long', 'new_password');
    assertError(await post(`${USERS}/${u.id}/password`, { new_password: u.username.toLowerCase() }), 422, 'invalid_value', 'new_password');
    assertError(await post(`${USERS}/${u.id}/password`, {}), 422, 'missing_field', 'new_password');
    assertError(await post(`${USERS}/987654/password`, { new_password: 'long enough password' }), 404, 'not_found');
    assert.equal((await login(u.username, PW)).status, 200, 'the password is unchanged');
  });

  test('login sets last_login_at', async () => {
    const u = await mkUser();
    assert.equal(u.last_login_at, null);
    assert.equal((await login(u.username, PW)).status, 200);
    const g = await get(`${USERS}/${u.id}`);
    assert.match(g.json.last_login_at, TS);
  });
});

describe('the user CLI', () => {
  test('user add, list, disable, enable and passwd act on the database the server uses', async () => {
    const name = uname('cli');
    let r = cli(['user', 'add', '--db', srv.db, '--username', name, '--role', 'leader', '--unit', 'TOWN', '--display-name', '命令行用户'], `${PW}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes(PW) && !r.stderr.includes(PW), 'the password is not echoed');
    r = cli(['user', 'list', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.includes(name));
    assert.ok(line, r.stdout);
    assert.match(line, /leader/);
    assert.ok(!/argon2/.test(r.stdout), 'no hash');
    const u = (await get(`${USERS}?q=${name}`)).json.items[0];
    assert.equal(u.role, 'leader');
    assert.equal(u.unit_id, unit.id);
    assert.equal(u.display_name, '命令行用户');
    assert.equal((await login(name, PW)).status, 200);

    r = cli(['user', 'disable', '--db', srv.db, '--username', name]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await get(`${USERS}/${u.id}`)).json.disabled, true);
    assertError(await login(name, PW), 401, 'bad_credentials');
    r = cli(['user', 'enable', '--db', srv.db, '--username', name]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await login(name, PW)).status, 200);

    r = cli(['user', 'passwd', '--db', srv.db, '--username', name], 'a password from the cli\n');
    assert.equal(r.status, 0, r.stderr);
    assertError(await login(name, PW), 401, 'bad_credentials');
    assert.equal((await login(name, 'a password from the cli')).status, 200);
  });

  test('user add refuses a duplicate name, a unit_reporter without --unit, an unknown role or unit, and a short password', () => {
    const cases = [
      [['--username', ADMIN_USERNAME, '--role', 'leader'], PW],
      [['--username', uname('cli'), '--role', 'unit_reporter'], PW],
      [['--username', uname('cli'), '--role', 'king'], PW],
      [['--username', uname('cli'), '--role', 'leader', '--unit', 'NO-SUCH-UNIT'], PW],
      [['--username', uname('cli'), '--role', 'leader'], 'short\n'],
    ];
    const before = cli(['user', 'list', '--db', srv.db]).stdout;
    for (const [args, input] of cases) {
      const r = cli(['user', 'add', '--db', srv.db, ...args], `${input}\n`);
      assert.notEqual(r.status, 0, `${args.join(' ')} is refused`);
      assert.ok(r.stderr.trim().length > 0, 'and says why');
    }
    assert.equal(cli(['user', 'list', '--db', srv.db]).stdout, before, 'no user added');
  });
});

describe('no password or hash in any response', () => {
  test('none of the responses of this file carries a password, a hash or a hash-like field', async () => {
    await allUsers();
    assert.ok(seen.length > 20);
    for (const s of seen) {
      assert.ok(!s.includes(PW), `password in ${s.slice(0, 300)}`);
      assert.ok(!/\$argon2|"password_hash"\s*:|"hash"\s*:|"salt"\s*:/i.test(s), `hash in ${s.slice(0, 300)}`);
    }
  });
});
