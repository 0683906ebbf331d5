import { loadConfig } from '../config/load.js';
import type { Config } from '../schemas/config.js';
import type { GateConfig } from '../schemas/config/gate.js';
import { errorMessage } from '../util/errors.js';
import { explainApiError, statusOf, UnexpectedAnswerError, type GitHubClient } from './client.js';

/** The config file's text at `ref`, through the contents API; null when the file does not exist there. */
export async function configTextAt(gh: GitHubClient, owner: string, repo: string, file: string, ref: string): Promise<string | null> {
  try {
    const r = await gh.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: file.replace(/^\.\//, ''), ref });
    const d = r.data as { type?: string; content?: string; encoding?: string };
    if (d === null || typeof d !== 'object')
      throw new UnexpectedAnswerError(`the API's answer is not JSON (a truncated body, or a page that is not from the GitHub API)`);
    if (Array.isArray(d) || d.type !== 'file') throw new Error(`${file} is not a file at ${ref.slice(0, 7)}`);
    if (d.encoding !== 'base64' || typeof d.content !== 'string')
      throw new Error(`${file} at ${ref.slice(0, 7)} could not be read through the contents API (too large?)`);
    return Buffer.from(d.content, 'base64').toString('utf8');
  } catch (e) {
    if (statusOf(e) === 404) return null;
    throw e;
  }
}

export interface GateChange {
  key: string;
  base: string;
  head: string;
}

const MAX_CHANGES = 50;
const clip = (v: string) => (v.length > 100 ? `${v.slice(0, 97)}...` : v);

/** Every setting of a config as `dotted.path -> value` (lists and scalars are leaves). */
function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, clip(typeof value === 'string' ? value : JSON.stringify(value)));
  }
  return out;
}

/** Settings that differ between the base and the head config (unset shows as "unset"), gate settings first. */
export function gateChanges(base: Config | GateConfig, head: Config | GateConfig): GateChange[] {
  const b = flatten(base, '', new Map());
  const h = flatten(head, '', new Map());
  const keys = [...new Set([...b.keys(), ...h.keys()])].filter((k) => !k.startsWith('$schema'));
  const rank = (k: string) => (k.startsWith('gate.') ? 0 : 1);
  return keys
    .filter((k) => b.get(k) !== h.get(k))
    .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y))
    .slice(0, MAX_CHANGES)
    .map((k) => ({ key: clip(k), base: b.get(k) ?? 'unset', head: h.get(k) ?? 'unset' }));
}

export interface GateSource {
  /** The config to evaluate with: the base commit's (config-source: base), else the head's. */
  config: Config;
  /** Where it came from. */
  source: 'head' | 'base';
  changes: GateChange[] | null;
  /**
   * config-source base and the base commit's config could not be read or is invalid: the gate must
   * fail closed, for this reason (the evaluation still runs, with the head config, for the report).
   */
  blocked?: string;
  /** A warning the reader must see at the top (no config on the base commit yet: first adoption). */
  configWarning?: string;
  /** A lesser problem, for the diagnostics (config-source head: the base config could not be compared). */
  warning?: string;
}

/**
 * Gate settings for a pull request. With `configSource: base`, the whole config is read from the
 * PR's base commit, so the PR cannot lower its own bar (gate section, thresholds, tolerances,
 * attestations); when it cannot be read (403, 5xx, rate limit) or is invalid, the gate fails closed.
 * The one exception is a base commit without the config file (404, first adoption): the head config
 * applies with a visible warning. In both modes, changes are reported.
 */
export async function resolveGateSettings(
  gh: GitHubClient,
  o: { owner: string; repo: string; configFile: string; baseSha: string; headConfig: Config; configSource: 'head' | 'base' },
): Promise<GateSource> {
  const at = `at the base commit ${o.baseSha.slice(0, 7)}`;
  const base = o.configSource === 'base';
  const head = (extra: Partial<GateSource>): GateSource => ({ config: o.headConfig, source: 'head', changes: null, ...extra });
  let text: string | null;
  try {
    text = await configTextAt(gh, o.owner, o.repo, o.configFile, o.baseSha);
  } catch (e) {
    const msg = explainApiError(e, `reading ${o.configFile} ${at}`, 'contents: read');
    if (base) return head({ blocked: `config-source base: ${msg} The pull request's own settings were not used instead.` });
    return head({ warning: `the gate settings could not be compared with the base commit: ${msg}` });
  }
  if (text === null) {
    if (!base) return head({});
    const msg = `config-source base: ${o.configFile} does not exist ${at}; the pull request's gate settings were used (first adoption). From the next pull request on, the base branch's config applies.`;
    return head({ configWarning: msg, warning: msg });
  }
  let baseConfig: Config;
  try {
    baseConfig = await loadConfig(`${o.configFile}@${o.baseSha.slice(0, 7)}`, text);
  } catch (e) {
    const msg = `the config ${at} is invalid (${errorMessage(e)})`;
    if (base)
      return head({
        blocked: `config-source base: ${msg}. Fix it on the base branch; the pull request's own settings were not used instead.`,
      });
    return head({ warning: `${msg}; the settings were not compared` });
  }
  const changes = gateChanges(baseConfig, o.headConfig);
  // The whole config comes from the base commit: thresholds, tolerances, attestations and the gate
  // section all set the bar, and a setting the PR removed must not vanish either. Evidence paths come
  // along; a PR that moves evidence fails until the config on the base branch follows (the safe side).
  if (base) return { config: baseConfig, source: 'base', changes };
  return { config: o.headConfig, source: 'head', changes };
}
