#!/usr/bin/env node
import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a}from"./chunks/chunk-AL2MFRQL.js";import{a as o,c as i}from"./chunks/chunk-ZGJJ37VZ.js";import"./chunks/chunk-NYRTOUVY.js";var d=`ml-test-gate ${a}: a CI gate for ML repositories, scored on Google's ML Test Score.

Usage: ml-test-gate <command> [options]

Commands:
  run           evaluate the gate from the config file (see: ml-test-gate run --help)
  metrics       compute metrics with confidence intervals from a prediction file
  snapshot      profile CSV/TSV/JSON Lines data into a snapshot (types, presence, statistics)
  infer-schema  propose a schema of feature expectations from a snapshot
  drift         compare two datasets or snapshots feature by feature
  schema NAME   print a JSON Schema of a format (config, eval-report, snapshot, report, ...)

Each command takes --help.

Options:
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`,m={run:async()=>(await import("./chunks/run-YLVLFIQP.js")).runCommand,metrics:async()=>(await import("./chunks/metrics-KQ27AJN2.js")).metricsCommand,snapshot:async()=>(await import("./chunks/data-NQWLB7YD.js")).snapshotCommand,"infer-schema":async()=>(await import("./chunks/data-NQWLB7YD.js")).inferSchemaCommand,drift:async()=>(await import("./chunks/data-NQWLB7YD.js")).driftCommand,schema:async()=>(await import("./chunks/schema-PSH4M34D.js")).schemaCommand};async function c(s,r){let[t,...p]=s;if(t===void 0||t==="-h"||t==="--help"||t==="help")return r.stdout(`${d}
`),t===void 0?2:0;if(t==="-v"||t==="--version")return r.stdout(`${a}
`),0;let n=m[t];if(!n){let e=i(t,Object.keys(m));return r.stderr(`ml-test-gate: unknown command "${t}"${e?` (did you mean "${e}"?)`:""}. Run ml-test-gate --help.
`),2}try{return await(await n())(p,r)}catch(e){return e instanceof o?(r.stderr(`ml-test-gate: ${e.message}
`),e.hint&&r.stderr(`  ${e.hint}
`),2):(r.stderr(`ml-test-gate: internal error: ${e instanceof Error?e.message:String(e)}
  This is a bug; please report it with the command you ran.
`),r.env?.ML_TEST_GATE_DEBUG&&e instanceof Error&&e.stack&&r.stderr(`${e.stack}
`),2)}}var f=await c(process.argv.slice(2),{stdout:s=>process.stdout.write(s),stderr:s=>process.stderr.write(s),cwd:process.cwd(),env:process.env});process.exitCode=f;
