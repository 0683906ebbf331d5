import * as z from 'zod';
import { isIsoDateTime } from './constants.js';

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'expected a real calendar date (YYYY-MM-DD)',
  });

/** A timestamp: ISO 8601 date or date-time with a timezone. */
export const isoDateTime = z
  .string()
  .refine(isIsoDateTime, {
    message: 'expected an ISO 8601 date or date-time, e.g. 2026-11-02T14:03:00Z',
  });

/** A finite number. NaN and Infinity are rejected with their own message by the JSON reader. */
export const finite = z.number();

/** A metric value: a number, or null when the metric is undefined (zero denominator, one class only). */
export const metricValue = z.number().nullable();

export const nonEmptyString = z.string().min(1, 'expected a non-empty string');

/** One or more file paths or glob patterns, relative to the repository root. */
export const paths = z.union([nonEmptyString, z.array(nonEmptyString).min(1)]);

export const probability = z.number().min(0).max(1);

/**
 * A link from the config that the comment shows: http:// or https:// only (a `javascript:` or
 * `data:` URL is not a link), with no spaces or angle brackets. `what` ends the message: "to the approval".
 */
export const httpUrl = (what: string) => {
  const message = `expected an http:// or https:// URL ${what} (other schemes, such as javascript:, are not allowed)`;
  return z
    .url({ protocol: /^https?$/, message })
    .refine((s) => /^https?:\/\//i.test(s) && !/[\s<>"`]/.test(s), { message });
};
