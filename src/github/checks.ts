import { renderMarkdown, verdictTitle } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import { randomUUID } from 'node:crypto';
import { loopSafe, type GitHubClient } from './client.js';
import { createOnce, DEFAULT_CREATE_POLICY, type CreatePolicy } from './create-once.js';

export const MAX_CHECK_ANNOTATIONS = 50;
const CHECK_TEXT_LIMIT = 65_535;

export type Conclusion = 'success' | 'failure' | 'neutral';

export function conclusionOf(r: Report): Conclusion {
  if (!r.gate.passed) return 'failure';
  return r.gate.wouldPass ? 'success' : 'neutral';
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
}

/** Annotations for failed/errored checks that point at a file (config lines, evidence files). */
export function checkAnnotations(r: Report): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  for (const d of r.diagnostics) {
    if (d.level === 'notice' || !d.file || out.length >= MAX_CHECK_ANNOTATIONS) continue;
    if (!/^[^/\\][^\0]*$/.test(d.file) || d.file.split(/[\\/]/).includes('..')) continue;
    const line = d.line && d.line > 0 ? d.line : 1;
    out.push({
      path: d.file,
      start_line: line,
      end_line: line,
      annotation_level: d.level === 'error' ? 'failure' : 'warning',
      message: d.message.slice(0, 2000),
      title: d.test ? `ml-test-gate ${d.test}` : 'ml-test-gate',
    });
  }
  return out;
}

export interface CheckRunRequest {
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  report: Report;
  detailsUrl?: string;
  /** Added to the title (publish mode: where the evidence came from). */
  titleSuffix?: string;
  /** Markdown blocks (escaped) under the verdict, as in the comment. */
  notes?: string[];
}

/** A check run as posted: the verdict's conclusion, a title, a Markdown summary, annotations. */
export interface CheckRunPost {
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations?: CheckAnnotation[];
  detailsUrl?: string;
}

interface CheckRunLike {
  id: number;
  html_url?: string;
  external_id?: string | null;
}

/** The check run with this external id on the commit, or null (all pages). */
async function findCheckRun(gh: GitHubClient, o: CheckRunPost, externalId: string): Promise<CheckRunLike | null> {
  const pages = gh.paginate.iterator('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
    owner: o.owner,
    repo: o.repo,
    ref: o.headSha,
    check_name: o.name,
    filter: 'all',
    per_page: 100,
  });
  for await (const page of loopSafe(pages)) {
    const list = Array.isArray(page.data)
      ? (page.data as CheckRunLike[])
      : ((page.data as { check_runs?: CheckRunLike[] }).check_runs ?? []);
    const hit = list.find((c) => c.external_id === externalId);
    if (hit) return hit;
  }
  return null;
}

/**
 * Post one completed check run, at most once: it carries a fresh external id, and after a lost
 * answer (5xx, timeout) the commit's check runs are searched for it before creating again.
 */
export async function postCheckRun(
  gh: GitHubClient,
  o: CheckRunPost,
  policy: CreatePolicy = DEFAULT_CREATE_POLICY,
): Promise<{ id: number; url?: string }> {
  const externalId = `ml-test-gate:${randomUUID()}`;
  const { value } = await createOnce(
    {
      what: `creating the check run "${o.name}"`,
      create: async () =>
        (
          await gh.request('POST /repos/{owner}/{repo}/check-runs', {
            owner: o.owner,
            repo: o.repo,
            name: o.name,
            head_sha: o.headSha,
            external_id: externalId,
            status: 'completed',
            conclusion: o.conclusion,
            completed_at: new Date().toISOString(),
            ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
            output: { title: o.title.slice(0, 1000), summary: o.summary.slice(0, CHECK_TEXT_LIMIT), annotations: o.annotations ?? [] },
          })
        ).data as CheckRunLike,
      find: () => findCheckRun(gh, o, externalId),
    },
    policy,
  );
  return { id: value.id, url: value.html_url };
}

/** The check run of a report: its verdict, the summary and up to 50 annotations. */
export async function createCheckRun(
  gh: GitHubClient,
  o: CheckRunRequest,
  policy: CreatePolicy = DEFAULT_CREATE_POLICY,
): Promise<{ id: number; url?: string }> {
  const title = `${verdictTitle(o.report)}${o.titleSuffix ?? ''}`;
  const summary = renderMarkdown(o.report, { maxLength: CHECK_TEXT_LIMIT, runUrl: o.detailsUrl, notes: o.notes });
  const { report, titleSuffix: _t, notes: _n, ...where } = o;
  return postCheckRun(gh, { ...where, conclusion: conclusionOf(report), title, summary, annotations: checkAnnotations(report) }, policy);
}
