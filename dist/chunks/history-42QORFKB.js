import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as d,d as w,f as b,l as $,m as k}from"./chunk-YYNS4NNP.js";import"./chunk-AWDZ764I.js";import{a as g,b as c}from"./chunk-3SYUEPML.js";import"./chunk-75OCUWFY.js";import"./chunk-UBTMOUCX.js";import{e as y}from"./chunk-5QDL7EJZ.js";import"./chunk-2RCBZNTV.js";import"./chunk-H6Q52S4T.js";import"./chunk-HGSFUSFK.js";import{a as h}from"./chunk-KW366CL2.js";import"./chunk-NYRTOUVY.js";import{promises as f}from"node:fs";import l from"node:path";var R=`Usage: ml-test-gate history REPORT... [options]

Draw the final and section scores over time from JSON reports of the base branch (files, directories
of *.json, or quoted globs), and say which scores have fallen run after run.

Options:
  --id NAME            only reports of this gate id (default: the id of the newest report)
  --limit N            show at most the newest N runs (default 20)
  --falling N          call out a score that fell in each of the last N runs (default 2)
  --json               print the history as JSON (schemas/history.schema.json)
  --markdown-out FILE  write a Markdown section with a mermaid chart to FILE
  -h, --help           show this help

Exit codes: 0 history drawn, 2 could not run (bad flags, or no valid report).`,u=500,S=e=>/[*?[]/.test(e);async function E(e,n){if(S(e)){let i=l.isAbsolute(e),s=(await y(i?l.parse(e).root:n).glob(i?e.slice(l.parse(e).root.length):e)).map(r=>i?l.join(l.parse(e).root,r):r);return s.length?{files:s}:{files:[],problem:{source:e,message:`${e}: no file matches this pattern`}}}let t;try{t=await f.stat(l.resolve(n,e))}catch{return{files:[],problem:{source:e,message:`${e}: file not found`}}}if(!t.isDirectory())return{files:[e]};let a=(await f.readdir(l.resolve(n,e))).filter(i=>i.endsWith(".json")).sort();return a.length?{files:a.map(i=>l.join(e,i))}:{files:[],problem:{source:e,message:`${e}: no .json file in this directory`}}}async function O(e,n){let t=[],a=[];for(let s of e){let r=await E(s,n);r.problem&&t.push(r.problem);for(let o of r.files)a.includes(o)||a.push(o)}a.length>u&&t.push({source:"(arguments)",message:`${a.length} report files named; only the first ${u} are read`});let i=[];for(let s of a.slice(0,u)){let r=l.resolve(n,s);try{let o=await f.stat(r);o.isFile()?o.size>d?t.push({source:s,message:`${s}: ${o.size} bytes; a report over ${d} bytes is not read`}):i.push({source:s,text:await f.readFile(r,"utf8")}):t.push({source:s,message:`${s}: not a file`})}catch(o){t.push({source:s,message:`${s}: cannot read: ${o instanceof Error?o.message:String(o)}`})}}let p=w(i);return{reports:p.reports,skipped:[...t,...p.skipped],files:a.length}}async function P(e,n){let{values:t,positionals:a}=g("history",e,{id:{type:"string"},limit:{type:"string"},falling:{type:"string"},json:{type:"boolean"},"markdown-out":{type:"string"},help:{type:"boolean",short:"h"}},!0);if(t.help)return n.stdout(`${R}
`),0;if(a.length===0)throw new h("history: name at least one report file, directory or glob","Run ml-test-gate history --help.");let i=c("history","limit",t.limit,[1,1e3]),p=c("history","falling",t.falling,[1,100]);for(let[o,m]of[["limit",i],["falling",p]])if(m!==void 0&&!Number.isInteger(m))throw new h(`history: --${o} expects a whole number, got ${m}`);let s=await O(a,n.cwd);for(let o of s.skipped)n.stderr(`ml-test-gate: history: skipped ${o.message}
`);let r=b(s.reports,{id:t.id,limit:i,minFalls:p},s.skipped);if(r.runs.length===0)throw new h(`history: no usable report among ${s.files} file(s)${t.id?` for gate id "${t.id}"`:""}`,"Each REPORT must be a JSON report written by ml-test-gate run.");if(t["markdown-out"]){let o=l.resolve(n.cwd,t["markdown-out"]);await f.mkdir(l.dirname(o),{recursive:!0}),await f.writeFile(o,`${$(r,!1)}
`)}return n.stdout(t.json?`${JSON.stringify(r,null,2)}
`:`${k(r).join(`
`)}
`),0}export{R as HISTORY_HELP,u as MAX_HISTORY_FILES,P as historyCommand,O as readReportFiles};
