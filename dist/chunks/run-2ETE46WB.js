let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{m0_a as B,m0_b as w}from"./report-path-D4B7F379.js";import{m0_d as A}from"./shared16-A1B51B67.js";import{m0_a as G,m0_b as y,m0_c as U}from"./shared31-241A8C07.js";import{m1_d as D,m1_e as P}from"./report-path-D4B7F379.js";import{m2_b as h,m2_c as R,m2_k as k,m2_l as L,m2_m as C}from"./report-path-D4B7F379.js";import"./shared1-85FB2FCF.js";import{m1_h as _}from"./shared16-A1B51B67.js";import"./shared24-A6346ED0.js";import"./shared25-DE754524.js";import"./shared26-7B757B8F.js";import"./report-path-D4B7F379.js";import"./shared1-85FB2FCF.js";import"./shared24-A6346ED0.js";import"./shared25-DE754524.js";import"./shared2-6FA21891.js";import"./shared16-A1B51B67.js";import{m1_b as T}from"./shared26-7B757B8F.js";import"./chunk-3ZR65VXP.js";import"./shared31-241A8C07.js";import{m2_a as j,m2_b as J}from"./shared31-241A8C07.js";import{m3_d as F,m3_f as x}from"./shared31-241A8C07.js";import"./report-path-D4B7F379.js";import{m4_a as E,m4_b as S}from"./shared31-241A8C07.js";import{b as c}from"./chunk-GBW3ZRUG.js";import{a as $}from"./chunk-ZBU6GDT2.js";import"./shared3-E4AB51B6.js";import"./shared31-241A8C07.js";import{d as N}from"./chunk-VVW7EGA3.js";var u=N(j(),1),l=N(J(),1);var K=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Paths in the config are relative to the repository root: --root, else GITHUB_WORKSPACE, else the git
repository of the current directory, else the config file's repository. Paths given as options are
relative to the current directory.

Options:
  --config FILE          config file (default: ${h} in the repository root)
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
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function q(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new $(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got ${F(r)}`);return new Date(t)}async function W(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:n}]=await Promise.all([import("./history-PSNPNKV7.js"),import("./history-POVOOUEF.js")]),i=await o([r],e.cwd);for(let s of i.skipped)e.stderr(`ml-test-gate: history: skipped ${s.message}
`);return n(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var Z={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}};async function v(r,t,e){let o=l.default.resolve(r.cwd,t);(0,u.mkdirSync)(l.default.dirname(o),{recursive:!0}),(0,u.writeFileSync)(o,e);let n=l.default.relative(r.cwd,o);return n&&!n.startsWith("..")?n:o}function V(r,t,e,o){let n=r.delta?` (${S(r.delta.final,1)} vs base)`:" (no baseline)",i=_(r).text,s=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${E(r.score.final,1)}/7${n}`];for(let d of r.gate.reasons.slice(0,10))s.push(`  - ${d}`);return r.gate.reasons.length>10&&s.push(`  - ... ${r.gate.reasons.length-10} more in the report`),l.default.resolve(t.root)!==l.default.resolve(e.cwd)&&s.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),s.push(...o),`${s.join(`
`)}
`}async function pe(r,t){c("run command loaded");let{values:e}=G("run",r,Z);if(e.help)return t.stdout(`${K}
`),0;let o=y("run","min-score",e["min-score"],[0,7]),n=y("run","max-score-drop",e["max-score-drop"],[0,7]),i=U("run","mode",e.mode,["enforce","report"]),s=e.now===void 0?void 0:q(e.now),d=B({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),O=e.config===void 0?h:w(d.root,t.cwd,e.config),f=await R(d.root,O);c("config read");let m=e.baseline!==void 0?w(d.root,t.cwd,e.baseline):f.baseline,a=await k({config:f,configFile:O,workspace:T(d.root,f,e.baseline!==void 0&&m?[m]:[]),baseline:m?C(m):L("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:n,mode:i},now:s}),p=t.env??{};x(a,[p.GITHUB_TOKEN,p.GH_TOKEN,p.GITLAB_TOKEN,p.CI_JOB_TOKEN,p.ACTIONS_RUNTIME_TOKEN].filter(H=>!!H)),c("gate evaluated");let b=await W(e.history,a.id,t),I=await v(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(a,null,2)}
`),g=[`Report: ${I} (ml-test-gate explain ${I} lists the next steps)`],M=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&g.push(`Comment: ${await v(t,e["markdown-out"],D(a,{history:b,detailsHint:M}))}`),e["summary-out"]&&g.push(`Summary: ${await v(t,e["summary-out"],P(a,{history:b}))}`),e.print&&t.stdout(A(a)),t.stderr(V(a,d,t,g)),c("outputs written"),a.gate.passed?0:1}export{K as RUN_HELP,pe as runCommand};
