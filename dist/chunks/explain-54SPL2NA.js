let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{d}from"./chunk-R5ITEZJ5.js";import{a as u}from"./chunk-65MXJQIS.js";import"./chunk-KIXVK7WQ.js";import{d as a,e as h}from"./chunk-4W7CYTVR.js";import"./chunk-QYH52P55.js";import{d as m,m as f}from"./chunk-VX3T5FG6.js";import"./chunk-SXIT2L6A.js";import"./chunk-LPM4A6WN.js";import"./chunk-ONZRYWQ6.js";import"./chunk-CPJJ327N.js";import"./chunk-7FCXWDJU.js";import"./chunk-6ESBHLNS.js";import"./chunk-HNEBUEA2.js";import"./chunk-3ZR65VXP.js";import"./chunk-WWYIMV2U.js";import{a as g,b as w}from"./chunk-WI6JJYFF.js";import"./chunk-66ND45KZ.js";import"./chunk-Y4ZWIAVF.js";import{a as r}from"./chunk-ZBU6GDT2.js";import"./chunk-QTCHZV4W.js";import{d as l}from"./chunk-VVW7EGA3.js";var p=l(g(),1),c=l(w(),1);var x=`Usage: ml-test-gate explain [REPORT] [--json]

Explain a JSON report written by ml-test-gate run (default: ml-test-gate-report.json): the verdict,
what failed with its numbers, the warnings, every next step that would raise the score (cheapest
first: the evidence to add, the config key, the rubric page), and the MLOps maturity levels.

Options:
  --json      print the next steps as JSON
  -h, --help  show this help`;async function y(i,t){let o=c.default.resolve(i.cwd,t),s;try{let e=await p.promises.stat(o);if(!e.isFile())throw new r(`explain: ${t} is not a file`);if(e.size>a)throw new r(`explain: ${t} is ${e.size} bytes; a report over ${a} bytes is not read`);s=await p.promises.readFile(o,"utf8")}catch(e){throw e instanceof r?e:new r(`explain: report not found: ${t} (looked for ${o})`,"Run ml-test-gate run first, or name the report: ml-test-gate explain REPORT.")}let n=h([{source:t,text:s}]);if(n.skipped.length)throw new r(`explain: ${n.skipped[0].message}`);return n.reports[0].report}async function v(i,t){let{values:o,positionals:s}=u("explain",i,{json:{type:"boolean"},help:{type:"boolean",short:"h"}},!0);if(o.help)return t.stdout(`${x}
`),0;if(s.length>1)throw new r(`explain: expected one report file, got ${s.length}`,"Run ml-test-gate explain --help.");let n=s[0]??"ml-test-gate-report.json",e=await y(t,n);return o.json?(t.stdout(`${JSON.stringify(f(e),null,2)}
`),0):(t.stdout(d(e,{steps:1/0,footer:m(e)})),0)}export{x as EXPLAIN_HELP,v as explainCommand};
