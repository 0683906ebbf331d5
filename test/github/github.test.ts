import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { reviewEvaluator } from '../../src/assertions/model/review.js';
import type { EvalContext } from '../../src/assertions/types.js';
import { EvidenceStore } from '../../src/evidence/store.js';
import { pickBaselineArtifact, type ArtifactInfo } from '../../src/github/artifacts.js';
import { checkAnnotations, conclusionOf } from '../../src/github/checks.js';
import { explainApiError } from '../../src/github/client.js';
import { commentBody, isOurComment } from '../../src/github/comment.js';
import { gateChanges } from '../../src/github/gate-settings.js';
import { commentNotes } from '../../src/github/notes.js';
import { isRateLimit, parseRetryAfter, retryDelay } from '../../src/github/retry.js';
import { extractFile, isSafeEntryName, listZip, ZipError } from '../../src/github/zip.js';
import { configSchema } from '../../src/schemas/config.js';
import { makeZip } from '../e2e/zip-writer.js';
import { memoryWorkspace } from '../helpers/memory-workspace.js';
import { makeReport } from '../report/report-fixture.js';

const o = { baseDelayMs: 1000, maxWaitMs: 60_000 };
const err = (status: number | undefined, headers: Record<string, string> = {}, message = '') => ({
  status,
  message,
  response: status === undefined ? undefined : { headers, data: { message } },
});

describe('retry policy', () => {
  it('retries 5xx on idempotent methods only, with exponential backoff', () => {
    expect(retryDelay(err(502), 'GET', 0, o, 0)).toBe(1000);
    expect(retryDelay(err(503), 'PATCH', 2, o, 0)).toBe(4000);
    expect(retryDelay(err(502), 'POST', 0, o, 0)).toBeNull();
    expect(retryDelay({ status: 500, message: 'ECONNRESET' }, 'GET', 0, o, 0)).toBe(1000);
  });
  it('never retries other 4xx', () => {
    for (const s of [400, 401, 404, 422]) expect(retryDelay(err(s), 'GET', 0, o, 0)).toBeNull();
    expect(retryDelay(err(403, {}, 'Resource not accessible by integration'), 'GET', 0, o, 0)).toBeNull();
  });
  it('honours Retry-After and rate-limit resets, for any method', () => {
    expect(retryDelay(err(429, { 'retry-after': '3' }), 'POST', 0, o, 0)).toBe(3000);
    expect(retryDelay(err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }), 'GET', 0, o, 90_000)).toBe(11_000);
    expect(retryDelay(err(403, {}, 'You have exceeded a secondary rate limit'), 'POST', 1, o, 0)).toBe(2000);
    expect(retryDelay(err(429, { 'retry-after': '3600' }), 'GET', 0, o, 0)).toBeNull();
  });
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(isRateLimit(err(403, { 'retry-after': '1' }))).toBe(true);
    expect(isRateLimit(err(403))).toBe(false);
  });
  it('explains 403 and 404 with the missing permission and keeps secrets out', () => {
    const m = explainApiError(err(403, {}, 'Resource not accessible by integration'), 'commenting', 'pull-requests: write');
    expect(m).toContain('`pull-requests: write`');
    expect(m).toContain('fork');
    expect(explainApiError(err(404, {}, 'Not Found'), 'reading', 'actions: read')).toContain('`actions: read`');
  });
});

describe('zip reader (untrusted artifacts)', () => {
  it('reads a file and rejects unsafe names', () => {
    expect(extractFile(makeZip({ 'report.json': '{"a":1}' }), 'report.json', 100)?.toString()).toBe('{"a":1}');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\b']) expect(isSafeEntryName(bad)).toBe(false);
    expect(isSafeEntryName('dir/report.json')).toBe(true);
    expect(() => listZip(makeZip({ 'ok.txt': 'x', '../evil': 'y' }))).toThrow(ZipError);
  });
  it('bounds the inflated size and checks the CRC', () => {
    const zip = makeZip({ 'report.json': 'x'.repeat(5000) });
    expect(() => extractFile(zip, 'report.json', 100)).toThrow(/limit is 100/);
    const corrupt = Buffer.from(zip);
    corrupt.writeUInt32LE(0, corrupt.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 16);
    expect(() => extractFile(corrupt, 'report.json', 10_000)).toThrow(/checksum/);
    expect(() => listZip(Buffer.from('not a zip at all, really not'))).toThrow(ZipError);
  });
});

