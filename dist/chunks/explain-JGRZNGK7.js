import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{d as h}from"./chunk-PSQVHAGD.js";import{a as f}from"./chunk-LPE7EOUV.js";import{d as a,e as l}from"./chunk-5GGOAPXM.js";import"./chunk-CL3C7ZSU.js";import"./chunk-25BLEMDJ.js";import{d as p,m}from"./chunk-GR7HPPF6.js";import"./chunk-77QACK5F.js";import"./chunk-KZ4RL6QD.js";import"./chunk-BPY3ANAH.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import"./chunk-MI2AIVNG.js";import"./chunk-XJI23AI4.js";import"./chunk-GGLKKBGE.js";import{a as r}from"./chunk-VVDHCKGI.js";import"./chunk-BAI2ZOGW.js";import"./chunk-2TJCKLR4.js";import"./chunk-7XHDYDMT.js";import"./chunk-GIDFBL4B.js";import{promises as d}from"node:fs";import u from"node:path";var c=`Usage: ml-test-gate explain [REPORT] [--json]

Explain a JSON report written by ml-test-gate run (default: ml-test-gate-report.json): the verdict,
what failed with its numbers, the warnings, every next step that would raise the score (cheapest
first: the evidence to add, the config key, the rubric page), and the MLOps maturity levels.

Options:
  --json      print the next steps as JSON
  -h, --help  show this help`;async function g(i,t){let o=u.resolve(i.cwd,t),s;try{let e=await d.stat(o);if(!e.isFile())throw new r(`explain: ${t} is not a file`);if(e.size>a)throw new r(`explain: ${t} is ${e.size} bytes; a report over ${a} bytes is not read`);s=await d.readFile(o,"utf8")}catch(e){throw e instanceof r?e:new r(`explain: report not found: ${t} (looked for ${o})`,"Run ml-test-gate run first, or name the report: ml-test-gate explain REPORT.")}let n=l([{source:t,text:s}]);if(n.skipped.length)throw new r(`explain: ${n.skipped[0].message}`);return n.reports[0].report}async function j(i,t){let{values:o,positionals:s}=f("explain",i,{json:{type:"boolean"},help:{type:"boolean",short:"h"}},!0);if(o.help)return t.stdout(`${c}
`),0;if(s.length>1)throw new r(`explain: expected one report file, got ${s.length}`,"Run ml-test-gate explain --help.");let n=s[0]??"ml-test-gate-report.json",e=await g(t,n);return o.json?(t.stdout(`${JSON.stringify(m(e),null,2)}
`),0):(t.stdout(h(e,{steps:1/0,footer:p(e)})),0)}export{c as EXPLAIN_HELP,j as explainCommand};
