#!/usr/bin/env node
let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as m,b as g}from"./chunks/chunk-GBW3ZRUG.js";import{a as l,c as h}from"./chunks/chunk-ZBU6GDT2.js";import{a as x}from"./chunks/chunk-V22EFYHI.js";import{d as C}from"./chunks/chunk-VVW7EGA3.js";function b(o,t){let r=!1;return o.on("error",n=>{r||(r=!0,n.code!=="EPIPE"&&t(n))}),n=>{r||o.write(n)}}function d(o,t,r,n){let s=!1,e;return p=>{if(s)return;if(e)return e(p);let a=Buffer.from(p,"utf8"),i=0;for(;i<a.length;)try{i+=t(o,a,i,a.length-i)}catch(S){let c=S;if(c.code==="EAGAIN"){let u=r();e=b(u,n),u.write(a.subarray(i));return}s=!0,c.code!=="EPIPE"&&n(c);return}}}var O=`ml-test-gate ${m}: a CI gate for ML repositories, scored on Google's ML Test Score.

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

Exit codes: 0 gate passed, 1 gate failed, 2 could not run (bad flags or config).`,w={init:async()=>(await import("./chunks/init-OAO2I3TS.js")).initCommand,run:async()=>(await import("./chunks/run-6VNZKET5.js")).runCommand,explain:async()=>(await import("./chunks/explain-OQP6RUZV.js")).explainCommand,metrics:async()=>(await import("./chunks/metrics-K7XSCRDM.js")).metricsCommand,snapshot:async()=>(await import("./chunks/data-VVSXA5FG.js")).snapshotCommand,"infer-schema":async()=>(await import("./chunks/data-VVSXA5FG.js")).inferSchemaCommand,drift:async()=>(await import("./chunks/data-VVSXA5FG.js")).driftCommand,schema:async()=>(await import("./chunks/schema-N67DJABN.js")).schemaCommand,history:async()=>(await import("./chunks/history-PVWAIXNY.js")).historyCommand};async function y(o,t){let[r,...n]=o;if(r===void 0||r==="-h"||r==="--help"||r==="help")return t.stdout(`${O}
`),r===void 0?2:0;if(r==="-v"||r==="--version")return t.stdout(`${m}
`),0;let s=w[r];if(!s){let e=h(r,Object.keys(w));return t.stderr(`ml-test-gate: unknown command "${r}"${e?` (did you mean "${e}"?)`:""}. Run ml-test-gate --help.
`),2}try{return await(await s())(n,t)}catch(e){return e instanceof l?(t.stderr(`ml-test-gate: ${e.message}
`),e.hint&&t.stderr(`  ${e.hint}
`),2):(t.stderr(`ml-test-gate: internal error: ${e instanceof Error?e.message:String(e)}
  This is a bug; please report it with the command you ran.
`),t.env?.ML_TEST_GATE_DEBUG&&e instanceof Error&&e.stack&&t.stderr(`${e.stack}
`),2)}}var f=C(x(),1);g("cli loaded");var E=!1,v=o=>t=>{E=!0,process.exitCode=2,o==="stdout"&&process.stderr.write(`ml-test-gate: cannot write to stdout: ${t.code??t.message}
`)},N=await y(process.argv.slice(2),{stdout:d(1,f.writeSync,()=>process.stdout,v("stdout")),stderr:d(2,f.writeSync,()=>process.stderr,v("stderr")),cwd:process.cwd(),env:process.env});process.exitCode=E?2:N;