describe('baseline artifact choice', () => {
  const a = (id: number, run: Partial<NonNullable<ArtifactInfo['workflow_run']>>, extra: Partial<ArtifactInfo> = {}): ArtifactInfo => ({
    id,
    name: 'ml-test-gate-default',
    expired: false,
    created_at: `2026-11-${10 + id}T00:00:00Z`,
    workflow_run: { id: id * 10, repository_id: 1, head_repository_id: 1, head_branch: 'main', head_sha: `sha${id}`, ...run },
    ...extra,
  });
  const q = { name: 'ml-test-gate-default', branch: 'main', preferSha: 'sha1', repositoryId: 1 };
  it('prefers the base SHA, else the newest; skips expired, forks, other branches and this run', () => {
    expect(pickBaselineArtifact([a(1, {}), a(2, {})], q).artifact?.id).toBe(1);
    expect(pickBaselineArtifact([a(1, {}, { expired: true }), a(2, {}), a(3, {})], q).artifact?.id).toBe(3);
    expect(pickBaselineArtifact([a(1, { head_repository_id: 9 }), a(2, { head_branch: 'dev' })], q)).toEqual({
      artifact: null,
      why: expect.stringContaining('1 from another repository (fork), 1 from other branches'),
    });
    expect(pickBaselineArtifact([a(3, {}), a(2, {})], { ...q, excludeRunId: 30 }).artifact?.id).toBe(2);
    expect(pickBaselineArtifact([], q).why).toContain('no artifact named ml-test-gate-default exists yet');
    // the run being evaluated does not count as an artifact that exists
    expect(pickBaselineArtifact([a(3, {})], { ...q, excludeRunId: 30 }).why).toContain('no artifact named ml-test-gate-default exists yet');
  });
});

