/**
 * Run at most `n` tasks at a time, in call order: a finished task hands its slot straight to the next
 * waiting one, so the limit holds even when new tasks arrive meanwhile.
 */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active < n) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** `fn` over `items` with at most `n` in flight; results in the order of `items`. */
export function mapLimited<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const slot = limiter(n);
  return Promise.all(items.map((item) => slot(() => fn(item))));
}
