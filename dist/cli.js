#!/usr/bin/env node
import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as n}from"./chunks/chunk-MIDNBDNX.js";import{a as m,c}from"./chunks/chunk-VVDHCKGI.js";import"./chunks/chunk-GIDFBL4B.js";function a(s,e){let t=!1;return s.on("error",o=>{t||(t=!0,o.code!=="EPIPE"&&e(o))}),o=>{t||s.write(o)}}var h=`ml-test-gate ${n}: a CI gate for ML repositories, scored on Google's ML Test Score.

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

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`,d={init:async()=>(await import("./chunks/init-IOGQOYUO.js")).initCommand,run:async()=>(await import("./chunks/run-VE73QNJT.js")).runCommand,explain:async()=>(await import("./chunks/explain-JUR4L4ZX.js")).explainCommand,metrics:async()=>(await import("./chunks/metrics-2HRAESBI.js")).metricsCommand,snapshot:async()=>(await import("./chunks/data-7CXL5WLP.js")).snapshotCommand,"infer-schema":async()=>(await import("./chunks/data-7CXL5WLP.js")).inferSchemaCommand,drift:async()=>(await import("./chunks/data-7CXL5WLP.js")).driftCommand,schema:async()=>(await import("./chunks/schema-ZZFFHDGH.js")).schemaCommand,history:async()=>(await import("./chunks/history-QND3L3UR.js")).historyCommand};async function p(s,e){let[t,...o]=s;if(t===void 0||t==="-h"||t==="--help"||t==="help")return e.stdout(`${h}
`),t===void 0?2:0;if(t==="-v"||t==="--version")return e.stdout(`${n}
`),0;let i=d[t];if(!i){let r=c(t,Object.keys(d));return e.stderr(`ml-test-gate: unknown command "${t}"${r?` (did you mean "${r}"?)`:""}. Run ml-test-gate --help.
`),2}try{return await(await i())(o,e)}catch(r){return r instanceof m?(e.stderr(`ml-test-gate: ${r.message}
`),r.hint&&e.stderr(`  ${r.hint}
`),2):(e.stderr(`ml-test-gate: internal error: ${r instanceof Error?r.message:String(r)}
  This is a bug; please report it with the command you ran.
`),e.env?.ML_TEST_GATE_DEBUG&&r instanceof Error&&r.stack&&e.stderr(`${r.stack}
`),2)}}var u=!1,f=s=>e=>{u=!0,process.exitCode=2,s==="stdout"&&process.stderr.write(`ml-test-gate: cannot write to stdout: ${e.code??e.message}
`)},l=await p(process.argv.slice(2),{stdout:a(process.stdout,f("stdout")),stderr:a(process.stderr,f("stderr")),cwd:process.cwd(),env:process.env});process.exitCode=u?2:l;
