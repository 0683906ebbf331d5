import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../../src/action/inputs.js';

const ROOT = path.resolve(__dirname, '../..');
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: unknown; description: string }>;
};
const names = Object.keys(action.inputs);

/** The README's inputs table: input -> [config twin, default]. */
function readmeInputs(): Map<string, [string, string]> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Inputs'), readme.indexOf('### Outputs'));
  const rows = new Map<string, [string, string]>();
  for (const m of table.matchAll(/^\| `([a-z-]+)` \|([^|]*)\|([^|]*)\|/gm)) rows.set(m[1], [m[2].trim(), m[3].trim()]);
  return rows;
}

describe('action inputs (action.yml, the code, the README agree)', () => {
  // The runner passes every default: a default on an input with a config twin would always win.
  const TWINS: Record<string, string> = {
    'min-score': 'gate.min-score',
    'max-score-drop': 'gate.max-score-drop',
    mode: 'gate.mode',
    'if-no-baseline': 'gate.if-no-baseline',
    baseline: 'baseline',
    history: 'history.runs',
  };

  it('inputs with a config twin have no default in action.yml', () => {
    for (const name of Object.keys(TWINS)) {
      expect(action.inputs[name], name).toBeDefined();
      expect(action.inputs[name].default, name).toBeUndefined();
      expect(action.inputs[name].description, name).toMatch(/empty: (use )?the config/i);
    }
  });

  it('the code reads exactly the inputs action.yml declares', () => {
    const asked = new Set<string>();
    readInputs((n) => (asked.add(n), ''));
    expect([...asked].sort()).toEqual([...names].sort());
  });

  it("the README's table lists every input with its config twin and action.yml's default", () => {
    const rows = readmeInputs();
    expect([...rows.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      const [twin, def] = rows.get(name)!;
      expect(twin, name).toBe(TWINS[name] ? `\`${TWINS[name]}\`` : '');
      const d = action.inputs[name].default;
      if (d === undefined) expect(def === '' || def.startsWith('(config'), `${name}: ${def}`).toBe(true);
      else expect(def, name).toBe(`\`${String(d)}\``);
    }
  });

  it('an empty input means the config; a given one is validated with a message naming it', () => {
    const get = (m: Record<string, string>) => (n: string) => m[n] ?? '';
    expect(readInputs(get({}))).toMatchObject({
      mode: undefined,
      minScore: undefined,
      maxScoreDrop: undefined,
      ifNoBaseline: undefined,
      baseline: '',
    });
    expect(() => readInputs(get({ 'min-score': '9' }))).toThrow('input min-score: expected a number from 0 to 7, got "9"');
    expect(() => readInputs(get({ 'if-no-baseline': 'maybe' }))).toThrow('input if-no-baseline: expected warn, fail, got "maybe"');
  });
});
