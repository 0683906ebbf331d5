import { verdictLine, renderMarkdown } from '../report/markdown.js';
import type { Report } from '../schemas/report.js';
import type { GitHubClient } from './client.js';

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

/** One completed check run with the verdict, the summary and up to 50 annotations. */
export async function createCheckRun(gh: GitHubClient, o: { owner: string; repo: string; name: string; headSha: string; report: Report; detailsUrl?: string }): Promise<{ id: number; url?: string }> {
  const title = verdictLine(o.report).replace(/^#+\s*/, '').replace(/\*\*/g, '').slice(0, 1000);
  const summary = renderMarkdown(o.report, { maxLength: CHECK_TEXT_LIMIT, runUrl: o.detailsUrl });
  const r = await gh.request('POST /repos/{owner}/{repo}/check-runs', {
    owner: o.owner,
    repo: o.repo,
    name: o.name,
    head_sha: o.headSha,
    status: 'completed',
    conclusion: conclusionOf(o.report),
    completed_at: new Date().toISOString(),
    ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
    output: { title, summary, annotations: checkAnnotations(o.report) },
  });
  const d = r.data as { id: number; html_url?: string };
  return { id: d.id, url: d.html_url };
}
