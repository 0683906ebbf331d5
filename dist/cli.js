#!/usr/bin/env node
import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as n}from"./chunks/chunk-AL2MFRQL.js";import{e as a,g as i}from"./chunks/chunk-DUB3ST7P.js";var p=`ml-test-gate ${n}: a CI gate for ML repositories, scored on Google's ML Test Score.

Usage: ml-test-gate <command> [options]

Commands:
  run           evaluate the gate from the config file (see: ml-test-gate run --help)
  schema NAME   print a JSON Schema (config, eval-report, snapshot, report)

Options:
  -h, --help     show this help
  -v, --version  print the version

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`,m={run:async()=>(await import("./chunks/run-I742EWL6.js")).runCommand,schema:async()=>(await import("./chunks/schema-RN2SVS4F.js")).schemaCommand};async function c(s,r){let[t,...d]=s;if(t===void 0||t==="-h"||t==="--help"||t==="help")return r.stdout(`${p}
`),t===void 0?2:0;if(t==="-v"||t==="--version")return r.stdout(`${n}
`),0;let o=m[t];if(!o){let e=i(t,Object.keys(m));return r.stderr(`ml-test-gate: unknown command "${t}"${e?` (did you mean "${e}"?)`:""}. Run ml-test-gate --help.
`),2}try{return await(await o())(d,r)}catch(e){return e instanceof a?(r.stderr(`ml-test-gate: ${e.message}
`),e.hint&&r.stderr(`  ${e.hint}
`),2):(r.stderr(`ml-test-gate: internal error: ${e instanceof Error?e.message:String(e)}
  This is a bug; please report it with the command you ran.
`),r.env?.ML_TEST_GATE_DEBUG&&e instanceof Error&&e.stack&&r.stderr(`${e.stack}
`),2)}}var u=await c(process.argv.slice(2),{stdout:s=>process.stdout.write(s),stderr:s=>process.stderr.write(s),cwd:process.cwd(),env:process.env});process.exitCode=u;
