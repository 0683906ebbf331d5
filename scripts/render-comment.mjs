// Renders a PR comment (Markdown) the way GitHub shows it and takes a screenshot: GitHub's own
// renderer (cmark-gfm, Debian's package, with GitHub's extensions), github-markdown-css, mermaid
// diagrams, headless Chromium (Debian's package). The rendered HTML is checked first (tables, details,
// no raw Markdown: scripts/lib/rendered-comment.mjs), so the picture never shows a broken comment.
//
//   npm run screenshot          # build, run the demo, render its comment into docs/comment.png
//   node scripts/render-comment.mjs COMMENT.md [--out FILE.png] [--html FILE.html] [--width 880]
//        [--scale 2] [--max-height PX] [--open-details] [--renderer cmark-gfm|micromark] [--no-check]
// --max-height crops a long comment to its first screen (the README's picture), fading out at the cut.
//
// Needs: apt-get install chromium cmark-gfm fonts-noto-color-emoji fonts-liberation2. The browser-side
// tools (playwright-core, mermaid, github-markdown-css) live in scripts/screenshot/ with their own lock
// file and are installed there on first use, so the main dependency tree does not carry them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkRenderedComment, githubExtras, renderGfm } from './lib/rendered-comment.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(root, 'scripts', 'screenshot');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
// GitHub renders comments with these cmark-gfm extensions and hard line breaks (a newline is a <br>)
const CMARK_ARGS = [
  '--unsafe',
  '--hardbreaks',
  '--github-pre-lang',
  '-e',
  'table',
  '-e',
  'strikethrough',
  '-e',
  'autolink',
  '-e',
  'tagfilter',
  '-e',
  'tasklist',
];

function fail(message) {
  process.stderr.write(`render-comment: ${message}\n`);
  process.exit(1);
}

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'docs/comment.png' },
      html: { type: 'string' },
      width: { type: 'string', default: '880' },
      scale: { type: 'string', default: '1' },
      'max-height': { type: 'string' },
      'open-details': { type: 'boolean', default: false },
      renderer: { type: 'string', default: 'cmark-gfm' },
      'no-check': { type: 'boolean', default: false },
    },
  });
  const input = positionals[0] ?? 'examples/demo/out/comment.md';
  if (!existsSync(input)) fail(`${input} not found (npm run build && npm run demo writes the demo's comment there)`);
  if (!['cmark-gfm', 'micromark'].includes(values.renderer)) fail(`--renderer: expected cmark-gfm or micromark, got "${values.renderer}"`);
  const width = Number(values.width);
  const scale = Number(values.scale);
  if (!(width >= 320 && width <= 2000)) fail(`--width: expected 320..2000 pixels, got "${values.width}"`);
  if (!(scale >= 1 && scale <= 3)) fail(`--scale: expected 1..3, got "${values.scale}"`);
  const maxHeight = values['max-height'] === undefined ? null : Number(values['max-height']);
  if (maxHeight !== null && !(maxHeight >= 200)) fail(`--max-height: expected at least 200 pixels, got "${values['max-height']}"`);
  return {
    input,
    out: values.out,
    html: values.html,
    width,
    scale,
    maxHeight,
    openDetails: values['open-details'],
    renderer: values.renderer,
    check: !values['no-check'],
  };
}

/** Markdown to GitHub's HTML: cmark-gfm as GitHub runs it, then GitHub's alerts and mermaid blocks. */
function toHtml(markdown, renderer) {
  if (renderer === 'micromark') return githubExtras(renderGfm(markdown));
  const r = spawnSync('cmark-gfm', CMARK_ARGS, { input: markdown, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) fail(`cmark-gfm not found (${r.error.code}): apt-get install cmark-gfm, or --renderer micromark`);
  if (r.status !== 0) fail(`cmark-gfm failed: ${r.stderr.trim()}`);
  return githubExtras(r.stdout);
}

/** The browser-side tools, installed from scripts/screenshot/package-lock.json on first use. */
function tools() {
  if (!existsSync(path.join(toolsDir, 'node_modules', '.package-lock.json'))) {
    process.stderr.write('render-comment: installing playwright-core, mermaid and github-markdown-css into scripts/screenshot/ (once)\n');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: toolsDir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const req = createRequire(path.join(toolsDir, 'package.json'));
  return {
    playwright: req('playwright-core'),
    css: readFileSync(req.resolve('github-markdown-css/github-markdown-light.css'), 'utf8'),
    mermaidJs: req.resolve('mermaid/dist/mermaid.min.js'),
  };
}

/** A GitHub-like comment box around the rendered body. */
function page(body, css, width) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ml-test-gate comment</title>
<style>${css}
body { margin: 0; background: #ffffff; }
#comment { width: ${width}px; margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; overflow: hidden; }
#comment > header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e;
  font: 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
#comment > header b { color: #1f2328; }
#comment > .markdown-body { padding: 16px; }
#comment.cropped { position: relative; overflow: hidden; }
#comment.cropped::after { content: "⋯ the comment continues"; position: absolute; left: 0; right: 0; bottom: 0; height: 96px;
  display: flex; align-items: flex-end; justify-content: center; padding-bottom: 12px; box-sizing: border-box; color: #59636e;
  font: 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  background: linear-gradient(rgba(255, 255, 255, 0), #ffffff 70%); }
pre.mermaid { background: transparent; text-align: center; }
</style></head>
<body><div id="comment"><header><b>github-actions</b> <span>bot</span> commented</header>
<article class="markdown-body">${body}</article></div></body></html>`;
}

async function screenshot(html, o, t) {
  const { chromium } = t.playwright;
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) fail(`${executablePath} not found: apt-get install chromium, or set CHROMIUM`);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, chromiumSandbox: false });
  try {
    const context = await browser.newContext({
      viewport: { width: o.width + 32, height: 900 },
      deviceScaleFactor: o.scale,
      colorScheme: 'light',
    });
    const tab = await context.newPage();
    // nothing leaves the machine: the page is self-contained
    await tab.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await tab.setContent(html, { waitUntil: 'load' });
    await tab.addScriptTag({ path: t.mermaidJs });
    await tab.evaluate(
      async ({ open, maxHeight }) => {
        if (open) for (const d of document.querySelectorAll('details')) d.open = true;
        mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' });
        await mermaid.run({ querySelector: 'pre.mermaid' });
        await document.fonts.ready;
        const box = document.getElementById('comment');
        if (box && maxHeight && box.getBoundingClientRect().height > maxHeight) {
          box.classList.add('cropped');
          box.style.height = `${maxHeight}px`;
        }
      },
      { open: o.openDetails, maxHeight: o.maxHeight },
    );
    mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
    await tab.locator('#comment').screenshot({ path: o.out, animations: 'disabled' });
  } finally {
    await browser.close();
  }
}

const o = options();
const markdown = readFileSync(o.input, 'utf8');
const body = toHtml(markdown, o.renderer);
// links the comment itself makes ([label](url)) are expected; anything else that became a link is not
const links = [...markdown.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((m) => m[1]);
const problems = checkRenderedComment(markdown, body, { links });
if (problems.length && o.check)
  fail(`the rendered comment has problems; fix the comment before taking its picture (or --no-check):\n  ${problems.join('\n  ')}`);
if (problems.length) process.stderr.write(`render-comment: warning: ${problems.join('\n  ')}\n`);
const t = tools();
const html = page(body, t.css, o.width);
if (o.html) writeFileSync(o.html, html);
await screenshot(html, o, t);
process.stderr.write(`render-comment: ${o.input} -> ${o.out} (${o.renderer}, ${o.width}px, scale ${o.scale})\n`);
