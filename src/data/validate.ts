/**
 * Validate a snapshot against feature expectations. Anomalies carry the names TFDV users know:
 * new column, missing column, type change, low presence, out-of-range values, unexpected categorical
 * values, NaN/infinity (plus mixed types, for a column mixing numbers and text).
 */
import type { DataSchema, FeatureExpectation } from '../schemas/data-schema.js';
import type { FeatureSnapshot, Snapshot } from '../schemas/snapshot.js';
import { fmt, pct } from '../util/format.js';
import { nearest } from '../util/suggest.js';
import { quoted } from '../util/excerpt.js';

export type AnomalyKind =
  | 'new column'
  | 'missing column'
  | 'type change'
  | 'low presence'
  | 'out-of-range values'
  | 'unexpected categorical values'
  | 'NaN/infinity'
  | 'mixed types';

export interface Anomaly {
  feature: string;
  kind: AnomalyKind;
  /** fail: the data breaks the schema; warn: cannot tell from the snapshot. */
  severity: 'fail' | 'warn';
  message: string;
  value?: number;
  threshold?: string;
  line?: number;
}

export interface FeatureValidation {
  feature: string;
  anomalies: Anomaly[];
  /** What was checked and the figures, for a passing feature. */
  summary: string;
}

const NUMERIC = new Set(['int', 'float']);

export function presence(f: FeatureSnapshot): number | null {
  const n = f.count + f.missing;
  return n === 0 ? null : f.count / n;
}

function typeCompatible(expected: FeatureExpectation['type'], actual: FeatureSnapshot['type']): boolean {
  if (expected === actual) return true;
  if (expected === 'float' && actual === 'int') return true;
  if ((expected === 'string' || expected === 'bytes') && (actual === 'bool' || actual === 'string' || actual === 'bytes')) return true;
  return false;
}

type AddAnomaly = (a: Omit<Anomaly, 'feature'>) => void;

/** NaN/infinity and the expected range of a numeric feature. */
function checkNumeric(
  e: FeatureExpectation,
  f: FeatureSnapshot,
  num: NonNullable<FeatureSnapshot['numeric']>,
  add: AddAnomaly,
  facts: string[],
): void {
  const bad = num.nan + num.infinity;
  if (bad > 0 && !e.allowNonFinite) {
    add({
      kind: 'NaN/infinity',
      severity: 'fail',
      message: `feature "${f.name}": ${num.nan} NaN and ${num.infinity} infinite value(s) of ${f.count}`,
      value: bad,
      threshold: '0',
    });
  }
  if (e.range && num.min !== null && num.max !== null) {
    const lo = e.range.min;
    const hi = e.range.max;
    const want = `[${lo ?? '-inf'}, ${hi ?? '+inf'}]`;
    const below = lo !== undefined && num.min < lo;
    const above = hi !== undefined && num.max > hi;
    if (below || above) {
      add({
        kind: 'out-of-range values',
        severity: 'fail',
        message: `feature "${f.name}": observed [${fmt(num.min)}, ${fmt(num.max)}] is outside the expected range ${want}`,
        value: below ? num.min : num.max,
        threshold: want,
      });
    } else facts.push(`range [${fmt(num.min)}, ${fmt(num.max)}] within ${want}`);
  }
}

/** The share of a categorical feature's values outside the expected domain (a warning when the snapshot's top values cannot tell). */
function checkDomain(
  e: FeatureExpectation,
  f: FeatureSnapshot,
  cat: NonNullable<FeatureSnapshot['categorical']>,
  domain: readonly string[],
  add: AddAnomaly,
  facts: string[],
): void {
  const domainSet = new Set(domain);
  const outside = cat.top.filter((t) => t.count > 0 && !domainSet.has(t.value));
  const listedOut = outside.reduce((s, t) => s + t.count, 0);
  const frac = listedOut / f.count;
  const allowed = e.maxOutOfDomain;
  const examples = outside
    .slice(0, 3)
    .map((t) => {
      const near = nearest(t.value, domain);
      return `${quoted(t.value, 40)} x${t.count}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`;
    })
    .join(', ');
  if (frac > allowed) {
    add({
      kind: 'unexpected categorical values',
      severity: 'fail',
      message: `feature "${f.name}": ${pct(frac)} of values are outside the domain (allowed ${pct(allowed)}): ${examples}${outside.length > 3 ? ` and ${outside.length - 3} more` : ''}`,
      value: frac,
      threshold: `<= ${pct(allowed)}`,
    });
  } else if (cat.otherCount > 0 && (listedOut + cat.otherCount) / f.count > allowed) {
    add({
      kind: 'unexpected categorical values',
      severity: 'warn',
      message: `feature "${f.name}": ${cat.otherCount} value(s) are not listed in the snapshot's top values, so the out-of-domain fraction (${pct(frac)} known) cannot be confirmed <= ${pct(allowed)}; profile with a larger --top-k or --reference the schema's snapshot`,
      value: frac,
      threshold: `<= ${pct(allowed)}`,
    });
  } else facts.push(`${pct(frac)} outside domain of ${domain.length}`);
}

