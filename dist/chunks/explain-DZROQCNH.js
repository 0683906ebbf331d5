import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as a,d as f}from"./chunk-YYNS4NNP.js";import"./chunk-AWDZ764I.js";import{d as m}from"./chunk-355EU462.js";import{B as p,K as l}from"./chunk-DYQWW7TZ.js";import"./chunk-I6JH7MOJ.js";import"./chunk-5KLSW5IM.js";import"./chunk-3OLEQOHP.js";import"./chunk-YEYV376Y.js";import{a as h}from"./chunk-3SYUEPML.js";import"./chunk-75OCUWFY.js";import"./chunk-UBTMOUCX.js";import"./chunk-5QDL7EJZ.js";import"./chunk-2RCBZNTV.js";import"./chunk-H6Q52S4T.js";import"./chunk-HGSFUSFK.js";import{a as r}from"./chunk-KW366CL2.js";import"./chunk-NYRTOUVY.js";import{promises as d}from"node:fs";import u from"node:path";var c=`Usage: ml-test-gate explain [REPORT] [--json]

Explain a JSON report written by ml-test-gate run (default: ml-test-gate-report.json): the verdict,
what failed with its numbers, the warnings, every next step that would raise the score (cheapest
first: the evidence to add, the config key, the rubric page), and the MLOps maturity levels.

Options:
  --json      print the next steps as JSON
  -h, --help  show this help`;async function g(i,t){let o=u.resolve(i.cwd,t),s;try{let e=await d.stat(o);if(!e.isFile())throw new r(`explain: ${t} is not a file`);if(e.size>a)throw new r(`explain: ${t} is ${e.size} bytes; a report over ${a} bytes is not read`);s=await d.readFile(o,"utf8")}catch(e){throw e instanceof r?e:new r(`explain: report not found: ${t} (looked for ${o})`,"Run ml-test-gate run first, or name the report: ml-test-gate explain REPORT.")}let n=f([{source:t,text:s}]);if(n.skipped.length)throw new r(`explain: ${n.skipped[0].message}`);return n.reports[0].report}async function j(i,t){let{values:o,positionals:s}=h("explain",i,{json:{type:"boolean"},help:{type:"boolean",short:"h"}},!0);if(o.help)return t.stdout(`${c}
`),0;if(s.length>1)throw new r(`explain: expected one report file, got ${s.length}`,"Run ml-test-gate explain --help.");let n=s[0]??"ml-test-gate-report.json",e=await g(t,n);return o.json?(t.stdout(`${JSON.stringify(l(e),null,2)}
`),0):(t.stdout(m(e,{steps:1/0,footer:p(e)})),0)}export{c as EXPLAIN_HELP,j as explainCommand};
