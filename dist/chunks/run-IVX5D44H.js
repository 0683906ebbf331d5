import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{b as l,c as g,d as w,e as h,g as y,m as F}from"./chunk-U65AEVGJ.js";import"./chunk-AL2MFRQL.js";import"./chunk-CMXKCPPB.js";import{f as u}from"./chunk-YQYF7SPR.js";import{e as v,f as b}from"./chunk-YVWVLIAY.js";import"./chunk-VIL7QFA5.js";import"./chunk-HVFKRBVF.js";import{a as k,b as d,c as E}from"./chunk-AXAIE57V.js";import"./chunk-ZGJJ37VZ.js";import"./chunk-NYRTOUVY.js";import{promises as a}from"node:fs";import r from"node:path";var S=`Usage: ml-test-gate run [options]

Evaluate the ML Test Score gate on the evidence named in the config file.

Options:
  --config FILE          config file (default ${l})
  --baseline FILE        previous JSON report to compare with (overrides the config's baseline)
  --report-out FILE      where to write the JSON report (default ml-test-gate-report.json)
  --markdown-out FILE    also write the Markdown comment body to FILE
  --min-score N          fail below this final score (overrides gate.min-score)
  --max-score-drop N     fail when the score drops more than N against the baseline
  --mode enforce|report  report = never fail, only report
  --id NAME              gate id, when several gates run in one repository (default "default")
  --root DIR             repository root; config and evidence paths are relative to it (default: cwd)
  --print                print the Markdown to stdout
  -h, --help             show this help

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`;async function G(I,o){let{values:e}=k("run",I,{config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}});if(e.help)return o.stdout(`${S}
`),0;let $=d("run","min-score",e["min-score"],[0,7]),L=d("run","max-score-drop",e["max-score-drop"],[0,7]),N=E("run","mode",e.mode,["enforce","report"]),n=r.resolve(o.cwd,e.root??"."),p=e.config??l,c=await g(n,p),m=e.baseline??c.baseline,t=await y({config:c,configFile:p,workspace:u(n),baseline:m?h(m):w("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:o.env?.GITHUB_SHA??null,overrides:{minScore:$,maxScoreDrop:L,mode:N}}),f=F(t),i=r.resolve(n,e["report-out"]??"ml-test-gate-report.json");if(await a.mkdir(r.dirname(i),{recursive:!0}),await a.writeFile(i,`${JSON.stringify(t,null,2)}
`),e["markdown-out"]){let s=r.resolve(n,e["markdown-out"]);await a.mkdir(r.dirname(s),{recursive:!0}),await a.writeFile(s,f)}e.print&&o.stdout(`${f}
`);let O=t.delta?` (${b(t.delta.final,1)} vs base)`:" (no baseline)",x=t.gate.passed?t.gate.wouldPass?"gate passed":"gate would fail (report mode)":"gate failed";o.stderr(`ml-test-gate: ML Test Score ${v(t.score.final,1)}/7${O}: ${x}
`);for(let s of t.gate.reasons.slice(0,10))o.stderr(`  - ${s}
`);return o.stderr(`Report: ${r.relative(o.cwd,i)||i}
`),t.gate.passed?0:1}export{S as RUN_HELP,G as runCommand};
