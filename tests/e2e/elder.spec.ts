// Senior mode (长辈模式, 适老化): one tap on the home screen to large text (every text >= 28 px,
// lines >= 1.5), big targets (>= 72 × 72 px), the lowest fitting door, and voice read-out of each
// step; kept for the whole visit (a trip home mid-visit keeps it), and the next person gets the
// standard mode back. tests/e2e/gallery.spec.ts measures the same floors on every screen and size.
import type { Page } from '@playwright/test';
import { test, expect, typePhoneAndAgree, keepScreenshot } from './harness';

/** A stand-in speech engine with a Chinese and an English voice that records what it is asked to say. */
function installFakeSpeech(page: Page) {
  return page.addInitScript(() => {
    const spoken: { text: string; lang: string; voice: string | undefined }[] = [];
    const voices = [
      { name: 'zh', lang: 'zh-CN', default: true, localService: true, voiceURI: 'zh' },
      { name: 'en', lang: 'en-US', default: false, localService: true, voiceURI: 'en' },
    ];
    const fake = {
      getVoices: () => voices,
      speak: (u: { text: string; lang: string; voice: { name: string } | null }) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name }),
      cancel: () => spoken.push({ text: '(cancel)', lang: '', voice: undefined }),
      addEventListener: () => {},
      removeEventListener: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
    // The real utterance accepts only real voices: record plain ones instead.
    class Utterance {
      text: string;
      lang = '';
      rate = 1;
      voice: { name: string } | null = null;
      constructor(text: string) {
        this.text = text;
      }
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
  });
}
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken.filter((s) => s.text !== '(cancel)'));
const px = (page: Page, selector: string, property: string) =>
  page.locator(selector).first().evaluate((el, p) => parseFloat(getComputedStyle(el).getPropertyValue(p)), property);

async function expectBigTargets(page: Page, min: number) {
  const buttons = page.locator('main button, header button');
  const count = await buttons.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const box = await buttons.nth(i).boundingBox();
    const name = await buttons.nth(i).textContent();
    expect(box?.width, `width of "${name}"`).toBeGreaterThanOrEqual(min);
    expect(box?.height, `height of "${name}"`).toBeGreaterThanOrEqual(min);
  }
}