describe('comment identity and body', () => {
  const marker = '<!-- ml-test-gate:default -->';
  const id = { logins: ['github-actions[bot]'], source: 'fallback' as const };
  it('needs the marker on the first line and our login', () => {
    expect(isOurComment({ id: 1, body: `${marker}\nx`, user: { login: 'github-actions[bot]' } }, marker, id)).toBe(true);
    expect(isOurComment({ id: 1, body: `${marker}\nx`, user: { login: 'other[bot]' } }, marker, id)).toBe(false);
    expect(isOurComment({ id: 1, body: `see ${marker}`, user: { login: 'github-actions[bot]' } }, marker, id)).toBe(false);
    expect(isOurComment({ id: 1, body: '<!-- ml-test-gate:default-2 -->', user: { login: 'github-actions[bot]' } }, marker, id)).toBe(
      false,
    );
  });
  it('puts notes under the verdict and stays under the limit', async () => {
    const r = makeReport([]);
    r.records.github = {
      configFile: 'cfg.yml',
      configSource: 'base',
      gateChanges: [{ key: 'min-score', base: '2', head: '1' }],
      baseline: 'none @here',
    };
    const notes = await commentNotes(r);
    expect(notes.join('\n')).toContain('`min-score` 2 → 1');
    expect(notes.join('\n')).toContain('@&#8203;here');
    const body = commentBody(r, { id: 'default', notes, limit: 3000 });
    expect(body.startsWith(marker)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(3000);
    expect(body.indexOf('ML Test Score')).toBeLessThan(body.indexOf('changes the gate settings'));
    // a forged record in a downloaded report is ignored
    r.records.github = { configSource: 'evil' };
    expect(await commentNotes(r)).toEqual([]);
  });
  it('check run conclusion and annotations', () => {
    const r = makeReport([]);
    r.diagnostics = Array.from({ length: 60 }, (_, i) => ({ level: 'error' as const, message: `m${i}`, file: 'cfg.yml', line: i + 1 }));
    r.diagnostics.push({ level: 'error', message: 'escape', file: '../x' });
    expect(checkAnnotations(r)).toHaveLength(50);
    expect(checkAnnotations(r).every((a) => a.path === 'cfg.yml')).toBe(true);
    expect(conclusionOf({ ...r, gate: { ...r.gate, passed: true, wouldPass: false } })).toBe('neutral');
  });
});

describe('gate settings and inputs', () => {
  it('lists changed gate settings', () => {
    const g = (x: object) => configSchema.parse({ gate: x }).gate;
    expect(gateChanges(g({ 'min-score': 2 }), g({ 'min-score': 1, 'min-section': { data: 1 } }))).toEqual([
      { key: 'min-score', base: '2', head: '1' },
      { key: 'min-section.data', base: 'unset', head: '1' },
    ]);
    expect(gateChanges(g({ 'min-score': 2 }), g({ 'min-score': 2 }))).toEqual([]);
  });
  it('reads the new inputs and rejects bad values', () => {
    const get = (m: Record<string, string>) => (n: string) => m[n] ?? '';
    const i = readInputs(get({ comment: 'on-failure', 'config-source': 'base', 'check-name': 'ML gate', 'if-no-baseline': 'fail' }));
    expect(i).toMatchObject({ comment: 'on-failure', configSource: 'base', checkName: 'ML gate', ifNoBaseline: 'fail' });
    expect(readInputs(get({}))).toMatchObject({ comment: 'true', configSource: 'head', checkName: '', ifNoBaseline: undefined });
    expect(() => readInputs(get({ comment: 'sometimes' }))).toThrow(/input comment/);
    expect(() => readInputs(get({ 'config-source': 'pr' }))).toThrow(/input config-source/);
  });
});

describe('review evaluator (model-1, monitor-1)', () => {
  const files = {
    'requirements.txt': 'numpy\n',
    'docker/Dockerfile': 'FROM python:3.12-slim\n',
    'models/a.yaml': 'x: 1\n',
    'src/x.py': '',
  };
  const ctx = (review: object | undefined, changed: string[] | null | undefined): EvalContext => {
    const ws = memoryWorkspace(files);
    return {
      alpha: () => 0.05,
      config: configSchema.parse(review ? { review } : {}),
      configFile: 'cfg.yml',
      workspace: ws,
      store: new EvidenceStore(ws),
      now: new Date(),
      baseline: null,
      pullRequest: changed === undefined ? null : { number: 3, changedFiles: changed },
      diagnostics: [],
    };
  };
  it('does nothing without a review section', async () => {
    expect((await reviewEvaluator.run(ctx(undefined, []))).outcomes).toEqual([]);
  });
  it('flags dependency and model spec changes in a pull request', async () => {
    const out = await reviewEvaluator.run(
      ctx({ 'model-specs': 'models/*.yaml' }, ['requirements.txt', 'docker/Dockerfile', 'models/a.yaml', 'src/x.py']),
    );
    const m1 = out.outcomes.find((x) => x.test === 'monitor-1')!;
    expect(m1.checks.map((c) => c.status)).toEqual(['pass', 'warn']);
    expect(m1.checks[1].message).toContain('changes 2 dependency files: requirements.txt, docker/Dockerfile');
    const spec = out.outcomes.find((x) => x.test === 'model-1')!;
    expect(spec.checks.map((c) => c.status)).toEqual(['pass', 'warn']);
    const rows = out.tables![0].rows;
    expect(rows).toContainEqual(['docker/Dockerfile', 'dependencies (container image)', 'base image now: python:3.12-slim']);
    expect(rows).toContainEqual(['models/a.yaml', 'model spec', 'needs review']);
  });
  it('errors when specs are untracked or the PR files could not be listed; passes on pushes', async () => {
    const miss = await reviewEvaluator.run(ctx({ 'model-specs': 'specs/*.yaml' }, undefined));
    expect(miss.outcomes.find((x) => x.test === 'model-1')!.checks[0].status).toBe('error');
    const nolist = await reviewEvaluator.run(ctx({}, null));
    expect(nolist.outcomes[0].checks[0]).toMatchObject({ status: 'error', message: expect.stringContaining('pull-requests: read') });
    const push = await reviewEvaluator.run(ctx({}, undefined));
    expect(push.outcomes[0].checks[0]).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('2 dependency manifests watched'),
    });
  });
});
