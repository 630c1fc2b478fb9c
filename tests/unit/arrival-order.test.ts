import { describe, expect, it } from 'vitest';
import { createArrivalOrder } from '@/lib/background/arrival-order';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('work for one key, in the order it arrived', () => {
  it('a slow first task ends before a quick second one of the same key starts', async () => {
    const inOrder = createArrivalOrder<number>();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await later(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([inOrder(1, task('request', 30)), inOrder(1, task('answer', 0))]);
    expect(results).toEqual(['request', 'answer']);
    expect(log).toEqual(['request start', 'request end', 'answer start', 'answer end']);
  });

  it('other keys do not wait, and a failed task neither stops the next nor hides its error', async () => {
    const inOrder = createArrivalOrder<number>();
    const log: string[] = [];
    const slow = inOrder(1, async () => {
      await later(30);
      log.push('tab 1');
    });
    const failing = inOrder(2, async () => {
      log.push('tab 2');
      throw new Error('refused');
    });
    const after = inOrder(2, async () => {
      log.push('tab 2 again');
      return 'ok';
    });
    await expect(failing).rejects.toThrow('refused');
    expect(await after).toBe('ok');
    await slow;
    expect(log).toEqual(['tab 2', 'tab 2 again', 'tab 1']);
  });
});
