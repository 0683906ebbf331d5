/**
 * Schema diff between two snapshots (base branch -> head): features added, removed and retyped;
 * categorical values that appear or disappear; presence changes.
 */
import type { FeatureSnapshot, Snapshot } from '../schemas/snapshot.js';
import { pct } from '../util/format.js';
import { presence } from './validate.js';
import { quoted } from '../util/excerpt.js';

export interface SchemaDiffEntry {
  feature: string;
  change: 'added' | 'removed' | 'retyped' | 'domain' | 'presence';
  base: string;
  head: string;
}

/** Presence changes smaller than this (absolute, as a fraction of rows) are not listed. */
export const PRESENCE_CHANGE = 0.01;

function listedValues(f: FeatureSnapshot): Set<string> {
  return new Set((f.categorical?.top ?? []).filter((t) => t.count > 0).map((t) => t.value));
}

function shortList(xs: string[]): string {
  const shown = xs.slice(0, 5).map((x) => quoted(x, 40));
  return shown.join(', ') + (xs.length > 5 ? ` (+${xs.length - 5})` : '');
}

export function schemaDiff(base: Snapshot, head: Snapshot, presenceChange = PRESENCE_CHANGE): SchemaDiffEntry[] {
  const out: SchemaDiffEntry[] = [];
  const b = new Map(base.features.map((f) => [f.name, f]));
  const h = new Map(head.features.map((f) => [f.name, f]));
  for (const f of head.features) if (!b.has(f.name)) out.push({ feature: f.name, change: 'added', base: '-', head: f.type });
  for (const f of base.features) if (!h.has(f.name)) out.push({ feature: f.name, change: 'removed', base: f.type, head: '-' });
  for (const hf of head.features) {
    const bf = b.get(hf.name);
    if (!bf) continue;
    if (bf.type !== hf.type) out.push({ feature: hf.name, change: 'retyped', base: bf.type, head: hf.type });
    if (bf.categorical && hf.categorical) {
      const bv = listedValues(bf);
      const hv = listedValues(hf);
      // a value missing from a truncated list may still be among the other values: only list certain changes
      const added = [...hv].filter((v) => !bv.has(v) && bf.categorical!.otherCount === 0);
      const removed = [...bv].filter((v) => !hv.has(v) && hf.categorical!.otherCount === 0);
      if (added.length || removed.length) {
        out.push({
          feature: hf.name,
          change: 'domain',
          base: removed.length ? `only in base: ${shortList(removed)}` : '',
          head: added.length ? `new in head: ${shortList(added)}` : '',
        });
      }
    }
    const pb = presence(bf);
    const ph = presence(hf);
    if (pb !== null && ph !== null && Math.abs(pb - ph) >= presenceChange) {
      out.push({ feature: hf.name, change: 'presence', base: pct(pb), head: pct(ph) });
    }
  }
  return out;
}
