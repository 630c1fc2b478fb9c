/**
 * Work for one key done one piece after another, in the order it arrived. A page's observations
 * (its request to HRD, then HRD's answer, then the alert) arrive in order but are handled
 * concurrently; a request whose handling waits on a write longer than its answer's would
 * otherwise let the answer find no attempt to settle, and the one wrong code would count twice.
 */
export function createArrivalOrder<Key>(): <T>(key: Key, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<Key, Promise<unknown>>();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
    // The next task waits for this one to end, however it ends; its error is the caller's.
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
