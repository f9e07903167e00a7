// Browser test of 表彰名单: node --test tests/e2e/awards.spec.mjs
// The appraisal office opens 表彰名单, creates a list from the demo's published scheme (先进单位, or
// 优秀企业 for a scheme of enterprises; its latest version and top grade by default), sees the same
// entries as the API answers, and publishes it.
// Screenshot: ${SCREENSHOT_DIR || 'build'}/e2e-awards.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, apiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, base, browser, office

before(async () => {
  server = await startDemoServer()
  base = server.base
  browser = await launchBrowser()
  office = await apiLogin(base, 'appraisal')
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

test('office: creates an honour list from the published scheme, sees its entries, publishes it', { timeout: 180_000 }, async () => {
  const { items } = await office.json('/api/v1/appraisal/schemes')
  const scheme = items.find((s) => s.state === 'published')
  assert.ok(scheme, 'the demo has a published scheme')
  const name = '浏览器测试表彰名单'

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'appraisal')
  await page.locator(tid('menu-appraisal-awards')).click()
  await page.waitForURL(/#\/appraisal\/awards/)
  await page.locator(tid('awards-page')).waitFor()

  await page.locator(tid('awards-create')).click()
  const dialog = page.locator(tid('award-dialog'))
  if (scheme.subject_type === 'enterprise') await dialog.locator(tid('award-kind')).getByText('优秀企业').click()
  await dialog.locator(`.el-select${tid('award-scheme')}`).click()
  await page.locator('.el-select-dropdown__item', { hasText: scheme.name }).filter({ visible: true }).first().click()
  // The latest version and the top grade are picked for us.
  await dialog.locator(`${tid('award-grades')} .el-tag`).first().waitFor()
  await dialog.locator(tid('award-form-name')).fill(name)
  await dialog.locator(tid('award-dialog-ok')).click()

  const detail = page.locator(tid('award-detail'))
  await detail.locator(tid('award-state'), { hasText: '草稿' }).waitFor()
  await page.waitForURL(/list=\d+/)
  const listId = Number(/list=(\d+)/.exec(page.url())[1])
  const award = await office.json(`/api/v1/appraisal/awards/${listId}`)
  assert.equal(award.name, name)
  assert.equal(award.scheme_id, scheme.id)
  assert.ok(award.entries.length > 0, 'the top grade has subjects')
  assert.equal(await detail.locator(tid('award-name')).innerText(), name)
  await detail.locator(tid('award-entry-name')).first().waitFor()
  assert.deepEqual(await detail.locator(tid('award-entry-name')).allInnerTexts(), award.entries.map((e) => e.name))
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-awards.png') })

  await detail.locator(tid('award-publish')).click()
  await page.locator('.el-message-box .el-button--primary').click()
  await detail.locator(tid('award-state'), { hasText: '已发布' }).waitFor()
  assert.equal((await office.json(`/api/v1/appraisal/awards/${listId}`)).state, 'published')
  await page.context().close()
})

// A 1×1 PNG: evidence is recognised by its bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

test('reporter: uploads an evidence file for a subject whose data is writable, sees it, deletes it', { timeout: 180_000 }, async (t) => {
  const reporter = await apiLogin(base, 'reporter')
  let found = null
  for (const s of (await reporter.json('/api/v1/appraisal/schemes')).items.filter((x) => x.state === 'open')) {
    const d = (await reporter.json(`/api/v1/appraisal/schemes/${s.id}/data`)).items.find((x) => ['draft', 'returned'].includes(x.state))
    if (d) { found = { scheme: s.id, subject: d.subject_id }; break }
  }
  if (!found) { t.skip('the demo has no writable subject for the reporter'); return }

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'reporter')
  await page.goto(`${base}/#/appraisal/data?scheme=${found.scheme}&subject=${found.subject}`)
  const evidence = page.locator(tid('evidence'))
  await evidence.locator(tid('evidence-upload')).waitFor()
  await evidence.locator('input[type=file]').setInputFiles({ name: '佐证.png', mimeType: 'image/png', buffer: PNG })
  await evidence.getByText('佐证.png').waitFor()
  const { items } = await reporter.json(`/api/v1/appraisal/schemes/${found.scheme}/subjects/${found.subject}/evidence`)
  const file = items.find((f) => f.file_name === '佐证.png')
  assert.ok(file, 'the API lists the file')
  await evidence.locator(tid('evidence-delete-' + file.id)).click()
  await page.locator('.el-message-box .el-button--primary').click()
  await evidence.locator(tid('evidence-file-' + file.id)).waitFor({ state: 'detached' })
  const after = await reporter.json(`/api/v1/appraisal/schemes/${found.scheme}/subjects/${found.subject}/evidence`)
  assert.ok(!after.items.some((f) => f.id === file.id), 'deleted')
  await page.context().close()
})
