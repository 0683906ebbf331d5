import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as _,b as h,c as L}from"./chunk-LPE7EOUV.js";import{b as g,c as E,k as F,o as S}from"./chunk-ERFUDJZ2.js";import"./chunk-33JP2VOO.js";import"./chunk-ZHN6ADWL.js";import"./chunk-JD2HVIBU.js";import{b as T,c as $}from"./chunk-2TAGTKJG.js";import"./chunk-PJ2GKQI6.js";import"./chunk-F66S3HJF.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import"./chunk-MIDNBDNX.js";import"./chunk-ML4QY73Z.js";import{b as O}from"./chunk-IACMTI3P.js";import"./chunk-BPGUG75F.js";import"./chunk-UTRFTOIV.js";import{a as b}from"./chunk-VVDHCKGI.js";import"./chunk-BAI2ZOGW.js";import{e as N,f as I,g as k}from"./chunk-L7FRQYQE.js";import"./chunk-GIDFBL4B.js";import{promises as l}from"node:fs";import i from"node:path";var C=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Options:
  --config FILE          config file (default ${g})
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

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`;function M(o){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(o)?`${o}T00:00:00Z`:o);if(!/^\d{4}-\d{2}-\d{2}/.test(o)||Number.isNaN(t))throw new b(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got "${o}"`);return new Date(t)}async function B(o,t,e,c){if(o===void 0)return;let[{readReportFiles:m},{historySection:f}]=await Promise.all([import("./history-VY4UD2PW.js"),import("./history-CW4IHDZY.js")]),a=await m([o],t);for(let n of a.skipped)c.stderr(`ml-test-gate: history: skipped ${n.message}
`);return f(a.reports,{id:e,folded:!0,skipped:a.skipped})||void 0}async function q(o,t){let{values:e}=_("run",o,{config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},history:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}});if(e.help)return t.stdout(`${C}
`),0;let c=h("run","min-score",e["min-score"],[0,7]),m=h("run","max-score-drop",e["max-score-drop"],[0,7]),f=L("run","mode",e.mode,["enforce","report"]),a=e.now===void 0?void 0:M(e.now),n=i.resolve(t.cwd,e.root??"."),w=e.config??g,u=await E(n,w),y=e.baseline??u.baseline,r=await F({config:u,configFile:w,workspace:O(n,u,e.baseline?[e.baseline]:[]),baseline:y?$(y):T("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:c,maxScoreDrop:m,mode:f},now:a}),d=t.env??{};N(r,[d.GITHUB_TOKEN,d.GH_TOKEN,d.GITLAB_TOKEN,d.CI_JOB_TOKEN,d.ACTIONS_RUNTIME_TOKEN].filter(s=>!!s));let v=S(r,{history:await B(e.history,n,r.id,t)}),p=i.resolve(n,e["report-out"]??"ml-test-gate-report.json");if(await l.mkdir(i.dirname(p),{recursive:!0}),await l.writeFile(p,`${JSON.stringify(r,null,2)}
`),e["markdown-out"]){let s=i.resolve(n,e["markdown-out"]);await l.mkdir(i.dirname(s),{recursive:!0}),await l.writeFile(s,v)}e.print&&t.stdout(`${v}
`);let x=r.delta?` (${k(r.delta.final,1)} vs base)`:" (no baseline)",D=r.gate.passed?r.gate.wouldPass?"gate passed":"gate would fail (report mode)":"gate failed";t.stderr(`ml-test-gate: ML Test Score ${I(r.score.final,1)}/7${x}: ${D}
`);for(let s of r.gate.reasons.slice(0,10))t.stderr(`  - ${s}
`);return t.stderr(`Report: ${i.relative(t.cwd,p)||p}
`),r.gate.passed?0:1}export{C as RUN_HELP,q as runCommand};
