import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as S,b as u,c as x}from"./chunk-LPE7EOUV.js";import{b as f,c as b,k as I,o as E}from"./chunk-BB5TK2J4.js";import"./chunk-6BK5AMHY.js";import"./chunk-ZHN6ADWL.js";import"./chunk-EYD76OQG.js";import{b as N,c as $}from"./chunk-EEJF6FDB.js";import"./chunk-BQDOSCGK.js";import"./chunk-CFSHYBUV.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import{a as F,b as O}from"./chunk-4TGOSCAQ.js";import"./chunk-MIDNBDNX.js";import"./chunk-4BN2VRSI.js";import{b as k}from"./chunk-PC65MNHC.js";import"./chunk-P3LVVQPF.js";import"./chunk-GEDXIOQO.js";import{a as v}from"./chunk-VVDHCKGI.js";import"./chunk-KO5GP4TB.js";import"./chunk-DLIRWJJQ.js";import"./chunk-GIDFBL4B.js";import{promises as p}from"node:fs";import s from"node:path";var M=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Options:
  --config FILE          config file (default ${f})
  --baseline FILE        previous JSON report to compare with (overrides the config's baseline)
  --report-out FILE      where to write the JSON report (default ml-test-gate-report.json)
  --markdown-out FILE    also write the Markdown comment body to FILE
  --min-score N          fail below this final score (overrides gate.min-score)
  --max-score-drop N     fail when the score drops more than N against the baseline
  --mode enforce|report  report = never fail, only report
  --id NAME              gate id, when several gates run in one repository (default "default")
  --root DIR             repository root; config and evidence paths are relative to it (default: cwd)
  --now DATE             evaluate as of this date-time (ISO 8601): ages, expiries and future-date
                         checks use it, so re-running an old report gives the same verdict
  --history DIR_OR_GLOB  the base branch's earlier JSON reports: a score-history chart goes in the
                         Markdown's details (see: ml-test-gate history --help)
  --print                print the Markdown to stdout
  -h, --help             show this help

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`;function T(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new v(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got "${r}"`);return new Date(t)}async function C(r,t,e,l){if(r===void 0)return;let[{readReportFiles:c},{historySection:m}]=await Promise.all([import("./history-YA6HABRF.js"),import("./history-UJ72ST4G.js")]),i=await c([r],t);for(let n of i.skipped)l.stderr(`ml-test-gate: history: skipped ${n.message}
`);return m(i.reports,{id:e,folded:!0,skipped:i.skipped})||void 0}async function Z(r,t){let{values:e}=S("run",r,{config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}});if(e.help)return t.stdout(`${M}
`),0;let l=u("run","min-score",e["min-score"],[0,7]),c=u("run","max-score-drop",e["max-score-drop"],[0,7]),m=x("run","mode",e.mode,["enforce","report"]),i=e.now===void 0?void 0:T(e.now),n=s.resolve(t.cwd,e.root??"."),g=e.config??f,h=await b(n,g),w=e.baseline??h.baseline,o=await I({config:h,configFile:g,workspace:k(n),baseline:w?$(w):N("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:l,maxScoreDrop:c,mode:m},now:i}),y=E(o,{history:await C(e.history,n,o.id,t)}),a=s.resolve(n,e["report-out"]??"ml-test-gate-report.json");if(await p.mkdir(s.dirname(a),{recursive:!0}),await p.writeFile(a,`${JSON.stringify(o,null,2)}
`),e["markdown-out"]){let d=s.resolve(n,e["markdown-out"]);await p.mkdir(s.dirname(d),{recursive:!0}),await p.writeFile(d,y)}e.print&&t.stdout(`${y}
`);let L=o.delta?` (${O(o.delta.final,1)} vs base)`:" (no baseline)",D=o.gate.passed?o.gate.wouldPass?"gate passed":"gate would fail (report mode)":"gate failed";t.stderr(`ml-test-gate: ML Test Score ${F(o.score.final,1)}/7${L}: ${D}
`);for(let d of o.gate.reasons.slice(0,10))t.stderr(`  - ${d}
`);return t.stderr(`Report: ${s.relative(t.cwd,a)||a}
`),o.gate.passed?0:1}export{M as RUN_HELP,Z as runCommand};
