// A language switch mid-flow: start in Chinese, switch to English at the checklist, finish in
// English; the case records English, and the next person gets the default language again.
import { test, expect, enDigit, keepScreenshot, typeOnKeypad } from './harness';

test('switching to English at the checklist carries through to an English receipt', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByRole('button', { name: /投递材料/ }).click();
  await page.getByRole('button', { name: '社会保险' }).click();
  await expect(page.getByRole('heading', { name: /社会保险：请准备以下材料/ })).toBeVisible();
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.getByRole('heading', { name: 'Social insurance: please have these documents ready' })).toBeVisible();
  await expect(page.getByText('Committed processing time: 10 working days')).toBeVisible();
  await expect(page.getByText('Copy of bank card or passbook')).toBeVisible();
  await keepScreenshot(page, 'en-dropoff-checklist');
  await page.getByRole('button', { name: 'I have them all — next' }).click();
  await expect(page.getByRole('heading', { name: 'Please enter your mobile number' })).toBeVisible();
  await typeOnKeypad(page, '13812345678', enDigit);
  await keepScreenshot(page, 'en-dropoff-phone');
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Please check your mobile number' })).toBeVisible();
  await expect(page.getByTestId('read-back')).toHaveText('138 1234 5678');
  await expect(page.getByRole('heading', { name: 'How we use your personal data' })).toBeVisible();
  await keepScreenshot(page, 'en-dropoff-consent');
  await page.getByRole('button', { name: 'Number is right, agree and open' }).click();
  await expect(page.getByRole('heading', { name: 'Door A01 is open' })).toBeVisible();
  await expect(page.getByText('Put your documents inside, then close the door firmly')).toBeVisible();
  await keepScreenshot(page, 'en-dropoff-door-open');
  await page.getByRole('region', { name: 'Simulated cabinet' }).getByRole('button', { name: 'A01', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Dropped off' })).toBeVisible();
  await expect(page.getByText('Reference number', { exact: true })).toBeVisible();
  await expect(page.getByText('Expected completion')).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code of the reference number' })).toBeVisible();
  // Dates in the one format: 30 Nov 2026, 01:11 (the cabinet's zone), never 11/30/2026.
  await expect(page.locator('.receipt dd').nth(3)).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
  await keepScreenshot(page, 'en-dropoff-receipt');
  expect(harness.query('SELECT language, status FROM cases')).toEqual([{ language: 'en', status: 'deposited' }]);

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'How satisfied are you with our service?' })).toBeVisible();
  await keepScreenshot(page, 'en-rating');
  await page.getByRole('button', { name: 'Skip, back to home' }).click();
  // The next person starts in the cabinet's default language.
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的业务' })).toBeVisible();
});
