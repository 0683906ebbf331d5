import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake API received. */
export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
}

export interface FakeArtifact {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
  created_at: string;
  workflow_run: { id: number; repository_id: number; head_repository_id: number; head_branch: string; head_sha: string };
}

/** A one-shot (or n-shot) failure injected before the normal handler. */
export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
  /** Carry the request out first (the comment is created), then answer with the fault: a write whose answer was lost. */
  afterApply?: boolean;
  /** Answer this late (longer than the client waits: a timeout). */
  delayMs?: number;
  /** Answer with these bytes as they are (a truncated or non-JSON body), with a JSON content type. */
  rawBody?: string;
  /** Run when the fault fires, before it answers (e.g. delete the comment the request was about). */
  onHit?: () => void;
}

/** A check run as POSTed, with the id the fake gave it. */
export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  conclusion: string;
  external_id?: string;
  details_url?: string;
  output: { title: string; summary: string; annotations: unknown[] };
}

/** A workflow run, as GET /actions/runs lists it. */
export interface FakeRun {
  id: number;
  head_sha: string;
  head_branch: string;
  event: string;
  created_at: string;
  repository: { id: number };
  head_repository: { id: number };
}

/** A response that goes nowhere: for a request carried out whose answer is replaced by a fault. */
function sink(): ServerResponse {
  const s = { writeHead: () => s, setHeader: () => s, end: () => s, write: () => true, destroyed: false };
  return s as unknown as ServerResponse;
}

export const OWNER = 'acme';
export const REPO = 'models';
export const REPO_ID = 1001;

/**
 * A small fake of the GitHub REST API on 127.0.0.1 (port 0). It keeps comments, artifacts, pull
 * requests, files, contents and check runs in memory, records every request, and can inject faults.
 */
