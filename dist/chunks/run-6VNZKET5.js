let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{m0_a as U,m0_b as w}from"./report-path-4ECCA740.js";import{m0_d as P}from"./shared16-C4DEF308.js";import{m0_a as A,m0_b as y,m0_c as G}from"./shared31-9DCC6753.js";import{m1_d as _,m1_e as D}from"./report-path-4ECCA740.js";import{m2_b as h,m2_c as x,m2_k as R}from"./report-path-4ECCA740.js";import{m1_h as C}from"./shared16-C4DEF308.js";import"./report-path-4ECCA740.js";import{m4_a as k,m4_b as L}from"./report-path-4ECCA740.js";import"./shared24-A6346ED0.js";import"./shared26-4D7E3599.js";import"./chunk-XUVCWCZW.js";import"./report-path-4ECCA740.js";import"./shared24-A6346ED0.js";import"./shared2-1979F0E5.js";import"./shared30-FBA327A5.js";import"./shared16-C4DEF308.js";import"./shared2-1979F0E5.js";import{m1_b as S}from"./shared26-4D7E3599.js";import"./shared30-FBA327A5.js";import{m1_a as l}from"./shared31-9DCC6753.js";import{m2_d as T,m2_f as F}from"./shared31-9DCC6753.js";import{b as c}from"./chunk-GBW3ZRUG.js";import{a as N}from"./chunk-ZBU6GDT2.js";import{a as j}from"./chunk-V22EFYHI.js";import"./chunk-7FCXWDJU.js";import{m3_a as $,m3_b as E}from"./shared31-9DCC6753.js";import"./shared31-9DCC6753.js";import{d as H}from"./chunk-VVW7EGA3.js";var u=H(j(),1);var J=`Usage: ml-test-gate run [options]

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
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function K(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new N(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got ${T(r)}`);return new Date(t)}async function q(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:n}]=await Promise.all([import("./history-PVWAIXNY.js"),import("./history-3XWDC5K5.js")]),i=await o([r],e.cwd);for(let s of i.skipped)e.stderr(`ml-test-gate: history: skipped ${s.message}
`);return n(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var W={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}};async function v(r,t,e){let o=l.resolve(r.cwd,t);(0,u.mkdirSync)(l.dirname(o),{recursive:!0}),(0,u.writeFileSync)(o,e);let n=l.relative(r.cwd,o);return n&&!n.startsWith("..")?n:o}function Z(r,t,e,o){let n=r.delta?` (${E(r.delta.final,1)} vs base)`:" (no baseline)",i=C(r).text,s=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${$(r.score.final,1)}/7${n}`];for(let d of r.gate.reasons.slice(0,10))s.push(`  - ${d}`);return r.gate.reasons.length>10&&s.push(`  - ... ${r.gate.reasons.length-10} more in the report`),l.resolve(t.root)!==l.resolve(e.cwd)&&s.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),s.push(...o),`${s.join(`
`)}
`}async function pe(r,t){c("run command loaded");let{values:e}=A("run",r,W);if(e.help)return t.stdout(`${J}
`),0;let o=y("run","min-score",e["min-score"],[0,7]),n=y("run","max-score-drop",e["max-score-drop"],[0,7]),i=G("run","mode",e.mode,["enforce","report"]),s=e.now===void 0?void 0:K(e.now),d=U({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),O=e.config===void 0?h:w(d.root,t.cwd,e.config),f=await x(d.root,O);c("config read");let m=e.baseline!==void 0?w(d.root,t.cwd,e.baseline):f.baseline,a=await R({config:f,configFile:O,workspace:S(d.root,f,e.baseline!==void 0&&m?[m]:[]),baseline:m?L(m):k("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:n,mode:i},now:s}),p=t.env??{};F(a,[p.GITHUB_TOKEN,p.GH_TOKEN,p.GITLAB_TOKEN,p.CI_JOB_TOKEN,p.ACTIONS_RUNTIME_TOKEN].filter(M=>!!M)),c("gate evaluated");let b=await q(e.history,a.id,t),I=await v(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(a,null,2)}
`),g=[`Report: ${I} (ml-test-gate explain ${I} lists the next steps)`],B=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&g.push(`Comment: ${await v(t,e["markdown-out"],_(a,{history:b,detailsHint:B}))}`),e["summary-out"]&&g.push(`Summary: ${await v(t,e["summary-out"],D(a,{history:b}))}`),e.print&&t.stdout(P(a)),t.stderr(Z(a,d,t,g)),c("outputs written"),a.gate.passed?0:1}export{J as RUN_HELP,pe as runCommand};
