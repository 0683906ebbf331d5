import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{b as l,c as w,d as v,e as b,g as k,m as N}from"./chunk-2M7ICSC7.js";import"./chunk-AL2MFRQL.js";import"./chunk-NMIL4WKD.js";import{f as h}from"./chunk-CSIKMHZF.js";import{f as y,g as F}from"./chunk-3YTOR5K7.js";import"./chunk-3GPGQBI7.js";import"./chunk-EYCEQPHF.js";import{a as $,b as p,c as E}from"./chunk-AXAIE57V.js";import{a as g}from"./chunk-ZGJJ37VZ.js";import"./chunk-NYRTOUVY.js";import{promises as d}from"node:fs";import n from"node:path";var T=`Usage: ml-test-gate run [options]

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
  --now DATE             evaluate as of this date-time (ISO 8601): ages, expiries and future-date
                         checks use it, so re-running an old report gives the same verdict
  --print                print the Markdown to stdout
  -h, --help             show this help

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`;function M(r){let t=Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r)?`${r}T00:00:00Z`:r);if(!/^\d{4}-\d{2}-\d{2}/.test(r)||Number.isNaN(t))throw new g(`run: --now expects an ISO 8601 date or date-time, e.g. 2026-11-23 or 2026-11-23T12:00:00Z, got "${r}"`);return new Date(t)}async function _(r,t){let{values:e}=$("run",r,{config:{type:"string"},baseline:{type:"string"},"report-out":{type:"string"},"markdown-out":{type:"string"},"min-score":{type:"string"},"max-score-drop":{type:"string"},mode:{type:"string"},id:{type:"string"},root:{type:"string"},now:{type:"string"},print:{type:"boolean"},help:{type:"boolean",short:"h"}});if(e.help)return t.stdout(`${T}
`),0;let I=p("run","min-score",e["min-score"],[0,7]),O=p("run","max-score-drop",e["max-score-drop"],[0,7]),x=E("run","mode",e.mode,["enforce","report"]),S=e.now===void 0?void 0:M(e.now),s=n.resolve(t.cwd,e.root??"."),c=e.config??l,m=await w(s,c),f=e.baseline??m.baseline,o=await k({config:m,configFile:c,workspace:h(s),baseline:f?b(f):v("no --baseline flag and no baseline in the config"),id:e.id??"default",commit:t.env?.GITHUB_SHA??null,overrides:{minScore:I,maxScoreDrop:O,mode:x},now:S}),u=N(o),i=n.resolve(s,e["report-out"]??"ml-test-gate-report.json");if(await d.mkdir(n.dirname(i),{recursive:!0}),await d.writeFile(i,`${JSON.stringify(o,null,2)}
`),e["markdown-out"]){let a=n.resolve(s,e["markdown-out"]);await d.mkdir(n.dirname(a),{recursive:!0}),await d.writeFile(a,u)}e.print&&t.stdout(`${u}
`);let L=o.delta?` (${F(o.delta.final,1)} vs base)`:" (no baseline)",D=o.gate.passed?o.gate.wouldPass?"gate passed":"gate would fail (report mode)":"gate failed";t.stderr(`ml-test-gate: ML Test Score ${y(o.score.final,1)}/7${L}: ${D}
`);for(let a of o.gate.reasons.slice(0,10))t.stderr(`  - ${a}
`);return t.stderr(`Report: ${n.relative(t.cwd,i)||i}
`),o.gate.passed?0:1}export{T as RUN_HELP,_ as runCommand};
