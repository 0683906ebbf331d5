import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{d}from"./chunk-W4QZCRHW.js";import{a as u}from"./chunk-ZQLQPJ6G.js";import"./chunk-HSPEJZJA.js";import{d as a,e as h}from"./chunk-2N7VXVHX.js";import"./chunk-CL3C7ZSU.js";import"./chunk-X4NHL4C7.js";import{d as m,m as f}from"./chunk-R2BTREOY.js";import"./chunk-77QACK5F.js";import"./chunk-X2YQGXSE.js";import"./chunk-E34VAO4B.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import"./chunk-4CPHES6X.js";import"./chunk-XJI23AI4.js";import"./chunk-GGLKKBGE.js";import{a as g,b as w}from"./chunk-W5GO2G7V.js";import{a as r}from"./chunk-VVDHCKGI.js";import"./chunk-BAI2ZOGW.js";import"./chunk-2TJCKLR4.js";import"./chunk-7XHDYDMT.js";import{d as l}from"./chunk-GIDFBL4B.js";var p=l(g(),1),c=l(w(),1);var x=`Usage: ml-test-gate explain [REPORT] [--json]

Explain a JSON report written by ml-test-gate run (default: ml-test-gate-report.json): the verdict,
what failed with its numbers, the warnings, every next step that would raise the score (cheapest
first: the evidence to add, the config key, the rubric page), and the MLOps maturity levels.

Options:
  --json      print the next steps as JSON
  -h, --help  show this help`;async function y(i,t){let o=c.default.resolve(i.cwd,t),s;try{let e=await p.promises.stat(o);if(!e.isFile())throw new r(`explain: ${t} is not a file`);if(e.size>a)throw new r(`explain: ${t} is ${e.size} bytes; a report over ${a} bytes is not read`);s=await p.promises.readFile(o,"utf8")}catch(e){throw e instanceof r?e:new r(`explain: report not found: ${t} (looked for ${o})`,"Run ml-test-gate run first, or name the report: ml-test-gate explain REPORT.")}let n=h([{source:t,text:s}]);if(n.skipped.length)throw new r(`explain: ${n.skipped[0].message}`);return n.reports[0].report}async function v(i,t){let{values:o,positionals:s}=u("explain",i,{json:{type:"boolean"},help:{type:"boolean",short:"h"}},!0);if(o.help)return t.stdout(`${x}
`),0;if(s.length>1)throw new r(`explain: expected one report file, got ${s.length}`,"Run ml-test-gate explain --help.");let n=s[0]??"ml-test-gate-report.json",e=await y(t,n);return o.json?(t.stdout(`${JSON.stringify(f(e),null,2)}
`),0):(t.stdout(d(e,{steps:1/0,footer:m(e)})),0)}export{x as EXPLAIN_HELP,v as explainCommand};
