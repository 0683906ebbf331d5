import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as A,b as w}from"./chunk-C35WNXN7.js";import{d as _}from"./chunk-PSQVHAGD.js";import{a as D,b as h,c as P}from"./chunk-LPE7EOUV.js";import{d as L,e as C}from"./chunk-XBWV3CAY.js";import"./chunk-CL3C7ZSU.js";import{c as g,d as F,l as x,m as R,n as S}from"./chunk-ZXOGEX7O.js";import{h as k}from"./chunk-GR7HPPF6.js";import"./chunk-GIXCJ4TZ.js";import"./chunk-ZHN6ADWL.js";import"./chunk-JD2HVIBU.js";import"./chunk-77QACK5F.js";import"./chunk-KZ4RL6QD.js";import"./chunk-BPY3ANAH.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import{b as p}from"./chunk-3GFUETIA.js";import"./chunk-ML4QY73Z.js";import{b as E}from"./chunk-MI2AIVNG.js";import"./chunk-XJI23AI4.js";import"./chunk-GGLKKBGE.js";import{a as I}from"./chunk-VVDHCKGI.js";import"./chunk-BAI2ZOGW.js";import{e as T}from"./chunk-2TJCKLR4.js";import{a as N,b as $}from"./chunk-7XHDYDMT.js";import"./chunk-GIDFBL4B.js";import{promises as G}from"node:fs";import m from"node:path";var M=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Paths in the config are relative to the repository root: --root, else GITHUB_WORKSPACE, else the git
repository of the current directory, else the config file's repository. Paths given as options are
relative to the current directory.

Options:
  --config FILE          config file (default: ${g} in the repository root)
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
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function H(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new I(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got "${r}"`);return new Date(t)}async function j(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:s}]=await Promise.all([import("./history-FAU45DEH.js"),import("./history-QMSM7LOO.js")]),i=await o([r],e.cwd);for(let n of i.skipped)e.stderr(`ml-test-gate: history: skipped ${n.message}
`);return s(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var J={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}};async function y(r,t,e){let o=m.resolve(r.cwd,t);await G.mkdir(m.dirname(o),{recursive:!0}),await G.writeFile(o,e);let s=m.relative(r.cwd,o);return s&&!s.startsWith("..")?s:o}function K(r,t,e,o){let s=r.delta?` (${$(r.delta.final,1)} vs base)`:" (no baseline)",i=k(r).text,n=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${N(r.score.final,1)}/7${s}`];for(let d of r.gate.reasons.slice(0,10))n.push(`  - ${d}`);return r.gate.reasons.length>10&&n.push(`  - ... ${r.gate.reasons.length-10} more in the report`),m.resolve(t.root)!==m.resolve(e.cwd)&&n.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),n.push(...o),`${n.join(`
`)}
`}async function de(r,t){p("run command loaded");let{values:e}=D("run",r,J);if(e.help)return t.stdout(`${M}
`),0;let o=h("run","min-score",e["min-score"],[0,7]),s=h("run","max-score-drop",e["max-score-drop"],[0,7]),i=P("run","mode",e.mode,["enforce","report"]),n=e.now===void 0?void 0:H(e.now),d=A({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),v=e.config===void 0?g:w(d.root,t.cwd,e.config),u=await F(d.root,v);p("config read");let c=e.baseline!==void 0?w(d.root,t.cwd,e.baseline):u.baseline,a=await x({config:u,configFile:v,workspace:E(d.root,u,e.baseline!==void 0&&c?[c]:[]),baseline:c?S(c):R("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:s,mode:i},now:n}),l=t.env??{};T(a,[l.GITHUB_TOKEN,l.GH_TOKEN,l.GITLAB_TOKEN,l.CI_JOB_TOKEN,l.ACTIONS_RUNTIME_TOKEN].filter(B=>!!B)),p("gate evaluated");let O=await j(e.history,a.id,t),b=await y(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(a,null,2)}
`),f=[`Report: ${b} (ml-test-gate explain ${b} lists the next steps)`],U=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&f.push(`Comment: ${await y(t,e["markdown-out"],L(a,{history:O,detailsHint:U}))}`),e["summary-out"]&&f.push(`Summary: ${await y(t,e["summary-out"],C(a,{history:O}))}`),e.print&&t.stdout(_(a)),t.stderr(K(a,d,t,f)),p("outputs written"),a.gate.passed?0:1}export{M as RUN_HELP,de as runCommand};