export class FakeGitHub {
  url = '';
  readonly requests: Recorded[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly artifacts: FakeArtifact[] = [];
  readonly zips = new Map<number, Buffer>();
  readonly pulls: Array<{
    number: number;
    state: string;
    head: { sha: string; ref: string; label: string };
    base: { sha: string; ref: string };
  }> = [];
  readonly prFiles = new Map<number, string[]>();
  /** `${ref}:${path}` → file text. */
  readonly contents = new Map<string, string>();
  /** Check runs created: the POSTed body plus the id the fake gave it. */
  readonly checkRuns: FakeCheckRun[] = [];
  /** Workflow runs besides the ones the artifacts imply. */
  readonly runs: FakeRun[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly faults: Fault[] = [];
  /** Artifacts uploaded through the fake results service (Twirp + blob storage): name → zip. */
  readonly uploads = new Map<string, Buffer>();
  private readonly blocks = new Map<string, Buffer>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly pendingUploads = new Map<string, string>();
  /** Login returned by GET /user; null answers 403 like an installation token. */
  userLogin: string | null = null;
  /** The identity that posts comments. */
  commenter = 'github-actions[bot]';
  /** Answer writes with 403 "Resource not accessible by integration" (a fork's token). */
  readOnly = false;
  /** Listings whose path matches answer every page with `Link: rel="next"` back to their first page (a pagination loop). */
  loopingLists: RegExp | null = null;
  private server: Server | null = null;
  private nextId = 5000;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const buf = Buffer.concat(chunks);
          this.handle(req, res, buf.toString('utf8'), buf);
        } catch (e) {
          this.json(res, 500, { message: `fake error: ${(e as Error).message}` });
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Every workflow run: the explicit ones and those the artifacts name, newest first. */
  allRuns(): FakeRun[] {
    const byId = new Map(this.runs.map((r) => [r.id, r]));
    for (const a of this.artifacts) {
      const w = a.workflow_run;
      if (!byId.has(w.id)) {
        byId.set(w.id, {
          id: w.id,
          head_sha: w.head_sha,
          head_branch: w.head_branch,
          event: 'push',
          created_at: a.created_at,
          repository: { id: w.repository_id },
          head_repository: { id: w.head_repository_id },
        });
      }
    }
    return [...byId.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  }

  addComment(issue: number, body: string, login = this.commenter, type = 'Bot'): FakeComment {
    const c = {
      id: this.nextId++,
      body,
      user: { login, type },
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${issue}#issuecomment-${this.nextId}`,
    };
    const list = this.comments.get(issue) ?? [];
    list.push(c);
    this.comments.set(issue, list);
    return c;
  }

  addArtifact(a: Omit<FakeArtifact, 'size_in_bytes'>, zip: Buffer): void {
    this.artifacts.push({ ...a, size_in_bytes: zip.length });
    this.zips.set(a.id, zip);
  }

  /** Requests with this method whose path matches. */
  calls(method: string, path: RegExp): Recorded[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private page<T>(res: ServerResponse, path: string, query: Record<string, string>, items: T[], wrap?: (items: T[]) => unknown): void {
    const per = Math.min(100, Number(query.per_page ?? 30));
    const page = Number(query.page ?? 1);
    const slice = items.slice((page - 1) * per, page * per);
    const last = Math.max(1, Math.ceil(items.length / per));
    const link = (p: number) => {
      const q = new URLSearchParams({ ...query, page: String(p), per_page: String(per) });
      return `<${this.url}${path}?${q}>`;
    };
    const links: string[] = [];
    if (this.loopingLists?.test(path)) links.push(`${link(1)}; rel="next"`);
    else if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    this.json(res, 200, wrap ? wrap(slice) : slice, links.length ? { link: links.join(', ') } : {});
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string, rawBuf: Buffer): void {
    const u = new URL(req.url ?? '/', this.url);
    const path = u.pathname;
    const query = Object.fromEntries(u.searchParams);
    const method = req.method ?? 'GET';
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      /* not JSON */
    }
    this.requests.push({ method, path, query, headers: req.headers, body });

    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (!fault) return this.route(req, res, { path, query, method, body, raw, rawBuf });
    fault.times = (fault.times ?? 1) - 1;
    fault.onHit?.();
    if (fault.afterApply) this.route(req, sink(), { path, query, method, body, raw, rawBuf });
    const answer = () => {
      if (res.destroyed) return;
      if (fault.rawBody !== undefined) {
        res.writeHead(fault.status, { 'content-type': 'application/json; charset=utf-8', ...fault.headers });
        res.end(fault.rawBody);
      } else this.json(res, fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers);
    };
    if (!fault.delayMs) return answer();
    const t = setTimeout(() => {
      this.timers.delete(t);
      answer();
    }, fault.delayMs);
    this.timers.add(t);
  }

  private route(
    req: IncomingMessage,
    res: ServerResponse,
    r: { path: string; query: Record<string, string>; method: string; body: unknown; raw: string; rawBuf: Buffer },
  ): void {
    const { path, query, method, body, raw, rawBuf } = r;
    const base = `/repos/${OWNER}/${REPO}`;
    const denied = () =>
      this.json(res, 403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });
    let m: RegExpMatchArray | null;

    // The artifact results service (what @actions/artifact talks to), and its blob storage.
    if ((m = path.match(/^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/)) && method === 'POST') {
      const b = body as { name?: string };
      if (m[1] === 'CreateArtifact') {
        const key = `u${this.nextId++}`;
        this.pendingUploads.set(b.name ?? '', key);
        return this.json(res, 200, { ok: true, signed_upload_url: `${this.url}/upload/${key}?sig=abc` });
      }
      if (m[1] === 'FinalizeArtifact') {
        const key = this.pendingUploads.get(b.name ?? '');
        if (!key || !this.blobs.has(key)) return this.json(res, 200, { ok: false });
        this.uploads.set(b.name ?? '', this.blobs.get(key)!);
        return this.json(res, 200, { ok: true, artifact_id: String(this.nextId++) });
      }
    }
    if ((m = path.match(/^\/upload\/(\w+)$/)) && method === 'PUT') {
      const key = m[1];
      const headers = {
        'x-ms-request-id': 'r',
        'x-ms-version': '2024-11-04',
        date: new Date().toUTCString(),
        etag: '"e"',
        'last-modified': new Date().toUTCString(),
      };
      if (query.comp === 'block') {
        this.blocks.set(`${key}:${query.blockid}`, rawBuf);
        res.writeHead(201, headers);
        res.end();
        return;
      }
      if (query.comp === 'blocklist') {
        const ids = [...raw.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map((x) => x[1]);
        this.blobs.set(key, Buffer.concat(ids.map((id) => this.blocks.get(`${key}:${id}`) ?? Buffer.alloc(0))));
        res.writeHead(201, headers);
        res.end();
        return;
      }
      this.blobs.set(key, rawBuf);
      res.writeHead(201, headers);
      res.end();
      return;
    }

    if (method === 'GET' && path === '/user') {
      if (this.userLogin === null) return this.json(res, 403, { message: 'Resource not accessible by integration' });
      return this.json(res, 200, { login: this.userLogin, type: 'User' });
    }
    if ((m = path.match(new RegExp(`^${base}/issues/(\\d+)/comments$`)))) {
      const issue = Number(m[1]);
      if (method === 'GET') return this.page(res, path, query, this.comments.get(issue) ?? []);
      if (method === 'POST') {
        if (this.readOnly) return denied();
        const c = this.addComment(issue, (body as { body: string }).body);
        return this.json(res, 201, c);
      }
    }
    if ((m = path.match(new RegExp(`^${base}/issues/comments/(\\d+)$`))) && method === 'PATCH') {
      if (this.readOnly) return denied();
      const id = Number(m[1]);
      for (const list of this.comments.values()) {
        const c = list.find((x) => x.id === id);
        if (c) {
          c.body = (body as { body: string }).body;
          return this.json(res, 200, c);
        }
      }
      return this.json(res, 404, { message: 'Not Found' });
    }
    if ((m = path.match(new RegExp(`^${base}/pulls/(\\d+)/files$`))) && method === 'GET') {
      const files = (this.prFiles.get(Number(m[1])) ?? []).map((filename) => ({ filename, status: 'modified' }));
      return this.page(res, path, query, files);
    }
    if (path === `${base}/pulls` && method === 'GET') {
      let list = this.pulls.filter((p) => !query.state || query.state === 'all' || p.state === query.state);
      if (query.head) list = list.filter((p) => p.head.label === query.head);
      return this.page(res, path, query, list);
    }
    if (path === `${base}/actions/artifacts` && method === 'GET') {
      const list = this.artifacts
        .filter((a) => !query.name || a.name === query.name)
        .sort((a, b) => b.created_at.localeCompare(a.created_at));
      return this.page(res, path, query, list, (items) => ({ total_count: list.length, artifacts: items }));
    }
    if ((m = path.match(new RegExp(`^${base}/actions/runs/(\\d+)/artifacts$`))) && method === 'GET') {
      const list = this.artifacts.filter((a) => a.workflow_run.id === Number(m![1]) && (!query.name || a.name === query.name));
      return this.page(res, path, query, list, (items) => ({ total_count: list.length, artifacts: items }));
    }
    if (path === `${base}/actions/runs` && method === 'GET') {
      const list = this.allRuns().filter(
        (w) =>
          (!query.head_sha || w.head_sha === query.head_sha) &&
          (!query.branch || w.head_branch === query.branch) &&
          (!query.event || w.event === query.event),
      );
      return this.page(res, path, query, list, (items) => ({ total_count: list.length, workflow_runs: items }));
    }
    if ((m = path.match(new RegExp(`^${base}/actions/artifacts/(\\d+)/zip$`))) && method === 'GET') {
      const id = Number(m[1]);
      if (!this.zips.has(id)) return this.json(res, 404, { message: 'Not Found' });
      res.writeHead(302, { location: `${this.url}/blob/${id}?sig=secret` });
      res.end();
      return;
    }
    if ((m = path.match(/^\/blob\/(\d+)$/)) && method === 'GET') {
      if (req.headers.authorization) return this.json(res, 400, { message: 'blob storage rejects an Authorization header' });
      const zip = this.zips.get(Number(m[1]))!;
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) });
      res.end(zip);
      return;
    }
    if ((m = path.match(new RegExp(`^${base}/contents/(.+)$`))) && method === 'GET') {
      const text = this.contents.get(`${query.ref}:${decodeURIComponent(m[1])}`);
      if (text === undefined) return this.json(res, 404, { message: 'Not Found' });
      return this.json(res, 200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64'), path: m[1] });
    }
    if (path === `${base}/check-runs` && method === 'POST') {
      if (this.readOnly) return denied();
      const id = this.nextId++;
      this.checkRuns.push({ ...(body as Omit<FakeCheckRun, 'id'>), id });
      return this.json(res, 201, { id, html_url: `https://github.com/${OWNER}/${REPO}/runs/${id}` });
    }
    if ((m = path.match(new RegExp(`^${base}/commits/([^/]+)/check-runs$`))) && method === 'GET') {
      const list = this.checkRuns
        .filter((c) => c.head_sha === m![1] && (!query.check_name || c.name === query.check_name))
        .map((c) => ({ ...c, app: { slug: 'github-actions' }, html_url: `https://github.com/${OWNER}/${REPO}/runs/${c.id}` }))
        .reverse();
      return this.page(res, path, query, list, (items) => ({ total_count: list.length, check_runs: items }));
    }
    return this.json(res, 404, { message: `fake: no route for ${method} ${path}` });
  }
}
