/**
 * True when arrays and objects in `value` nest deeper than `max`. Iterative, so it is safe on a value
 * nested far deeper than the call stack allows (which is what it is for: checking parsed YAML, TOML
 * or JSON before anything recursive walks it).
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return false;
}
