let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as B,b as w}from"./chunk-NFSGF6WP.js";import{d as A}from"./chunk-R5ITEZJ5.js";import{a as G,b as h,c as U}from"./chunk-65MXJQIS.js";import"./chunk-KIXVK7WQ.js";import{d as D,e as P}from"./chunk-CF76XXAC.js";import{b as g,c as S,k,l as L,m as C}from"./chunk-YD4ZILSR.js";import"./chunk-4MYHMVYA.js";import{h as _}from"./chunk-VX3T5FG6.js";import"./chunk-SXIT2L6A.js";import"./chunk-LPM4A6WN.js";import"./chunk-ONZRYWQ6.js";import"./chunk-S2CRBTX3.js";import"./chunk-44BQ2EBK.js";import"./chunk-CPJJ327N.js";import"./chunk-7FCXWDJU.js";import"./chunk-5NM7P73K.js";import"./chunk-6ESBHLNS.js";import{b as F}from"./chunk-HNEBUEA2.js";import"./chunk-3ZR65VXP.js";import"./chunk-WWYIMV2U.js";import{a as j,b as J}from"./chunk-WI6JJYFF.js";import{d as x,f as R}from"./chunk-66ND45KZ.js";import"./chunk-5ZBHVESP.js";import{a as E,b as T}from"./chunk-Y4ZWIAVF.js";import{b as m}from"./chunk-GBW3ZRUG.js";import{a as $}from"./chunk-ZBU6GDT2.js";import"./chunk-QTCHZV4W.js";import{d as N}from"./chunk-VVW7EGA3.js";var v=N(j(),1),l=N(J(),1);var K=`Usage: ml-test-gate run [options]

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
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function q(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new $(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got ${x(r)}`);return new Date(t)}async function W(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:s}]=await Promise.all([import("./history-YPKBSEML.js"),import("./history-AAAK4J2W.js")]),i=await o([r],e.cwd);for(let n of i.skipped)e.stderr(`ml-test-gate: history: skipped ${n.message}
`);return s(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var Z={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}};async function y(r,t,e){let o=l.default.resolve(r.cwd,t);await v.promises.mkdir(l.default.dirname(o),{recursive:!0}),await v.promises.writeFile(o,e);let s=l.default.relative(r.cwd,o);return s&&!s.startsWith("..")?s:o}function V(r,t,e,o){let s=r.delta?` (${T(r.delta.final,1)} vs base)`:" (no baseline)",i=_(r).text,n=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${E(r.score.final,1)}/7${s}`];for(let d of r.gate.reasons.slice(0,10))n.push(`  - ${d}`);return r.gate.reasons.length>10&&n.push(`  - ... ${r.gate.reasons.length-10} more in the report`),l.default.resolve(t.root)!==l.default.resolve(e.cwd)&&n.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),n.push(...o),`${n.join(`
`)}
`}async function pe(r,t){m("run command loaded");let{values:e}=G("run",r,Z);if(e.help)return t.stdout(`${K}
`),0;let o=h("run","min-score",e["min-score"],[0,7]),s=h("run","max-score-drop",e["max-score-drop"],[0,7]),i=U("run","mode",e.mode,["enforce","report"]),n=e.now===void 0?void 0:q(e.now),d=B({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),O=e.config===void 0?g:w(d.root,t.cwd,e.config),u=await S(d.root,O);m("config read");let c=e.baseline!==void 0?w(d.root,t.cwd,e.baseline):u.baseline,a=await k({config:u,configFile:O,workspace:F(d.root,u,e.baseline!==void 0&&c?[c]:[]),baseline:c?C(c):L("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:s,mode:i},now:n}),p=t.env??{};R(a,[p.GITHUB_TOKEN,p.GH_TOKEN,p.GITLAB_TOKEN,p.CI_JOB_TOKEN,p.ACTIONS_RUNTIME_TOKEN].filter(H=>!!H)),m("gate evaluated");let b=await W(e.history,a.id,t),I=await y(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(a,null,2)}
`),f=[`Report: ${I} (ml-test-gate explain ${I} lists the next steps)`],M=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&f.push(`Comment: ${await y(t,e["markdown-out"],D(a,{history:b,detailsHint:M}))}`),e["summary-out"]&&f.push(`Summary: ${await y(t,e["summary-out"],P(a,{history:b}))}`),e.print&&t.stdout(A(a)),t.stderr(V(a,d,t,f)),m("outputs written"),a.gate.passed?0:1}export{K as RUN_HELP,pe as runCommand};
