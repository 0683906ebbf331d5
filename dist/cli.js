#!/usr/bin/env node
let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as n,b as d}from"./chunks/chunk-GBW3ZRUG.js";import{a as m,c}from"./chunks/chunk-ZBU6GDT2.js";import"./chunks/chunk-VVW7EGA3.js";function a(o,e){let t=!1;return o.on("error",s=>{t||(t=!0,s.code!=="EPIPE"&&e(s))}),s=>{t||o.write(s)}}var h=`ml-test-gate ${n}: a CI gate for ML repositories, scored on Google's ML Test Score.

Usage: ml-test-gate <command> [options]

Commands:
  init          scan this repository for evidence, write a starter config and workflow
  run           evaluate the gate from the config file (see: ml-test-gate run --help)
  explain       what a report says, and every next step that would raise the score
  metrics       compute metrics with confidence intervals from a prediction file
  snapshot      profile CSV/TSV/JSON Lines data into a snapshot (types, presence, statistics)
  infer-schema  propose a schema of feature expectations from a snapshot
  drift         compare two datasets or snapshots feature by feature
  history       draw the score over time from the base branch's JSON reports
  schema NAME   print a JSON Schema of a format (config, eval-report, snapshot, report, ...)

Each command takes --help.

Options:
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`,p={init:async()=>(await import("./chunks/init-MTOVFXWQ.js")).initCommand,run:async()=>(await import("./chunks/run-2ETE46WB.js")).runCommand,explain:async()=>(await import("./chunks/explain-ZU3QDU2M.js")).explainCommand,metrics:async()=>(await import("./chunks/metrics-2FP6LD2Z.js")).metricsCommand,snapshot:async()=>(await import("./chunks/data-ZBIF44RR.js")).snapshotCommand,"infer-schema":async()=>(await import("./chunks/data-ZBIF44RR.js")).inferSchemaCommand,drift:async()=>(await import("./chunks/data-ZBIF44RR.js")).driftCommand,schema:async()=>(await import("./chunks/schema-GRQ5GUPG.js")).schemaCommand,history:async()=>(await import("./chunks/history-PSNPNKV7.js")).historyCommand};async function f(o,e){let[t,...s]=o;if(t===void 0||t==="-h"||t==="--help"||t==="help")return e.stdout(`${h}
`),t===void 0?2:0;if(t==="-v"||t==="--version")return e.stdout(`${n}
`),0;let i=p[t];if(!i){let r=c(t,Object.keys(p));return e.stderr(`ml-test-gate: unknown command "${t}"${r?` (did you mean "${r}"?)`:""}. Run ml-test-gate --help.
`),2}try{return await(await i())(s,e)}catch(r){return r instanceof m?(e.stderr(`ml-test-gate: ${r.message}
`),r.hint&&e.stderr(`  ${r.hint}
`),2):(e.stderr(`ml-test-gate: internal error: ${r instanceof Error?r.message:String(r)}
  This is a bug; please report it with the command you ran.
`),e.env?.ML_TEST_GATE_DEBUG&&r instanceof Error&&r.stack&&e.stderr(`${r.stack}
`),2)}}d("cli loaded");var l=!1,u=o=>e=>{l=!0,process.exitCode=2,o==="stdout"&&process.stderr.write(`ml-test-gate: cannot write to stdout: ${e.code??e.message}
`)},g=await f(process.argv.slice(2),{stdout:a(process.stdout,u("stdout")),stderr:a(process.stderr,u("stderr")),cwd:process.cwd(),env:process.env});process.exitCode=l?2:g;
