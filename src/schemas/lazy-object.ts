/**
 * Zod schemas built when first used, not when their module is imported (cold start, issue 15):
 * constructing zod schemas is most of what importing a schema module costs, and a run validates a
 * few fields of the large objects (a report-level config uses 3 of the model section's 9 keys).
 */
import * as z from 'zod';

/** A schema builder run once, on first use: later calls return the same object, as a module constant would. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

type Builders = Record<string, () => z.ZodType>;
type Shape<B extends Builders> = { [K in keyof B]: ReturnType<B[K]> };

/** Stands for a field the input does not have: only absence passes (the key stays a known key). */
const absent = once(() => z.never().optional());

/**
 * A strict object whose fields are built on demand. `full()` is the whole schema (JSON Schema, docs,
 * types); `forKeys(keys)` is the same object for an input with these keys: their fields built, every
 * other field a placeholder that accepts only absence, so it gives the same data and the same
 * messages for such an input. Every field must be optional without a default (absent, it gives
 * nothing): test/schemas/config-sections.test.ts checks that, and the agreement with `full()`.
 */
export interface LazyStrictObject<S extends z.ZodType> {
  full(): S;
  forKeys(keys: Iterable<string>): S;
  /** The field names, in order. */
  readonly keys: readonly string[];
}

export function lazyStrictObject<B extends Builders, S extends z.ZodType>(
  fields: B,
  finish: (o: z.ZodObject<Shape<B>, z.core.$strict>) => S,
): LazyStrictObject<S> {
  const keys = Object.keys(fields);
  const variants = new Map<string, S>();
  const build = (use: (k: string) => boolean): S =>
    finish(z.strictObject(Object.fromEntries(keys.map((k) => [k, use(k) ? fields[k]() : absent()])) as Shape<B>));
  const full = once(() => build(() => true));
  return {
    keys,
    full,
    forKeys(given) {
      const set = new Set(given);
      const used = keys.filter((k) => set.has(k));
      if (used.length === keys.length) return full();
      const id = used.join('\n');
      let s = variants.get(id);
      if (!s) {
        s = build((k) => set.has(k));
        variants.set(id, s);
      }
      return s;
    },
  };
}