function checkFeature(e: FeatureExpectation, f: FeatureSnapshot): FeatureValidation {
  const anomalies: Anomaly[] = [];
  const facts: string[] = [];
  const add = (a: Omit<Anomaly, 'feature'>) => anomalies.push({ feature: f.name, ...a });
  const p = presence(f);
  if (f.count === 0) {
    if (e.required)
      add({
        kind: 'low presence',
        severity: 'fail',
        message: `feature "${f.name}" is entirely empty (0 of ${f.missing} rows present)`,
        value: 0,
        threshold: e.minPresence !== undefined ? `>= ${pct(e.minPresence)}` : 'present',
      });
    return { feature: f.name, anomalies, summary: 'no values' };
  }
  if (!typeCompatible(e.type, f.type)) {
    add({ kind: 'type change', severity: 'fail', message: `feature "${f.name}": expected type ${e.type}, the data is ${f.type}` });
  } else facts.push(f.type);
  if (f.mixed) {
    const minority = NUMERIC.has(f.type) ? f.mixed.other : f.mixed.numeric;
    add({
      kind: 'mixed types',
      severity: 'fail',
      message: `feature "${f.name}": ${minority} of ${f.count} values are ${NUMERIC.has(f.type) ? 'not numbers' : 'numbers in a text column'} (e.g. ${f.mixed.examples.map((x) => quoted(x, 40)).join(', ')}${f.mixed.line ? `, first at line ${f.mixed.line}` : ''})`,
      value: minority,
      line: f.mixed.line,
    });
  }
  if (e.minPresence !== undefined && p !== null) {
    if (p < e.minPresence) {
      add({
        kind: 'low presence',
        severity: 'fail',
        message: `feature "${f.name}": present in ${pct(p)} of rows (${f.count} of ${f.count + f.missing}), below ${pct(e.minPresence)}`,
        value: p,
        threshold: `>= ${pct(e.minPresence)}`,
      });
    } else facts.push(`presence ${pct(p)} >= ${pct(e.minPresence)}`);
  }
  if (f.numeric) checkNumeric(e, f, f.numeric, add, facts);
  if (f.categorical && e.domain) checkDomain(e, f, f.categorical, e.domain, add, facts);
  return { feature: f.name, anomalies, summary: facts.join(', ') };
}

export interface ValidationResult {
  features: FeatureValidation[];
  /** Anomalies not tied to a schema feature: new columns. */
  anomalies: Anomaly[];
}

export function validateSnapshot(snapshot: Snapshot, schema: DataSchema): ValidationResult {
  const byName = new Map(snapshot.features.map((f) => [f.name, f]));
  const features: FeatureValidation[] = [];
  const names = snapshot.features.map((f) => f.name);
  for (const e of schema.features) {
    const f = byName.get(e.name);
    if (!f) {
      const near = nearest(e.name, names);
      features.push({
        feature: e.name,
        anomalies: e.required
          ? [
              {
                feature: e.name,
                kind: 'missing column',
                severity: 'fail',
                message: `feature "${e.name}" is in the schema but not in the snapshot${near ? ` (did you mean "${near}"?)` : ''}`,
              },
            ]
          : [],
        summary: 'optional, absent',
      });
      continue;
    }
    features.push(checkFeature(e, f));
  }
  const known = new Set(schema.features.map((e) => e.name));
  const anomalies: Anomaly[] = snapshot.features
    .filter((f) => !known.has(f.name))
    .map((f) => ({
      feature: f.name,
      kind: 'new column' as const,
      severity: 'fail' as const,
      message: `feature "${f.name}" (${f.type}) is in the data but not in the schema; add it to the schema or drop it`,
    }));
  return { features, anomalies };
}
