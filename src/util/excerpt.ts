/**
 * What a message may show of a file's content: a short, printable excerpt with anything that looks
 * like a credential replaced by `[redacted]`. Every message that quotes a file (a CSV header, the
 * characters where JSON broke, a cell that is not a number, a JUnit failure message) goes through
 * here, so a file that holds a token, or is not what the config says it is, cannot put the token in
 * a pull-request comment, a check run, a job summary, the report or the logs.
 */
import { groupDigits } from './format.js';

/** The longest excerpt shown, in characters (before quoting and escaping). */
export const EXCERPT_CHARS = 60;

export const REDACTED = '[redacted]';

/**
 * Credential shapes. Each is matched as a whole token; the ones with a `$1` keep their key (`Bearer`,
 * `password=`), so the reader still sees what was there.
 */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // GitHub: classic, OAuth, user-to-server, server-to-server (the Actions GITHUB_TOKEN), refresh; fine-grained PATs
  [/\bgh[opusr]_[A-Za-z0-9]{16,}/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, REDACTED],
  // GitLab, npm, Slack, OpenAI/Anthropic-style and Stripe-style keys
  [/\bglpat-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bnpm_[A-Za-z0-9]{30,}/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\b(?:sk|pk|rk)[-_](?:live|test|proj|ant)?[-_]?[A-Za-z0-9_-]{20,}/g, REDACTED],
  // AWS access key ids
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, REDACTED],
  // JWTs (and the runner's ACTIONS_RUNTIME_TOKEN): header.payload[.signature]
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g, REDACTED],
  // Authorization headers and key=value / key: value pairs whose key names a secret
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [
    // (the value stops at a control character: environment blocks separate variables with NUL)
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /\b([A-Za-z0-9_.-]*(?:passw(?:or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth)[A-Za-z0-9_.-]*\s*[=:]\s*)("?)[^\s",;&\u0000-\u001f]{4,}/gi,
    `$1$2${REDACTED}`,
  ],
  // private key blocks
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/** Long runs that may be keys, each decided by a test of the run: hexadecimal (digits and letters) and random-looking base64. */
const RUN_PATTERNS: ReadonlyArray<[RegExp, (run: string) => boolean]> = [
  [/\b[0-9a-fA-F]{32,}\b/g, (run) => /\d/.test(run) && /[a-fA-F]/.test(run)],
  [/[A-Za-z0-9+/_-]{32,}={0,2}/g, (run) => randomLooking(run)],
];

const classOf = (c: number) => (c >= 48 && c <= 57 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 97 && c <= 122 ? 3 : 0);

/**
 * A run of 32+ base64 characters is redacted when it looks random: digits, upper and lower case
 * mixed, and the character class (digit, upper, lower) changing at almost every other character.
 * Names, paths and CamelCase identifiers are left alone.
 */
function randomLooking(run: string): boolean {
  if (!/\d/.test(run) || !/[a-z]/.test(run) || !/[A-Z]/.test(run)) return false;
  let changes = 0;
  let counted = 0;
  let prev = 0;
  for (let i = 0; i < run.length; i++) {
    const k = classOf(run.charCodeAt(i));
    if (k === 0) continue;
    if (prev !== 0 && k !== prev) changes++;
    prev = k;
    counted++;
  }
  // random base64 changes class at about 0.6 of its characters; CamelCase words at about 0.3
  return changes >= counted * 0.45;
}

/** Replace credential-looking substrings with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of SECRET_PATTERNS) out = out.replace(re, replacement);
  for (const [re, test] of RUN_PATTERNS) out = out.replace(re, (run) => (test(run) ? REDACTED : run));
  return out;
}

/** Replace every occurrence of the given secret values (e.g. the workflow token) with `***`. Values shorter than 6 characters are ignored. */
export function redactValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6 && out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** Control characters and Unicode line separators as visible escapes: `\n`, `\t`, `\x00`, `\u2028`. */
function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A short, printable excerpt of file content: credentials redacted, control characters escaped, at
 * most `max` characters of the original (then "…"). Only a bounded prefix is looked at, so a 50 MB
 * cell costs no more than a short one.
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  // redact on a window a few times longer than what is shown, so a credential that starts inside
  // the excerpt and runs past its end is still recognised as a whole
  const window = text.length > max * 4 + 64 ? text.slice(0, max * 4 + 64) : text;
  const redacted = redactSecrets(window);
  const cut = [...redacted];
  const shown = cut.length > max ? `${cut.slice(0, max).join('')}…` : redacted;
  return escapeControls(shown);
}

/** An excerpt in double quotes, for messages: `got "abc…"`. */
export function quoted(text: string, max = EXCERPT_CHARS): string {
  return `"${excerpt(text, max).replace(/"/g, '\\"')}"`;
}

/**
 * Cap a message at about `max` characters, keeping its start and its end (where the verdict usually
 * is: "... matches the deny-list entry") and saying how much was left out in between.
 */
export function capMessage(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max / 4);
  const head = max - tail;
  return `${text.slice(0, head)}… (${groupDigits(text.length - head - tail)} more characters) …${text.slice(text.length - tail)}`;
}

/**
 * Every string in `value` (objects and arrays, in place) with the secret values replaced by `***`.
 * For a report about to be published: whatever path a secret took into it, it does not come out.
 */
export function redactValuesDeep<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length >= 6);
  if (live.length === 0) return value;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (typeof x === 'string') o[k] = redactValues(x, live);
      else if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return value;
}
