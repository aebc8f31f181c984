// What the resident reads when the cabinet cannot record: the pickup's first write is refused (the
// database held by another writer past the cabinet's busy timeout — to the cabinet the same storage
// failure as a full disk, which tests/integration/disk-full.test.ts drives on a real tmpfs), so the
// screen says plainly that nothing was opened; once writes go through, the same code opens the door.
import Database from 'better-sqlite3';
import { test, expect, dropOffViaContract, enterPickup, openFrames, seedReturned } from './harness';

test('a refused write tells the resident nothing was opened; the same code works once it is writable again', async ({ page, harness }) => {
  const { reference, label } = await dropOffViaContract(harness);
  const code = seedReturned(harness, reference);
  await page.goto(harness.url);
  await page.getByRole('button', { name: /取件/ }).click();
  const blocker = new Database(harness.databaseFile);
  try {
    blocker.exec('BEGIN EXCLUSIVE');
    await enterPickup(page, code, '5678');
    await expect(page.getByRole('alert')).toHaveText('云柜暂时无法办理，柜门没有打开。请稍后再试，或联系工作人员', { timeout: 15_000 });
    expect(await openFrames(harness)).toHaveLength(1); // the drop-off's only
  } finally {
    blocker.exec('ROLLBACK');
    blocker.close();
  }
  await enterPickup(page, code, '5678');
  await expect(page.getByText(new RegExp(label)).first()).toBeVisible();
  await expect.poll(async () => (await openFrames(harness)).length).toBe(2);
});
