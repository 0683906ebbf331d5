import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{d as E,e as N}from"./chunk-X3A4UELI.js";import{a as P,b as u}from"./chunk-GAWB6SSD.js";import{d as L}from"./chunk-355EU462.js";import{b as c,c as $,m as x}from"./chunk-GAQVNOKH.js";import{F as k}from"./chunk-DYQWW7TZ.js";import"./chunk-I6JH7MOJ.js";import"./chunk-5KLSW5IM.js";import"./chunk-3OLEQOHP.js";import"./chunk-47UINTG2.js";import"./chunk-YEYV376Y.js";import"./chunk-AL2MFRQL.js";import{a as C,b as m,c as T}from"./chunk-3SYUEPML.js";import"./chunk-75OCUWFY.js";import{d as R,e as S}from"./chunk-UBTMOUCX.js";import{e as O}from"./chunk-5QDL7EJZ.js";import{a as F,b as I}from"./chunk-2RCBZNTV.js";import"./chunk-H6Q52S4T.js";import"./chunk-HGSFUSFK.js";import{a as b}from"./chunk-KW366CL2.js";import"./chunk-NYRTOUVY.js";import{promises as D}from"node:fs";import d from"node:path";var M=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Paths in the config are relative to the repository root: --root, else GITHUB_WORKSPACE, else the git
repository of the current directory, else the config file's repository. Paths given as options are
relative to the current directory.

Options:
  --config FILE          config file (default: ${c} in the repository root)
  --root DIR             repository root (default: found as above)
  --baseline FILE        previous JSON report to compare with (overrides the config's baseline)
  --report-out FILE      where to write the JSON report (default ml-test-gate-report.json)
  --markdown-out FILE    also write the pull-request comment (Markdown) to FILE
  --summary-out FILE     also write the job summary (Markdown, the full detail) to FILE
  --min-score N          fail below this final score (overrides gate.min-score)
  --max-score-drop N     fail when the score drops more than N against the baseline
  --mode enforce|report  report = never fail, only report
  --id NAME              gate id, when several gates run in one repository (default "default")
  --now DATE             evaluate as of this date-time (ISO 8601): ages, expiries and future-date
                         checks use it, so re-running an old report gives the same verdict
  --history DIR_OR_GLOB  the base branch's earlier JSON reports: a score-history chart goes in the
                         Markdown's details (see: ml-test-gate history --help)
  --print                print the result as plain text (verdict, failures, warnings, next steps)
  -h, --help             show this help

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function U(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new b(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got "${r}"`);return new Date(t)}async function _(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:s}]=await Promise.all([import("./history-42QORFKB.js"),import("./history-VZYCOZLP.js")]),i=await o([r],e.cwd);for(let n of i.skipped)e.stderr(`ml-test-gate: history: skipped ${n.message}
`);return s(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var j={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}};async function f(r,t,e){let o=d.resolve(r.cwd,t);await D.mkdir(d.dirname(o),{recursive:!0}),await D.writeFile(o,e);let s=d.relative(r.cwd,o);return s&&!s.startsWith("..")?s:o}function G(r,t,e,o){let s=r.delta?` (${I(r.delta.final,1)} vs base)`:" (no baseline)",i=k(r).text,n=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${F(r.score.final,1)}/7${s}`];for(let a of r.gate.reasons.slice(0,10))n.push(`  - ${a}`);return r.gate.reasons.length>10&&n.push(`  - ... ${r.gate.reasons.length-10} more in the report`),d.resolve(t.root)!==d.resolve(e.cwd)&&n.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),n.push(...o),`${n.join(`
`)}
`}async function re(r,t){let{values:e}=C("run",r,j);if(e.help)return t.stdout(`${M}
`),0;let o=m("run","min-score",e["min-score"],[0,7]),s=m("run","max-score-drop",e["max-score-drop"],[0,7]),i=T("run","mode",e.mode,["enforce","report"]),n=e.now===void 0?void 0:U(e.now),a=P({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),h=e.config===void 0?c:u(a.root,t.cwd,e.config),g=await $(a.root,h),y=e.baseline!==void 0?u(a.root,t.cwd,e.baseline):g.baseline,l=await x({config:g,configFile:h,workspace:O(a.root),baseline:y?S(y):R("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:s,mode:i},now:n}),w=await _(e.history,l.id,t),v=await f(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(l,null,2)}
`),p=[`Report: ${v} (ml-test-gate explain ${v} lists the next steps)`],A=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&p.push(`Comment: ${await f(t,e["markdown-out"],E(l,{history:w,detailsHint:A}))}`),e["summary-out"]&&p.push(`Summary: ${await f(t,e["summary-out"],N(l,{history:w}))}`),e.print&&t.stdout(L(l)),t.stderr(G(l,a,t,p)),l.gate.passed?0:1}export{M as RUN_HELP,re as runCommand};
