// PostgreSQL only: the server rides out a restart of the database server. Every thread's
// connection is lost; the next request on it reconnects and prepares its statements again
// instead of failing until the server itself is restarted. This restarts the whole throwaway
// cluster, so it runs alone (ctest api-postgresql-restart, with a cluster of its own), never
// beside the other API test files.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, stopAndCheck, BACKEND } from './server.mjs';

const DATA = process.env.PGHOST ? join(process.env.PGHOST, 'data') : '';
const PG_CTL = '/usr/lib/postgresql/15/bin/pg_ctl';
const skip = BACKEND !== 'postgres' ? 'PostgreSQL only' : !existsSync(join(DATA, 'PG_VERSION')) ? 'no scripts/with-pg cluster to restart' : false;

function restartCluster() {
  const asPostgres = process.getuid && process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', PG_CTL]] : [PG_CTL, []];
  const [cmd, pre] = asPostgres;
  // the restarted server must not inherit our pipes (spawnSync would wait for them to close): it logs to a file
  const r = spawnSync(cmd, [...pre, 'restart', '-D', DATA, '-m', 'fast', '-w', '-t', '60', '-l', join(DATA, 'restart.log')],
    { stdio: 'ignore', timeout: 90000 });
  assert.equal(r.status, 0, 'pg_ctl restart failed');
}

describe('a PostgreSQL restart', { skip }, () => {
  let srv;
  before(async () => { srv = await startServer({ data: 'demo', threads: 2 }); });
  after(async () => { await stopAndCheck(srv); });

  test('reads and writes go on after the database server restarts, on every server thread', async () => {
    const before = await srv.get('/api/v1/units?page_size=1000');
    assert.equal(before.status, 200, before.text);
    restartCluster();
    // several requests, so that both threads' connections meet the restart
    for (let i = 0; i < 6; i++) {
      const r = await srv.get('/api/v1/units?page_size=1000');
      assert.equal(r.status, 200, `request ${i} after the restart: ${r.text}`);
      assert.equal(r.json.total, before.json.total);
    }
    const w = await srv.post('/api/v1/units', { code: 'AFTER-RESTART', name: '重启之后', kind: 'other' });
    assert.equal(w.status, 201, w.text);
    assert.match(srv.stderr, /postgres: reconnected to/);
    // a statement outside a transaction is retried after the reconnect with its values (the session
    // lookup, once the 2 s session cache has lapsed): not with every parameter NULL, which said 401
    restartCluster();
    await new Promise((done) => setTimeout(done, 2500));
    for (let i = 0; i < 4; i++) {
      const me = await srv.get('/api/v1/auth/me');
      assert.equal(me.status, 200, `session check ${i} after the restart: ${me.text}`);
    }
    // and when a write is the first thing a thread does after a restart
    restartCluster();
    for (let i = 0; i < 4; i++) {
      const again = await srv.post('/api/v1/units', { code: `AFTER-${i}`, name: `再次重启之后${i}`, kind: 'other' });
      assert.equal(again.status, 201, `write ${i} after the second restart: ${again.text}`);
    }
  });
});
