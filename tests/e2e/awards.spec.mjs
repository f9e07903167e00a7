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

  // Take the last entry off with a reason (when another stays): greyed, the reason shown.
  if (award.entries.length > 1) {
    const last = award.entries.at(-1)
    await detail.locator(tid('award-remove-' + last.id)).click()
    await page.locator('.el-message-box input').fill('浏览器测试移出')
    await page.locator('.el-message-box .el-button--primary').click()
    await detail.locator('.ps-removed', { hasText: '浏览器测试移出' }).waitFor()
    const e = (await office.json(`/api/v1/appraisal/awards/${listId}`)).entries.find((x) => x.id === last.id)
    assert.equal(e.removed, true)
    assert.equal(e.reason, '浏览器测试移出')
  }
  // The .xlsx.
  const [download] = await Promise.all([page.waitForEvent('download'), detail.locator(tid('award-export')).click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)

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

test('先进个人: a reporter nominates for its unit, the office rejects with a reason', { timeout: 180_000 }, async () => {
  const { items } = await office.json('/api/v1/appraisal/schemes')
  const scheme = items.find((s) => s.state === 'published' && s.subject_type === 'unit')
  const create = await office.fetch('/api/v1/appraisal/awards', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'person', name: '浏览器测试先进个人', year: scheme.year, scheme_id: scheme.id }) })
  assert.equal(create.status, 201, await create.clone().text())
  const list = await create.json()
  const put = await office.fetch(`/api/v1/appraisal/awards/${list.id}/quotas`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scheme_id: scheme.id, others: 2 }) })
  assert.equal(put.status, 200, await put.clone().text())

  const page = await newPage(browser)
  await page.goto(base + '/')
  await uiLogin(page, 'reporter')
  await page.goto(`${base}/#/appraisal/awards?list=${list.id}`)
  await page.locator(tid('award-nominate')).click()
  const dialog = page.locator(tid('award-nominate-dialog'))
  await dialog.locator(tid('nominate-name')).fill('张三')
  await dialog.locator(tid('nominate-position')).fill('党委书记')
  await dialog.locator(tid('nominate-deeds')).fill('带头攻坚重点项目')
  await dialog.locator(tid('nominate-ok')).click()
  await page.locator(tid('award-nominations')).getByText('张三').waitFor()
  await page.context().close()

  const page2 = await newPage(browser)
  await page2.goto(base + '/')
  await uiLogin(page2, 'appraisal')
  await page2.goto(`${base}/#/appraisal/awards?list=${list.id}`)
  const nom = (await office.json(`/api/v1/appraisal/awards/${list.id}/nominations`)).items.find((n) => n.name === '张三')
  assert.ok(nom && nom.state === 'submitted')
  await page2.locator(tid('nom-reject-' + nom.id)).click()
  await page2.locator('.el-message-box input').fill('事迹不够具体')
  await page2.locator('.el-message-box .el-button--primary').click()
  await page2.locator(tid('award-nominations')).getByText('事迹不够具体').waitFor()
  const after = (await office.json(`/api/v1/appraisal/awards/${list.id}/nominations`)).items.find((n) => n.id === nom.id)
  assert.equal(after.state, 'rejected')
  assert.equal(after.reason, '事迹不够具体')
  await page2.context().close()
})
