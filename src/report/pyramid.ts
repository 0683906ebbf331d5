/** The test pyramid as one Markdown line (pure): which layers have evidence, bottom to top. */
import type { Pyramid, PyramidLayer } from '../schemas/pyramid.js';

const TITLE: Record<PyramidLayer, string> = {
  unit: 'unit',
  data: 'data',
  model: 'model',
  integration: 'integration',
  load: 'load',
  'shadow-ab': 'shadow/A-B',
};

const ICON = { pass: '✅', fail: '❌', error: '⛔', none: '⬜' } as const;

/** `**Test pyramid:** ✅ unit · ✅ data · ❌ model · … (⬜ no evidence)`; empty without a pyramid. */
export function pyramidLine(p: Pyramid | undefined): string {
  if (!p || p.layers.length === 0) return '';
  const parts = p.layers.map((l) => `${ICON[l.status]} ${TITLE[l.layer]}`);
  const empty = p.layers.filter((l) => l.status === 'none').length;
  const legend = empty === p.layers.length ? ' (no layer has evidence)' : empty ? ' (⬜ no evidence)' : '';
  return `**Test pyramid:** ${parts.join(' · ')}${legend}`;
}
