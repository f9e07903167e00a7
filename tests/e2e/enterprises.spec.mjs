// Browser test of the enterprises page: the menu entry, a credit code refused in the browser with
// the expected check character, an industry picked by searching, a create, and the ownership
// filter. Screenshot: ${SCREENSHOT_DIR || 'build'}/e2e-enterprises.png
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startDemoServer, launchBrowser, newPage, uiLogin, tid, SHOT_DIR } from './helpers.mjs'

let server, browser, page

before(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  page = await newPage(browser)
})

after(async () => {
  if (browser) await browser.close().catch(() => {})
  if (server) await server.stop()
})

const rows = () => page.locator(`${tid('enterprises-table')} .el-table__body-wrapper tr.el-table__row`)

test('enterprises page: create with a credit code checked in the browser, then filter', { timeout: 240_000 }, async () => {
  await page.goto(server.base + '/')
  await uiLogin(page, 'project')
  await page.locator(tid('menu-enterprises')).click()
  await page.locator(tid('enterprises-page')).waitFor()

  await page.locator(tid('enterprise-create')).click()
  const dialog = page.locator(tid('enterprise-dialog'))
  await dialog.locator(tid('enterprise-form-credit-code')).fill('91320582MA1N2L3K4A')
  await dialog.locator(tid('enterprise-form-name')).fill('浏览器测试精密机械有限公司')
  await dialog.locator(tid('enterprise-save')).click()
  await dialog.getByText('校验位（第 18 位）应为 M，而不是 A').waitFor()

  await dialog.locator(tid('enterprise-form-credit-code')).fill('91320582MA1N2L3K4M')
  await dialog.locator(tid('enterprise-form-ownership')).getByText('外资').click()
  await dialog.locator(tid('industry-select')).click()
  await page.keyboard.type('飞机制造')
  await page.locator('.el-select-dropdown__item', { hasText: '3741 飞机制造' }).first().click()
  await dialog.locator(tid('enterprise-form-high-tech')).click()
  await dialog.locator(tid('enterprise-save')).click()
  await dialog.waitFor({ state: 'hidden' })

  // the demo city has 2,000 enterprises: find the new one by its name
  await page.locator(tid('enterprises-filter-q')).fill('浏览器测试')
  await page.keyboard.press('Enter')
  const row = rows().filter({ hasText: '浏览器测试精密机械有限公司' })
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /91320582MA1N2L3K4M/)
  assert.match(text, /3741 飞机制造/)
  assert.match(text, /外资/)
  assert.match(text, /高新/)

  await page.locator(tid('enterprises-filter-ownership')).click()
  await page.locator('.el-select-dropdown__item', { hasText: '内资' }).first().click()
  await page.waitForFunction(() => !document.body.innerText.includes('浏览器测试精密机械有限公司'))
  mkdirSync(SHOT_DIR, { recursive: true })
  await page.locator(tid('enterprises-reset')).click()
  await page.locator(tid('enterprises-filter-q')).fill('浏览器测试')
  await page.keyboard.press('Enter')
  await row.waitFor()
  await page.screenshot({ path: join(SHOT_DIR, 'e2e-enterprises.png'), fullPage: true })
})
