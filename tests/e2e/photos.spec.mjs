// Browser test of progress photos: node --test tests/e2e/photos.spec.mjs
// A town's reporter opens one of its projects, picks the month it reported, uploads a photo from
// disk and sees it as a picture on the page; a file that is no image is refused with the
// server's reason. Screenshot: ${SCREENSHOT_DIR || 'build'}/e2e-photos.png.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync, crc32 } from 'node:zlib'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, browser, project
const now = new Date()
const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])))
  return Buffer.concat([len, Buffer.from(type), data, crc])
}
/** A real 8×8 PNG, one colour. */
function png() {
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(8, 0); ihdr.writeUInt32BE(8, 4); ihdr[8] = 8; ihdr[9] = 2
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(8).fill([200, 80, 40]).flat())])
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(Array(8).fill(row)))), chunk('IEND', Buffer.alloc(0))])
}

before(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  const admin = await apiLogin(server.base, 'admin')
  const units = await admin.json('/api/v1/units?q=TOWN-01')
  const town = units.items.find((u) => u.code === 'TOWN-01')
  const r = await admin.fetch('/api/v1/projects', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: 'PHOTO-E2E', name: '照片测试项目', unit_id: town.id, category: 'industry', source: 'domestic', milestones: { signed: { actual: `${month}-01` } } }),
  })
  assert.equal(r.status, 201, await r.clone().text())
  project = await r.json()
  const rep = await admin.fetch(`/api/v1/projects/${project.id}/reports/${month}`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ amount: 1000000, progress: '场地平整' }),
  })
  assert.equal(rep.status, 200, await rep.text())
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('a reporter uploads a progress photo and sees it; a file that is no image is refused', { timeout: 240_000 }, async () => {
  mkdirSync(SHOT_DIR, { recursive: true })
  const good = join(SHOT_DIR, 'e2e-photo.png'), bad = join(SHOT_DIR, 'e2e-not-a-photo.png')
  writeFileSync(good, png())
  writeFileSync(bad, '<html><script>alert(1)</script></html>')
  const page = await newPage(browser)
  await page.goto(server.base + '/')
  await uiLogin(page, 'reporter')
  await page.goto(`${server.base}/#/projects/${project.id}`)
  const photos = page.locator(tid('report-photos'))
  await photos.waitFor()
  await photos.locator('input[type=file]').setInputFiles(bad)
  await page.getByText('只接受 JPEG、PNG 或 WebP 格式的照片').first().waitFor()
  await photos.locator('input[type=file]').setInputFiles(good)
  const img = photos.locator('img')
  await img.first().waitFor()
  await page.waitForFunction(() => {
    const i = document.querySelector('[data-testid="report-photos"] img')
    return i && i.complete && i.naturalWidth === 8
  })
  assert.equal(await img.count(), 1)
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-photos.png'), fullPage: true })
})
