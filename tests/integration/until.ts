// Wait for a condition of the running cabinet (a door event, a row), failing with `what` when it
// does not come in time. Polls: the core's own events are asynchronous by nature.
export async function until(check: () => boolean | Promise<boolean>, ms = 8000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} not met in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
