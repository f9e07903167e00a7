// Shared by the browser tests: start the real server on a fresh demo database, launch Debian's
// Chromium through playwright-core, log in through the UI or the API.
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import net from 'node:net'
import { chromium } from 'playwright-core'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = process.env.PACESETTER_BIN ? resolve(process.env.PACESETTER_BIN) : join(ROOT, 'build', 'pacesetter')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const SHOT_DIR = resolve(ROOT, process.env.SCREENSHOT_DIR || 'build')
export const STEP = 30_000 // per-action timeout; the CI machine has 2 cores
export const DEMO_PASSWORD = 'pacesetter-demo'

export const tid = (id) => `[data-testid="${id}"]`

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer()
    s.once('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}

function spawnServer(db, port, state) {
  return new Promise((res, rej) => {
    const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      rej(new Error('server did not print "listening on" within 30 s:\n' + state.log))
    }, 30_000)
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d) => {
      state.log += d
      if (state.log.length > 200_000) state.log = state.log.slice(-100_000)
      if (state.log.includes('listening on')) { clearTimeout(timer); res(child) }
    })
    child.once('error', (e) => { clearTimeout(timer); rej(e) })
    child.once('exit', (code, sig) => { clearTimeout(timer); rej(new Error(`server exited early (${code ?? sig}):\n${state.log}`)) })
  })
}

// `demo --no-serve` makes the database, `serve` serves it. Returns { base, log(), stop() }.
export async function startDemoServer() {
  assert.ok(existsSync(BIN), `server binary not found: ${BIN} (build it, or set PACESETTER_BIN)`)
  const dir = mkdtempSync(join(tmpdir(), 'pacesetter-e2e-'))
  const db = join(dir, 'e2e.db')
  execFileSync(BIN, ['demo', '--db', db, '--no-serve'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 })
  const state = { log: '' }
  let server, base
  // A port can be taken between freePort() and the server's bind: try a few times.
  for (let attempt = 1; !server; attempt++) {
    const port = await freePort()
    try {
      state.log = ''
      server = await spawnServer(db, port, state)
      base = `http://127.0.0.1:${port}`
    } catch (e) {
      if (attempt >= 3) { rmSync(dir, { recursive: true, force: true }); throw e }
    }
  }
  return {
    base,
    log: () => state.log,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((res) => server.once('exit', res))
        server.kill('SIGTERM')
        const t = setTimeout(() => server.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(t)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `chromium not found: ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' })
  context.setDefaultTimeout(STEP)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[browser error]', e.message))
  return page
}

// Log in through the login page (which must be showing) and wait for the shell.
export async function uiLogin(page, username, password = DEMO_PASSWORD) {
  await page.locator(tid('login-page')).waitFor()
  await page.locator(tid('login-username')).fill(username)
  await page.locator(tid('login-password')).fill(password)
  await page.locator(tid('login-submit')).click()
  await page.locator(tid('user-menu-button')).waitFor()
}

export async function uiLogout(page) {
  await page.locator(tid('user-menu-button')).click()
  await page.locator(tid('logout')).click()
  await page.locator(tid('login-page')).waitFor()
}

// A session for calling the API from the test itself: cookie + CSRF token.
export async function apiLogin(base, username, password = DEMO_PASSWORD) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(r.status, 200, `API login as ${username}: HTTP ${r.status} ${await r.clone().text()}`)
  const { csrf_token } = await r.json()
  const setCookie = r.headers.get('set-cookie') || ''
  const m = /ps_session=([^;]+)/.exec(setCookie)
  assert.ok(m, 'login sets the ps_session cookie: ' + setCookie)
  const cookie = 'ps_session=' + m[1]
  return {
    fetch(path, init = {}) {
      const headers = { Cookie: cookie, ...(init.headers || {}) }
      if (init.method && init.method !== 'GET') headers['X-CSRF-Token'] = csrf_token
      return fetch(base + path, { ...init, headers })
    },
    async json(path) {
      const r = await this.fetch(path)
      assert.equal(r.status, 200, `GET ${path}: HTTP ${r.status}`)
      return r.json()
    },
  }
}
