import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as k,b as d}from"./chunk-LPE7EOUV.js";import{d as m,e as y,g as w,m as b,n as $}from"./chunk-5GGOAPXM.js";import"./chunk-CL3C7ZSU.js";import"./chunk-25BLEMDJ.js";import"./chunk-KZ4RL6QD.js";import"./chunk-BPY3ANAH.js";import"./chunk-J4QWSEN3.js";import"./chunk-KKALJ62T.js";import{e as g}from"./chunk-MI2AIVNG.js";import"./chunk-XJI23AI4.js";import"./chunk-GGLKKBGE.js";import{a as h}from"./chunk-VVDHCKGI.js";import"./chunk-BAI2ZOGW.js";import"./chunk-2TJCKLR4.js";import"./chunk-7XHDYDMT.js";import"./chunk-GIDFBL4B.js";import{promises as c}from"node:fs";import p from"node:path";var R=`Usage: ml-test-gate history REPORT... [options]

Draw the final and section scores over time from JSON reports of the base branch (files, directories
of *.json, or quoted globs), and say which scores have fallen run after run.

Options:
  --id NAME            only reports of this gate id (default: the id of the newest report)
  --limit N            show at most the newest N runs (default 20)
  --falling N          call out a score that fell in each of the last N runs (default 2)
  --json               print the history as JSON (schemas/history.schema.json)
  --markdown-out FILE  write a Markdown section with a mermaid chart to FILE
  -h, --help           show this help

Exit codes: 0 history drawn, 2 could not run (bad flags, or no valid report).`,u=500,x=t=>/[*?[]/.test(t);async function j(t,i){if(x(t)){let r=t.replace(/\\/g,"/").split("/"),l=r.findIndex(x),o=r.slice(0,l).join("/")||(t.startsWith("/")?"/":""),e=(await g(p.resolve(i,o||".")).glob(r.slice(l).join("/"))).map(f=>o?p.posix.join(o,f):f);return e.length?{files:e}:{files:[],problem:{source:t,message:`${t}: no file matches this pattern`}}}let s;try{s=await c.stat(p.resolve(i,t))}catch{return{files:[],problem:{source:t,message:`${t}: file not found`}}}if(!s.isDirectory())return{files:[t]};let n=(await c.readdir(p.resolve(i,t))).filter(r=>r.endsWith(".json")).sort();return n.length?{files:n.map(r=>p.join(t,r))}:{files:[],problem:{source:t,message:`${t}: no .json file in this directory`}}}async function S(t,i){let s=[],n=[];for(let o of t){let a=await j(o,i);a.problem&&s.push(a.problem);for(let e of a.files)n.includes(e)||n.push(e)}n.length>u&&s.push({source:"(arguments)",message:`${n.length} report files named; only the first ${u} are read`});let r=[];for(let o of n.slice(0,u)){let a=p.resolve(i,o);try{let e=await c.stat(a);e.isFile()?e.size>m?s.push({source:o,message:`${o}: ${e.size} bytes; a report over ${m} bytes is not read`}):r.push({source:o,text:await c.readFile(a,"utf8")}):s.push({source:o,message:`${o}: not a file`})}catch(e){s.push({source:o,message:`${o}: cannot read: ${e instanceof Error?e.message:String(e)}`})}}let l=y(r);return{reports:l.reports,skipped:[...s,...l.skipped],files:n.length}}async function P(t,i){let{values:s,positionals:n}=k("history",t,{id:{type:"string"},limit:{type:"string"},falling:{type:"string"},json:{type:"boolean"},"markdown-out":{type:"string"},help:{type:"boolean",short:"h"}},!0);if(s.help)return i.stdout(`${R}
`),0;if(n.length===0)throw new h("history: name at least one report file, directory or glob","Run ml-test-gate history --help.");let r=d("history","limit",s.limit,[1,1e3]),l=d("history","falling",s.falling,[1,100]);for(let[e,f]of[["limit",r],["falling",l]])if(f!==void 0&&!Number.isInteger(f))throw new h(`history: --${e} expects a whole number, got ${f}`);let o=await S(n,i.cwd);for(let e of o.skipped)i.stderr(`ml-test-gate: history: skipped ${e.message}
`);let a=w(o.reports,{id:s.id,limit:r,minFalls:l},o.skipped);if(a.runs.length===0)throw new h(`history: no usable report among ${o.files} file(s)${s.id?` for gate id "${s.id}"`:""}`,"Each REPORT must be a JSON report written by ml-test-gate run.");if(s["markdown-out"]){let e=p.resolve(i.cwd,s["markdown-out"]);await c.mkdir(p.dirname(e),{recursive:!0}),await c.writeFile(e,`${b(a,!1)}
`)}return i.stdout(s.json?`${JSON.stringify(a,null,2)}
`:`${$(a).join(`
`)}
`),0}export{R as HISTORY_HELP,u as MAX_HISTORY_FILES,P as historyCommand,S as readReportFiles};
