import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inputOverrides, readInputs } from '../../src/action/inputs.js';
import { failClosed } from '../../src/action/trust.js';
import { checkPublishedReport, recomputeVerdict } from '../../src/gate/recompute.js';
import { createClient } from '../../src/github/client.js';
import { createOnce, type CreatePolicy } from '../../src/github/create-once.js';
import { commentNotes } from '../../src/github/notes.js';
import { ApiTimeoutError, backoff, isUncertain, retryDelay, retryOptionsFromEnv, retryPlugin } from '../../src/github/retry.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { RubricId } from '../../src/rubric/tests.js';
import { configSchema } from '../../src/schemas/config.js';
import type { Report } from '../../src/schemas/report.js';
import { makeReport } from '../report/report-fixture.js';

const apiError = (status: number, headers: Record<string, string> = {}, message = '') =>
  Object.assign(new Error(message || `HTTP ${status}`), { status, response: { headers, data: { message } } });

/** A clock that only moves when the code under test sleeps: deterministic budgets, no real waiting. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps };
}

describe('backoff with jitter (injectable random source)', () => {
  it('draws uniformly in [b/2, b) for b = base * 2^attempt', () => {
    expect(backoff(0, 1000, () => 0)).toBe(500);
    expect(backoff(0, 1000, () => 0.999)).toBe(1000);
    expect(backoff(2, 1000, () => 0.5)).toBe(3000);
    // a broken random source cannot produce a negative or runaway wait
    expect(backoff(1, 1000, () => -5)).toBe(1000);
    expect(backoff(1, 1000, () => 7)).toBe(2000);
  });
  it('spreads the waits of many clients over the interval (seeded draws)', () => {
    let seed = 42;
    const lcg = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const waits = Array.from({ length: 2000 }, () => backoff(1, 1000, lcg));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2000);
    // four quarters of the interval each get about a quarter of the draws
    const quarters = [0, 0, 0, 0];
    for (const w of waits) quarters[Math.min(3, Math.floor((w - 1000) / 250))]++;
    for (const q of quarters) expect(q).toBeGreaterThan(400);
    expect(retryDelay(apiError(502), 'GET', 1, { baseDelayMs: 1000, maxWaitMs: 60_000, random: () => 0 }, 0)).toBe(1000);
  });
});

describe('uncertain writes', () => {
  it('a 5xx, a network error or a timeout may have been applied; a 4xx (rate limits too) was refused', () => {
    for (const s of [500, 502, 503, 504]) expect(isUncertain(apiError(s))).toBe(true);
    expect(isUncertain(new ApiTimeoutError(1000))).toBe(true);
    expect(isUncertain({ message: 'ECONNRESET' })).toBe(true);
    for (const s of [400, 403, 404, 422, 429]) expect(isUncertain(apiError(s))).toBe(false);
  });
  it('reads the test overrides from the environment and ignores nonsense', () => {
    expect(retryOptionsFromEnv({ ML_TEST_GATE_RETRY_BUDGET_MS: '2500', ML_TEST_GATE_API_TIMEOUT_MS: '400' })).toEqual({
      budgetMs: 2500,
      timeoutMs: 400,
    });
    expect(retryOptionsFromEnv({ ML_TEST_GATE_RETRY_BUDGET_MS: '-1', ML_TEST_GATE_API_TIMEOUT_MS: 'soon' })).toEqual({});
    expect(retryOptionsFromEnv({})).toEqual({});
  });
});

describe('createOnce: exactly one, through lost answers', () => {
  function script(creates: Array<'ok' | 'applied-502' | '502' | '404' | 'timeout'>) {
    const made: number[] = [];
    let call = 0;
    const op = {
      what: 'creating x',
      create: async () => {
        const step = creates[call++] ?? 'ok';
        if (step === 'ok') return made.push(call) && { id: call };
        if (step === 'applied-502') {
          made.push(call);
          throw apiError(502);
        }
        if (step === 'timeout') {
          made.push(call);
          throw new ApiTimeoutError(500);
        }
        throw apiError(step === '502' ? 502 : 404);
      },
      find: async () => (made.length ? { id: made[0] } : null),
    };
    return { op, made, calls: () => call };
  }
  const policy = (clock: ReturnType<typeof fakeClock>, budgetMs = 60_000): CreatePolicy => ({
    baseDelayMs: 1000,
    budgetMs,
    random: () => 0.5,
    sleep: clock.sleep,
    now: clock.now,
  });

  it('a 502 that was not applied: looks, finds nothing, creates again', async () => {
    const clock = fakeClock();
    const s = script(['502', 'ok']);
    const r = await createOnce(s.op, policy(clock));
    expect(r).toEqual({ value: { id: 2 }, attempts: 2, recovered: false });
    expect(s.made).toEqual([2]);
    expect(clock.sleeps).toEqual([750]);
  });
  it('a 502 or a timeout after it was applied: finds it, creates nothing more', async () => {
    for (const lost of ['applied-502', 'timeout'] as const) {
      const s = script([lost, 'ok']);
      const r = await createOnce(s.op, policy(fakeClock()));
      expect(r).toEqual({ value: { id: 1 }, attempts: 1, recovered: true });
      expect(s.calls()).toBe(1);
      expect(s.made).toEqual([1]);
    }
  });
  it('a 4xx is thrown at once, without looking', async () => {
    const s = script(['404']);
    let looked = false;
    await expect(createOnce({ ...s.op, find: async () => ((looked = true), null) }, policy(fakeClock()))).rejects.toMatchObject({
      status: 404,
    });
    expect(looked).toBe(false);
  });
  it('stops within the total budget and throws the last error', async () => {
    const clock = fakeClock();
    const s = script(['502', '502', '502', '502', '502', '502']);
    await expect(createOnce(s.op, policy(clock, 5000))).rejects.toMatchObject({ status: 502 });
    // waits 750 + 1500 fit in 5 s; the next, 3000, would not
    expect(clock.sleeps).toEqual([750, 1500]);
    expect(s.calls()).toBe(3);
  });
  it('never creates without having looked: an error while looking is thrown', async () => {
    const s = script(['502', 'ok']);
    const failingFind = async () => {
      throw apiError(500, {}, 'listing failed');
    };
    await expect(createOnce({ ...s.op, find: failingFind }, policy(fakeClock()))).rejects.toThrow('listing failed');
    expect(s.calls()).toBe(1);
  });
});

describe('the retry plugin: budget and timeouts', () => {
  it('stops retrying a GET when the next wait would exceed the budget', async () => {
    const clock = fakeClock();
    let attempts = 0;
    let wrapped: ((req: (o: Record<string, unknown>) => Promise<unknown>, o: Record<string, unknown>) => Promise<unknown>) | null = null;
    retryPlugin({ retries: 10, baseDelayMs: 1000, budgetMs: 4000, timeoutMs: 60_000, random: () => 0, sleep: clock.sleep, now: clock.now })(
      { hook: { wrap: (_n: string, fn: typeof wrapped) => (wrapped = fn) } },
    );
    const failing = async () => {
      attempts++;
      throw apiError(503);
    };
    await expect(wrapped!(failing, { method: 'GET', url: '/x' })).rejects.toMatchObject({ status: 503 });
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(attempts).toBe(4);
  });
  it("caps the last attempt's wait for an answer to what is left of the budget", async () => {
    const clock = fakeClock();
    let wrapped: ((req: (o: Record<string, unknown>) => Promise<unknown>, o: Record<string, unknown>) => Promise<unknown>) | null = null;
    retryPlugin({ retries: 3, baseDelayMs: 1000, budgetMs: 4000, timeoutMs: 60_000, random: () => 0, sleep: clock.sleep, now: clock.now })({
      hook: { wrap: (_n: string, fn: typeof wrapped) => (wrapped = fn) },
    });
    let attempts = 0;
    // the first attempt fails after 3.3 s; the retry (after a 0.5 s backoff) never answers
    const request = async (o: Record<string, unknown>) => {
      attempts++;
      if (attempts === 1) {
        await clock.sleep(3300);
        throw apiError(503);
      }
      const signal = (o.request as { signal: AbortSignal }).signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const err = await wrapped!(request, { method: 'GET', url: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiTimeoutError);
    // 4000 - 3300 - 500 = 200 ms left: not the 60 s per-attempt timeout
    expect((err as ApiTimeoutError).timeoutMs).toBe(200);
    expect(attempts).toBe(2);
  });
  it('abandons an attempt that does not answer: a GET is retried, a POST is not', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.method!);
      if (req.method === 'GET' && seen.filter((m) => m === 'GET').length > 1)
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      // otherwise never answer
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const gh = createClient('t', {
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        retry: { timeoutMs: 200, baseDelayMs: 10 },
      });
      expect((await gh.request('GET /thing')).data).toEqual({ ok: true });
      await expect(gh.request('POST /thing', {})).rejects.toBeInstanceOf(ApiTimeoutError);
      expect(seen).toEqual(['GET', 'GET', 'POST']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('inputs defer to the config', () => {
  const get = (m: Record<string, string>) => (n: string) => m[n] ?? '';
  const gate = (g: object) => configSchema.parse({ gate: g }).gate;
  it('an empty input is "use the config"', () => {
    const i = readInputs(get({}));
    expect(i.mode).toBeUndefined();
    expect(i.minScore).toBeUndefined();
    expect(i.maxScoreDrop).toBeUndefined();
    expect(i.ifNoBaseline).toBeUndefined();
    expect(i.baseline).toBe('');
    expect(readInputs(get({ mode: 'Report' })).mode).toBe('report');
    expect(() => readInputs(get({ mode: 'strict' }))).toThrow('input mode: expected enforce, report or publish, got "strict"');
  });
  it('a refused input is echoed as a short excerpt, never whole', () => {
    const long = `x y${'z'.repeat(100_000)}`;
    let message = '';
    try {
      readInputs(get({ id: long }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^input id: expected letters, digits, "\.", "_" or "-" \(at most 64\), got "x yz+…"$/);
    expect(message.length).toBeLessThan(300);
    expect(() => readInputs(get({ mode: `strict${'!'.repeat(10_000)}` }))).toThrow(/got "strict!+…"$/);
  });
  it('lists overrides and which of them relax the config', () => {
    const i = readInputs(get({ 'min-score': '1', 'max-score-drop': '2', mode: 'report', 'if-no-baseline': 'warn' }));
    expect(inputOverrides(i, gate({ 'min-score': 2, 'max-score-drop': 0.5, 'if-no-baseline': 'fail' }))).toEqual([
      { input: 'min-score', config: '2', value: '1', relaxes: true },
      { input: 'max-score-drop', config: '0.5', value: '2', relaxes: true },
      { input: 'mode', config: 'enforce', value: 'report', relaxes: true },
      { input: 'if-no-baseline', config: 'fail', value: 'warn', relaxes: true },
    ]);
    const stricter = readInputs(get({ 'min-score': '3', 'max-score-drop': '0.5', mode: 'enforce', 'if-no-baseline': 'fail' }));
    expect(inputOverrides(stricter, gate({ 'min-score': 2, mode: 'report' })).map((o) => [o.input, o.relaxes])).toEqual([
      ['min-score', false],
      ['max-score-drop', false],
      ['mode', false],
      ['if-no-baseline', false],
    ]);
    // the same value as the config is no override at all
    expect(inputOverrides(readInputs(get({ 'min-score': '2', mode: 'enforce' })), gate({ 'min-score': 2 }))).toEqual([]);
  });
});

describe('failing closed', () => {
  it('fails whatever the untrusted config said, the reason first; only a report-mode input keeps the step green', () => {
    const ok = { passed: true, wouldPass: true, mode: 'report' as const, reasons: ['x'] };
    expect(failClosed(ok, 'config unreadable', undefined)).toEqual({
      passed: false,
      wouldPass: false,
      mode: 'enforce',
      reasons: ['config unreadable', 'x'],
    });
    expect(failClosed(ok, 'config unreadable', 'enforce').passed).toBe(false);
    expect(failClosed(ok, 'config unreadable', 'report')).toMatchObject({ passed: true, wouldPass: false, mode: 'report' });
  });
});

const ok = (test: RubricId) => ({ test, checks: [{ name: 'n', status: 'pass' as const, message: 'ok' }] });
const bad = (test: RubricId) => ({ test, checks: [{ name: 'n', status: 'fail' as const, message: 'loss went up' }] });
const cfg = (o: object) => configSchema.parse(o);
const now = new Date('2026-11-23T00:00:00Z');
const forge = (r: Report, gate: Partial<Report['gate']>, extra: Partial<Report> = {}): Report => ({
  ...r,
  ...extra,
  gate: { ...r.gate, ...gate },
});

describe('publish: the verdict is recomputed, never taken from the report', () => {
  const sections: RubricId[] = ['data-1', 'model-1', 'infra-1', 'monitor-1'];
  it('a forged "passed" does not survive: failing tests and the trusted min-score decide', () => {
    const honest = makeReport([...sections.map(ok), bad('data-2')]);
    const forged = forge(honest, { passed: true, wouldPass: true, reasons: [] }, { score: { ...honest.score, final: 7 } });
    const { report, differences } = recomputeVerdict(forged, {
      config: cfg({ gate: { 'min-score': 2 } }),
      overrides: {},
      baseline: null,
      now,
    });
    expect(report.gate.passed).toBe(false);
    expect(report.gate.reasons).toEqual([
      'data-2 (All features are beneficial) failed: loss went up',
      'score 1 is below min-score 2 (weakest section: Model, Infrastructure, Monitoring)',
    ]);
    expect(report.score.final).toBe(1);
    expect(differences).toEqual([
      'score 7, recomputed from the per-test results: 1',
      "gate passed, recomputed with the default branch's settings: failed",
    ]);
  });
  it("uses the trusted side's settings and inputs, and its own baseline for the score drop", () => {
    const head = makeReport(sections.map(ok));
    const base = makeReport([...sections.map(ok), ...(['data-2', 'model-2', 'infra-2', 'monitor-2'] as RubricId[]).map(ok)]);
    const trusted = {
      config: cfg({ gate: { 'max-score-drop': 0.5, mode: 'report' } }),
      overrides: {},
      baseline: { report: base, source: 'artifact' },
      now,
    };
    const r1 = recomputeVerdict(head, trusted).report;
    expect(r1.delta?.final).toBe(-1);
    expect(r1.gate).toMatchObject({ passed: true, wouldPass: false, mode: 'report' });
    expect(r1.gate.reasons[0]).toContain('score dropped by -1 against the base branch');
    expect(r1.baseline).toMatchObject({ source: 'artifact', score: { final: 2 } });
    // the workflow's inputs (the default branch's workflow file) override the trusted config
    expect(recomputeVerdict(head, { ...trusted, overrides: { maxScoreDrop: 1 } }).report.gate.wouldPass).toBe(true);
    // no baseline found and if-no-baseline fail
    expect(recomputeVerdict(head, { ...trusted, baseline: null, overrides: { ifNoBaseline: 'fail' } }).report.gate.reasons).toContain(
      'no baseline report was found and if-no-baseline is fail',
    );
  });
  it('attestations come from the trusted config: a fork cannot attest its way to points', () => {
    const withAtt = makeReport(sections.map(ok));
    withAtt.tests = withAtt.tests.map((t) =>
      t.id === 'data-6'
        ? {
            ...t,
            status: 'attested',
            points: 0.5,
            details: { ...t.details, attestation: { by: 'me', date: '2026-11-01', link: 'https://x', expiresOn: '2027-11-01' } },
          }
        : t,
    );
    const none = recomputeVerdict(withAtt, { config: cfg({}), overrides: {}, baseline: null, now });
    expect(none.report.tests.find((t) => t.id === 'data-6')).toMatchObject({ status: 'missing', points: 0 });
    expect(none.differences).toContain("data-6 attested, but the default branch's config makes it missing");
    const trustedAtt = cfg({
      attestations: [{ test: 'data-6', by: 'priya', date: '2026-10-01', link: 'https://wiki/x', 'expires-in-days': 180 }],
    });
    const yes = recomputeVerdict(withAtt, { config: trustedAtt, overrides: {}, baseline: null, now });
    expect(yes.report.tests.find((t) => t.id === 'data-6')).toMatchObject({
      status: 'attested',
      points: 0.5,
      details: { attestation: { by: 'priya' } },
    });
    expect(yes.report.score.sections.data.points).toBe(1.5);
  });
  it('rejects a report for another gate or commit, or with a rubric test missing, doubled or moved', () => {
    const r = makeReport([], { commit: 'c'.repeat(40) });
    const want = { id: 'default', commit: 'c'.repeat(40) };
    expect(checkPublishedReport(r, want)).toBeNull();
    expect(checkPublishedReport({ ...r, id: 'other' }, want)).toBe('its gate id is "other", expected "default"');
    expect(checkPublishedReport({ ...r, commit: 'a'.repeat(40) }, want)).toBe(
      'it was made for commit aaaaaaa, but the triggering run built ccccccc',
    );
    expect(checkPublishedReport({ ...r, commit: null }, want)).toContain('made for commit none');
    const doubled = { ...r, tests: [...r.tests.slice(0, 27), r.tests[0]] };
    expect(checkPublishedReport(doubled, want)).toBe('it lists rubric test data-1 2 times (expected once)');
    const moved = { ...r, tests: r.tests.map((t) => (t.id === 'data-1' ? { ...t, section: 'model' as const } : t)) };
    expect(checkPublishedReport(moved, want)).toBe('it puts data-1 in section model, not data');
  });
});

describe('call-outs under the verdict', () => {
  it('come first, in every rendering, escaped', async () => {
    const r = makeReport([]);
    r.records.github = {
      configFile: 'cfg.yml',
      configSource: 'default-branch',
      gateChanges: null,
      baseline: null,
      blocked: 'config-source base: reading cfg.yml failed: 403 @team <b>',
      inputOverrides: [
        { input: 'min-score', config: '2', value: '0', relaxes: true },
        { input: 'mode', config: 'report', value: 'enforce', relaxes: false },
      ],
      publish: {
        runId: 555,
        runUrl: 'https://github.com/acme/models/actions/runs/555',
        settings: 'cfg.yml at abc1234',
        differences: ['gate passed, recomputed: failed'],
      },
    };
    const notes = await commentNotes(r);
    expect(notes[0]).toBe(
      '> [!CAUTION]\n> **The gate failed closed:** config-source base: reading cfg.yml failed: 403 @&#8203;team &lt;b&gt;',
    );
    expect(notes[1]).toContain(
      "Evidence and per-test results came from the pull request's own run ([run 555](https://github.com/acme/models/actions/runs/555)); this verdict was recomputed with the default branch's settings (cfg.yml at abc1234)",
    );
    expect(notes[2]).toBe("> [!CAUTION]\n> The pull request's run reported otherwise: gate passed, recomputed: failed.");
    expect(notes[3]).toBe('> [!WARNING]\n> Workflow inputs relax the config: `min-score` 0 (config: 2).');
    const md = renderMarkdown(r, { notes });
    const lines = md.split('\n');
    expect(lines[0]).toMatch(/^## .*ML Test Score/);
    expect(lines[2]).toBe('> [!CAUTION]');
    expect(md.indexOf('The gate failed closed')).toBeLessThan(md.indexOf('Weakest section'));
    // a forged record (unknown source) renders nothing
    r.records.github = { ...(r.records.github as object), configSource: 'fork' };
    expect(await commentNotes(r)).toEqual([]);
  });
});
