/** `plural(1, 'device')` → "1 device", `plural(2, 'device')` → "2 devices"; irregular forms as a third argument. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
