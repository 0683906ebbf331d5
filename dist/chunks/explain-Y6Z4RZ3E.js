let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{m0_d as d}from"./shared16-A1B51B67.js";import{m0_a as u}from"./shared31-FD884FB2.js";import{d as a,e as h}from"./chunk-H2AW4PAB.js";import"./chunk-QYH52P55.js";import{m1_d as m,m1_m as f}from"./shared16-A1B51B67.js";import"./shared24-A6346ED0.js";import"./shared25-DE754524.js";import"./shared26-B5083395.js";import"./shared24-A6346ED0.js";import"./shared25-DE754524.js";import"./shared16-A1B51B67.js";import"./shared26-B5083395.js";import"./chunk-YJ3ET6YY.js";import"./shared31-FD884FB2.js";import{m2_a as l}from"./shared31-FD884FB2.js";import"./shared31-FD884FB2.js";import"./shared31-FD884FB2.js";import{a as r}from"./chunk-ZBU6GDT2.js";import{a as g}from"./chunk-V22EFYHI.js";import"./shared31-FD884FB2.js";import{d as c}from"./chunk-VVW7EGA3.js";var p=c(g(),1);var w=`Usage: ml-test-gate explain [REPORT] [--json]

Explain a JSON report written by ml-test-gate run (default: ml-test-gate-report.json): the verdict,
what failed with its numbers, the warnings, every next step that would raise the score (cheapest
first: the evidence to add, the config key, the rubric page), and the MLOps maturity levels.

Options:
  --json      print the next steps as JSON
  -h, --help  show this help`;async function x(i,t){let o=l.resolve(i.cwd,t),s;try{let e=await p.promises.stat(o);if(!e.isFile())throw new r(`explain: ${t} is not a file`);if(e.size>a)throw new r(`explain: ${t} is ${e.size} bytes; a report over ${a} bytes is not read`);s=await p.promises.readFile(o,"utf8")}catch(e){throw e instanceof r?e:new r(`explain: report not found: ${t} (looked for ${o})`,"Run ml-test-gate run first, or name the report: ml-test-gate explain REPORT.")}let n=h([{source:t,text:s}]);if(n.skipped.length)throw new r(`explain: ${n.skipped[0].message}`);return n.reports[0].report}async function v(i,t){let{values:o,positionals:s}=u("explain",i,{json:{type:"boolean"},help:{type:"boolean",short:"h"}},!0);if(o.help)return t.stdout(`${w}
`),0;if(s.length>1)throw new r(`explain: expected one report file, got ${s.length}`,"Run ml-test-gate explain --help.");let n=s[0]??"ml-test-gate-report.json",e=await x(t,n);return o.json?(t.stdout(`${JSON.stringify(f(e),null,2)}
`),0):(t.stdout(d(e,{steps:1/0,footer:m(e)})),0)}export{w as EXPLAIN_HELP,v as explainCommand};