test('elder mode: large type, big targets, the lowest door, voice, and reset for the next person', async ({ page, harness }) => {
  await installFakeSpeech(page);
  await page.goto(harness.url);
  const welcome = page.getByRole('heading', { name: '您好！请选择要办理的业务' });
  await expect(welcome).toBeVisible();
  const standard = { h1: await px(page, 'main h1', 'font-size'), note: await px(page, 'main .lead', 'font-size') };
  await expectBigTargets(page, 44);
  // Standard mode is silent.
  expect(await spoken(page)).toEqual([]);

  // A large choice on the home screen, named by its visible words (WCAG 2.5.3), its state said in words.
  const toggle = page.getByRole('button', { name: /^长辈模式/ });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toContainText('未开启');
  await expect(toggle).toHaveAccessibleName(/长辈模式.*未开启/);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle).toContainText('已开启');
  await expect(toggle).toHaveAccessibleName(/长辈模式.*已开启/);
  const elder = { h1: await px(page, 'main h1', 'font-size'), note: await px(page, 'main .lead', 'font-size'), lineHeight: await px(page, 'main .lead', 'line-height') };
  expect(elder.h1).toBeGreaterThanOrEqual(standard.h1);
  expect(elder.note).toBeGreaterThanOrEqual(standard.note * 1.3);
  expect(elder.note).toBeGreaterThanOrEqual(28);
  expect(elder.h1).toBeGreaterThanOrEqual(36);
  expect(elder.lineHeight / elder.note).toBeGreaterThanOrEqual(1.5);
  await expectBigTargets(page, 72);
  await keepScreenshot(page, 'elder-home');
  // The home instruction is read out in Chinese as soon as elder mode is on ...
  await expect.poll(() => spoken(page)).toContainEqual({ text: '您好！请选择要办理的业务：投递材料、取件，或查询进度', lang: 'zh-CN', voice: 'zh' });
  // ... and again in English after a language switch.
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect.poll(() => spoken(page)).toContainEqual({ text: 'Welcome! Choose what you would like to do: drop off, pick up, or check the status', lang: 'en-US', voice: 'en' });
  await page.getByRole('button', { name: /Switch to Chinese/ }).click();

  // Home mid-visit keeps senior mode: the visit is not over.
  await page.getByRole('button', { name: /投递材料/ }).click();
  await page.getByRole('button', { name: '首页', exact: true }).click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: /投递材料/ }).click();
  await expect(page.getByTestId('elder-toggle')).toContainText('已开启');
  await page.getByRole('button', { name: '老年人优待证' }).click();
  // The checklist is read out with its materials.
  await expect.poll(async () => (await spoken(page)).at(-1)?.text).toContain('居民身份证复印件');
  await page.getByRole('button', { name: '材料已备齐，下一步' }).click();
  await expect(page.getByRole('heading', { name: '请输入您的手机号码' })).toBeVisible();
  await expect.poll(async () => (await spoken(page)).at(-1)?.text).toMatch(/^请输入您的手机号码/);
  // Every key of the keypad (and every other button) is at least 72 × 72.
  await expectBigTargets(page, 72);
  await keepScreenshot(page, 'elder-dropoff-phone');
  await typePhoneAndAgree(page, '13812345678');

  // Lower doors first in elder mode: the lowest small door of column A.
  await expect(page.getByRole('heading', { name: 'A06 号柜门已打开' })).toBeVisible();
  await expect.poll(async () => (await spoken(page)).at(-1)?.text).toContain('A06 号柜门已打开');
  await keepScreenshot(page, 'elder-dropoff-door-open');
  expect(harness.query('SELECT compartment, elder_mode, status FROM cases')).toEqual([{ compartment: 'A06', elder_mode: 1, status: 'door-opened' }]);
  await page.getByRole('region', { name: '模拟柜体' }).getByRole('button', { name: 'A06', exact: true }).click();
  await expect(page.getByRole('heading', { name: '投递成功' })).toBeVisible();
  await expect.poll(async () => (await spoken(page)).at(-1)?.text).toMatch(/^投递成功。您的办件编号是 (\d ){9}\d/);
  await keepScreenshot(page, 'elder-dropoff-receipt');
  expect(harness.query("SELECT state FROM compartments WHERE label = 'A06'")).toEqual([{ state: 'occupied' }]);

  await page.getByRole('button', { name: '完成' }).click();
  await expect(page.getByRole('heading', { name: '请为本次服务评价' })).toBeVisible();
  await expectBigTargets(page, 72);
  await keepScreenshot(page, 'elder-rating');
  await page.getByRole('button', { name: '跳过，返回首页' }).click();

  // The next person starts in standard mode, and speech stopped on the way.
  await expect(welcome).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await px(page, 'main h1', 'font-size')).toBe(standard.h1);
  const all = await page.evaluate(() => (window as unknown as { spoken: { text: string }[] }).spoken.map((s) => s.text));
  expect(all.at(-1)).toBe('(cancel)');
});

test('elder mode shows no error when the browser has no voice or no speech at all (the kiosk speaks instead: help-voice.spec)', async ({ page, harness }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  // No speech synthesis at all.
  await page.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
  await page.goto(harness.url);
  await page.getByRole('button', { name: /^长辈模式/ }).click();
  await page.getByRole('button', { name: /取件/ }).click();
  await expect(page.getByRole('heading', { name: '请输入取件码' })).toBeVisible();
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.getByRole('heading', { name: 'Please enter your pickup code' })).toBeVisible();
  await keepScreenshot(page, 'elder-en-pickup-code');
  expect(errors).toEqual([]);
});
