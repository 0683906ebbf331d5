let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{m0_a as M,m0_b as v}from"./report-path-BC6F0BA8.js";import{m1_d as G}from"./report-path-BC6F0BA8.js";import{m2_a as U,m2_b as y,m2_c as B}from"./report-path-BC6F0BA8.js";import{m3_d as P,m3_e as A}from"./report-path-BC6F0BA8.js";import{m4_b as w,m4_c as S,m4_k as L,m4_l as C,m4_m as _}from"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import{m6_h as D}from"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import{m16_b as k}from"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import{m19_a as K,m19_b as q,m19_c as W}from"./report-path-BC6F0BA8.js";import{m20_d as x,m20_f as R}from"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import{m22_a as F,m22_b as T}from"./report-path-BC6F0BA8.js";import{b as m}from"./chunk-GBW3ZRUG.js";import{a as E}from"./chunk-ZBU6GDT2.js";import"./report-path-BC6F0BA8.js";import"./report-path-BC6F0BA8.js";import{d as h}from"./chunk-VVW7EGA3.js";var u=h(K(),1),l=h(q(),1),b=h(W(),1);var Z=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Paths in the config are relative to the repository root: --root, else GITHUB_WORKSPACE, else the git
repository of the current directory, else the config file's repository. Paths given as options are
relative to the current directory.

Options:
  --config FILE          config file (default: ${w} in the repository root)
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
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function V(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new E(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got ${x(r)}`);return new Date(t)}async function z(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:n}]=await Promise.all([import("./history-TFMRVKTL.js"),import("./history-7YXVTMK3.js")]),i=await o([r],e.cwd);for(let s of i.skipped)e.stderr(`ml-test-gate: history: skipped ${s.message}
`);return n(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var Q={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}},H={mkdir:(0,b.promisify)(u.mkdir),writeFile:(0,b.promisify)(u.writeFile)};async function O(r,t,e){let o=l.default.resolve(r.cwd,t);await H.mkdir(l.default.dirname(o),{recursive:!0}),await H.writeFile(o,e);let n=l.default.relative(r.cwd,o);return n&&!n.startsWith("..")?n:o}function X(r,t,e,o){let n=r.delta?` (${T(r.delta.final,1)} vs base)`:" (no baseline)",i=D(r).text,s=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${F(r.score.final,1)}/7${n}`];for(let d of r.gate.reasons.slice(0,10))s.push(`  - ${d}`);return r.gate.reasons.length>10&&s.push(`  - ... ${r.gate.reasons.length-10} more in the report`),l.default.resolve(t.root)!==l.default.resolve(e.cwd)&&s.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),s.push(...o),`${s.join(`
`)}
`}async function ue(r,t){m("run command loaded");let{values:e}=U("run",r,Q);if(e.help)return t.stdout(`${Z}
`),0;let o=y("run","min-score",e["min-score"],[0,7]),n=y("run","max-score-drop",e["max-score-drop"],[0,7]),i=B("run","mode",e.mode,["enforce","report"]),s=e.now===void 0?void 0:V(e.now),d=M({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),I=e.config===void 0?w:v(d.root,t.cwd,e.config),f=await S(d.root,I);m("config read");let c=e.baseline!==void 0?v(d.root,t.cwd,e.baseline):f.baseline,a=await L({config:f,configFile:I,workspace:k(d.root,f,e.baseline!==void 0&&c?[c]:[]),baseline:c?_(c):C("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:n,mode:i},now:s}),p=t.env??{};R(a,[p.GITHUB_TOKEN,p.GH_TOKEN,p.GITLAB_TOKEN,p.CI_JOB_TOKEN,p.ACTIONS_RUNTIME_TOKEN].filter(J=>!!J)),m("gate evaluated");let N=await z(e.history,a.id,t),$=await O(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(a,null,2)}
`),g=[`Report: ${$} (ml-test-gate explain ${$} lists the next steps)`],j=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&g.push(`Comment: ${await O(t,e["markdown-out"],P(a,{history:N,detailsHint:j}))}`),e["summary-out"]&&g.push(`Summary: ${await O(t,e["summary-out"],A(a,{history:N}))}`),e.print&&t.stdout(G(a)),t.stderr(X(a,d,t,g)),m("outputs written"),a.gate.passed?0:1}export{Z as RUN_HELP,ue as runCommand};
