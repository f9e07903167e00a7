// SQLite only: a write that finds the database locked by another writer for longer than the busy
// timeout (5 s) — another process here; a large import in practice — answers 503 busy with
// Retry-After, in the one error shape, and changes nothing; once the lock is gone, writes work.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, stopAndCheck, assertError, BACKEND } from './server.mjs';

describe('a write while another writer holds the database', { skip: BACKEND !== 'sqlite' ? 'SQLite only' : false }, () => {
  let srv;
  before(async () => { srv = await startServer({ data: 'empty' }); });
  after(async () => { await stopAndCheck(srv); });

  test('answers 503 busy with Retry-After after the busy timeout, writes nothing, and writes work again after', async () => {
    const holder = spawn('sqlite3', [srv.db], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    holder.stdout.on('data', (d) => { out += d; });
    holder.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
    for (let i = 0; i < 100 && !out.includes('locked'); i++) await new Promise((done) => setTimeout(done, 50));
    assert.ok(out.includes('locked'), 'the other process holds the write lock');
    try {
      const r = await srv.post('/api/v1/units', { code: 'BUSY-1', name: '忙时写入', kind: 'other' });
      assertError(r, 503, 'busy');
      assert.equal(r.headers['retry-after'], '5');
    } finally {
      holder.stdin.end('ROLLBACK;\n.quit\n');
      await new Promise((done) => holder.on('close', done));
    }
    assert.deepEqual(await srv.listUnits(), []);
    const again = await srv.post('/api/v1/units', { code: 'BUSY-1', name: '忙时写入', kind: 'other' });
    assert.equal(again.status, 201, again.text);
  });
});
