import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as A,b as g}from"./chunk-C35WNXN7.js";import{d as _}from"./chunk-XD7FBPTJ.js";import{a as D,b as h,c as P}from"./chunk-TPUUO45I.js";import{d as L,e as C}from"./chunk-4VA4LM4Q.js";import"./chunk-CL3C7ZSU.js";import{b as f,c as F,k as x}from"./chunk-O6MKK62J.js";import{h as k}from"./chunk-UT5BMUIK.js";import"./chunk-NT22VDVO.js";import"./chunk-ZHN6ADWL.js";import"./chunk-JD2HVIBU.js";import"./chunk-77QACK5F.js";import{b as R,c as S}from"./chunk-BNM526YT.js";import"./chunk-JC7SXAYC.js";import"./chunk-ARWNIYJ2.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import"./chunk-MIDNBDNX.js";import"./chunk-ML4QY73Z.js";import{b as I}from"./chunk-BWV4NXBW.js";import"./chunk-6YRRLH47.js";import"./chunk-UTRFTOIV.js";import{a as b}from"./chunk-VVDHCKGI.js";import"./chunk-BAI2ZOGW.js";import{a as E,b as T}from"./chunk-4TGOSCAQ.js";import{c as N,e as $}from"./chunk-373KHU63.js";import"./chunk-GIDFBL4B.js";import{promises as G}from"node:fs";import p from"node:path";var M=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Paths in the config are relative to the repository root: --root, else GITHUB_WORKSPACE, else the git
repository of the current directory, else the config file's repository. Paths given as options are
relative to the current directory.

Options:
  --config FILE          config file (default: ${f} in the repository root)
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
Then: ml-test-gate explain REPORT prints every next step that would raise the score.`;function H(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new b(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got ${N(r)}`);return new Date(t)}async function j(r,t,e){if(r===void 0)return;let[{readReportFiles:o},{historySection:s}]=await Promise.all([import("./history-QND3L3UR.js"),import("./history-PQKEVJLQ.js")]),i=await o([r],e.cwd);for(let n of i.skipped)e.stderr(`ml-test-gate: history: skipped ${n.message}
`);return s(i.reports,{id:t,folded:!0,skipped:i.skipped})||void 0}var J={config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"summary-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}};async function y(r,t,e){let o=p.resolve(r.cwd,t);await G.mkdir(p.dirname(o),{recursive:!0}),await G.writeFile(o,e);let s=p.relative(r.cwd,o);return s&&!s.startsWith("..")?s:o}function K(r,t,e,o){let s=r.delta?` (${T(r.delta.final,1)} vs base)`:" (no baseline)",i=k(r).text,n=[`ml-test-gate: ${i.charAt(0).toLowerCase()}${i.slice(1)} \xB7 ML Test Score ${E(r.score.final,1)}/7${s}`];for(let d of r.gate.reasons.slice(0,10))n.push(`  - ${d}`);return r.gate.reasons.length>10&&n.push(`  - ... ${r.gate.reasons.length-10} more in the report`),p.resolve(t.root)!==p.resolve(e.cwd)&&n.push(`Root: ${t.root} (${t.why}); the config's paths are relative to it.`),n.push(...o),`${n.join(`
`)}
`}async function de(r,t){let{values:e}=D("run",r,J);if(e.help)return t.stdout(`${M}
`),0;let o=h("run","min-score",e["min-score"],[0,7]),s=h("run","max-score-drop",e["max-score-drop"],[0,7]),i=P("run","mode",e.mode,["enforce","report"]),n=e.now===void 0?void 0:H(e.now),d=A({flag:e.root,cwd:t.cwd,env:t.env,config:e.config}),w=e.config===void 0?f:g(d.root,t.cwd,e.config),c=await F(d.root,w),m=e.baseline!==void 0?g(d.root,t.cwd,e.baseline):c.baseline,a=await x({config:c,configFile:w,workspace:I(d.root,c,e.baseline!==void 0&&m?[m]:[]),baseline:m?S(m):R("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:o,maxScoreDrop:s,mode:i},now:n}),l=t.env??{};$(a,[l.GITHUB_TOKEN,l.GH_TOKEN,l.GITLAB_TOKEN,l.CI_JOB_TOKEN,l.ACTIONS_RUNTIME_TOKEN].filter(B=>!!B));let v=await j(e.history,a.id,t),O=await y(t,e["report-out"]??"ml-test-gate-report.json",`${JSON.stringify(a,null,2)}
`),u=[`Report: ${O} (ml-test-gate explain ${O} lists the next steps)`],U=`Full details: ${e["summary-out"]?`${e["summary-out"]} and `:""}the JSON report`;return e["markdown-out"]&&u.push(`Comment: ${await y(t,e["markdown-out"],L(a,{history:v,detailsHint:U}))}`),e["summary-out"]&&u.push(`Summary: ${await y(t,e["summary-out"],C(a,{history:v}))}`),e.print&&t.stdout(_(a)),t.stderr(K(a,d,t,u)),a.gate.passed?0:1}export{M as RUN_HELP,de as runCommand};
