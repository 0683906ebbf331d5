/** Timestamps in evidence: parsing (with the assumption made for a date without a zone), ages, maximum-age checks. */
import type { Check } from '../../rubric/types.js';
import { fmt } from '../../util/format.js';
import { quoted } from '../../util/excerpt.js';

/** A check that a timestamp parses and is not in the future (no age limit). */
export function notFutureCheck(what: string, value: string, now: Date, file: string, field: string): Check | null {
  const a = ageOf(value, now);
  return a.ok ? null : { name: `${what} date`, status: 'error', message: `${file}: ${field}: ${a.message}`, file };
}

export const DAY_MS = 86_400_000;

/** Clock skew tolerated before a timestamp counts as "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type Instant = { ok: true; ms: number; iso: string; assumption?: string } | { ok: false; message: string };

/**
 * A timestamp as evidence writes it: ISO 8601 (a date alone is midnight UTC; a date-time without a
 * timezone is read as UTC and says so), or a number of seconds (< 1e11) or milliseconds since the
 * Unix epoch. Anything else is unparsable.
 */
export function parseInstant(v: unknown): Instant {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= 0) return { ok: false, message: `expected a timestamp, got ${v}` };
    const ms = v < 1e11 ? v * 1000 : v;
    return {
      ok: true,
      ms,
      iso: new Date(ms).toISOString(),
      assumption: `read ${v} as Unix epoch ${v < 1e11 ? 'seconds' : 'milliseconds'}`,
    };
  }
  if (typeof v !== 'string')
    return { ok: false, message: `expected an ISO 8601 timestamp, got ${v === null ? 'null' : v === undefined ? 'nothing' : typeof v}` };
  const s = v.trim();
  let text = s;
  let assumption: string | undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) text = `${s}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) {
    text = `${s.replace(' ', 'T')}Z`;
    assumption = 'no timezone given; read as UTC';
  } else if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    return { ok: false, message: `${quoted(s, 40)} is not an ISO 8601 date or date-time (e.g. 2026-11-02T14:03:00Z)` };
  }
  // Date.parse accepts impossible days such as 2026-02-30 by rolling over: check the calendar date
  const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) return { ok: false, message: `${JSON.stringify(s)} is not a valid date` };
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const cal = new Date(Date.UTC(y, m - 1, d));
  if (cal.getUTCFullYear() !== y || cal.getUTCMonth() !== m - 1 || cal.getUTCDate() !== d)
    return { ok: false, message: `${JSON.stringify(s)} is not a real calendar date` };
  return { ok: true, ms, iso: new Date(ms).toISOString(), assumption };
}

/** Age in days of a timestamp at `now`, or an error message when it is unparsable or in the future. */
export function ageOf(
  v: unknown,
  now: Date,
): { ok: true; days: number; iso: string; assumption?: string } | { ok: false; message: string } {
  const t = parseInstant(v);
  if (!t.ok) return t;
  const diff = now.getTime() - t.ms;
  if (diff < -CLOCK_SKEW_MS) {
    return {
      ok: false,
      message: `${t.iso} is in the future (the gate runs at ${now.toISOString()}); a future date is an error, not a fresh one`,
    };
  }
  return { ok: true, days: Math.max(0, diff) / DAY_MS, iso: t.iso, assumption: t.assumption };
}

/**
 * A check that a timestamp is at most `maxDays` old. Unparsable or future timestamps are errors.
 * `what` names the figure ("model trained-at"), `where` the file and field.
 */
export function maxAgeCheck(
  what: string,
  value: unknown,
  maxDays: number,
  now: Date,
  where: { file: string; field: string; line?: number },
): Check {
  const age = ageOf(value, now);
  if (!age.ok)
    return {
      name: `${what} age`,
      status: 'error',
      message: `${where.file}: ${where.field}: ${age.message}`,
      file: where.file,
      line: where.line,
    };
  const ok = age.days <= maxDays;
  return {
    name: `${what} age <= ${fmt(maxDays)} days`,
    status: ok ? 'pass' : 'fail',
    message: `${what} ${age.iso} (${where.file}: ${where.field}) is ${fmt(age.days, 3)} days old; maximum ${fmt(maxDays)} days${age.assumption ? ` (${age.assumption})` : ''}`,
    value: age.days,
    threshold: `<= ${fmt(maxDays)} days`,
    method: `now (${now.toISOString()}) minus the recorded timestamp`,
    file: where.file,
    line: where.line,
  };
}
