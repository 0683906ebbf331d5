let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{c as S,e as p,f as Y,g as q,h as U,i as h,j as Q,k as X,l as C,m as v,n as Z,o as ee}from"./chunk-VX3T5FG6.js";import{a as i,b as j,c as L}from"./chunk-SXIT2L6A.js";import{a as y}from"./chunk-CPJJ327N.js";import{a as b}from"./chunk-7FCXWDJU.js";import{a as $,b as k,e as G,f as R}from"./chunk-Y4ZWIAVF.js";var me={unit:"unit",data:"data",model:"model",integration:"integration",load:"load","shadow-ab":"shadow/A-B"},pe={pass:"\u2705",fail:"\u274C",error:"\u26D4",none:"\u2B1C"};function O(e){if(!e||e.layers.length===0)return"";let n=e.layers.map(o=>`${pe[o.status]} ${me[o.layer]}`),s=e.layers.filter(o=>o.status==="none").length,t=s===e.layers.length?" (no layer has evidence)":s?" (\u2B1C no evidence)":"";return`**Test pyramid:** ${n.join(" \xB7 ")}${t}`}var w={pass:"\u2705",fail:"\u274C",error:"\u26D4",attested:"\u{1F4DD}",expired:"\u231B",missing:"\u2B1C"};var d=e=>$(e,1);function se(e){return e==null?"no baseline":e===0?"= base":`${e>0?"\u25B2":"\u25BC"} ${k(e,1)} vs base`}function f(e){let n=U(e),s=e.id==="default"?"":` (${i(e.id)})`;return`## ${n.icon} ${i(n.text)} \xB7 ML Test Score${s} ${d(e.score.final)}/7 (${se(e.delta?.final)})`}function he(e){let n=U(e),s=e.id==="default"?"":` (${G(e.id)})`;return`${n.icon} ${G(n.text)} \xB7 ML Test Score${s} ${d(e.score.final)}/7 (${se(e.delta?.final)})`}function g(e){return`Weakest section: **${e.score.limitedBy.map(s=>y[s]).join(", ")}** \xB7 level: _${i(e.score.level.replace(/\.$/,""))}_`}function de(e,n){return["pass","fail","error","attested","expired","missing"].map(t=>[t,e.tests.filter(o=>o.section===n&&o.status===t).length]).filter(([,t])=>t>0).map(([t,o])=>`${w[t]} ${o}`).join(" ")}function B(e){let n=e.baseline?.score.sections,s=["| Section | Base | Head | \u0394 | Tests |","|---|---:|---:|---:|---|"];for(let t of b){let o=e.score.sections[t],r=e.score.limitedBy.includes(t)?" \u2B05 weakest":"";s.push(`| ${y[t]}${r} | ${n?d(n[t].points):"\u2014"} | ${d(o.points)} | ${e.delta?k(e.delta.sections[t],1):"\u2014"} | ${de(e,t)} |`)}return s.push(`| **Final (weakest section)** | ${e.baseline?d(e.baseline.score.final):"\u2014"} | **${d(e.score.final)}** | ${e.delta?k(e.delta.final,1):"\u2014"} | |`),s.join(`
`)}var fe="\u2705 pass \xB7 \u274C fail \xB7 \u26D4 error (unmeasured) \xB7 \u{1F4DD} attested \xB7 \u231B attestation expired \xB7 \u2B1C missing";function ne(e){let n=b.map(t=>e.score.sections[t].points),s=["```mermaid","xychart-beta",`  title "Section scores${e.baseline?" (bars: head, line: base)":""}"`,`  x-axis [${b.map(t=>`"${y[t]}"`).join(", ")}]`,'  y-axis "points" 0 --> 7',`  bar [${n.join(", ")}]`];return e.baseline&&s.push(`  line [${b.map(t=>e.baseline.score.sections[t].points).join(", ")}]`),s.push("```"),s.join(`
`)}function re(e,n){let s=[e?`threshold ${i(e)}`:"",n?i(n):""].filter(Boolean).join("; ");return s?` _(${s})_`:""}function te(e,n){return`${i(e.message)}${re(e.threshold===n.threshold?void 0:e.threshold,e.method===n.method?void 0:e.method)}`}function ge(e,n,s){let t=Y(e),o=`- ${w[e.status]} **${e.id}** ${i(e.title)}`,r=e.status==="error"?"could not be evaluated":"failed";if(t.length===0)return`${o}: ${r}: ${i(e.details.summary)}`;if(t.length===1)return`${o}: ${te(t[0],{})}`;let a=X(t),l=t.slice(0,n),u=[`${o}: ${t.length} checks ${r}${re(a.threshold,a.method)}`];for(let c of l)u.push(`  - ${te(c,a)}`);return t.length>l.length&&u.push(`  - \u2026 ${t.length-l.length} more ${s}`),u.join(`
`)}function N(e,n,s){let t=p(e).map(r=>ge(r,n,s));for(let r of q(e))t.push(`- ${i(r)}`);return t.length===0?"":`### ${e.gate.passed&&!e.gate.wouldPass?"What would fail":e.gate.passed?"Notes":"What failed"}

${t.join(`
`)}`}var $e=e=>e.length?e.map(n=>j(n)).join(", "):"no key of its own";function oe(e){return`**${e.test}** ${i(e.title)} (${ee(e.gain)} to ${y[e.section]}): ${i(e.action)} \xB7 config: ${$e(e.keys)} \xB7 ${L("guide",e.doc.url)}`}function M(e){let n=e.steps[0];if(!n)return"**Next step:** none: every test earns its full point.";let s=e.steps.length>1?` (${e.steps.length-1} more below)`:"";return`**Next step:** ${i(Z(e))}. ${oe(n)}${s}`}function _(e,n){let s=e.steps.slice(1);if(s.length===0)return"";let t=s.slice(0,n),o=s.filter(l=>l.raisesFinal).length,r=t.map((l,u)=>`${u+2}. ${oe(l)}`);return s.length>t.length&&r.push(`
\u2026 ${s.length-t.length} more in the job summary and \`ml-test-gate explain\`.`),`<details><summary>${`\u{1F9ED} ${s.length} more step${s.length===1?"":"s"}, cheapest first${o?` (${o} of them raise the weakest section)`:""}`}</summary>

${r.join(`
`)}

</details>`}function E(e,n,s){let t=Q(e),o=t.reduce((c,m)=>c+m.rows.length,0),r=e.tables.filter(h),a=o+r.reduce((c,m)=>c+m.rows.length,0);if(a===0)return"";let l=[];for(let c of r)l.push(T(c,s));let u=0;for(let c of t){let m=c.rows.slice(0,n-u);if(m.length===0)break;u+=m.length;let P=m.every(x=>x.check.comparison!==void 0),ue=P?be(m):["| Test | Finding |","|---|---|",...m.map(x=>`| ${x.tests.join(", ")} | ${i(x.check.message)} |`)],K=P?ye(m):void 0,V=[c.threshold?`threshold ${i(c.threshold)}`:"",K?`intervals: one-sided ${i(K)} (lower / upper bound)`:"",P?"can detect: the smallest change in the bad direction this comparison detects with 80% power":"",c.method?`method: ${i(c.method)}`:""].filter(Boolean).join("; ");l.push(`${ue.join(`
`)}${V?`

<sub>${V}</sub>`:""}`)}return u<o&&l.push(`_${o-u} more in the job summary and the JSON report._`),`<details><summary>\u26A0\uFE0F ${a} warning${a===1?"":"s"} and inconclusive result${a===1?"":"s"} (they do not fail the gate)</summary>

${l.join(`

`)}

</details>`}function be(e){let n=["| Test | Slice | Metric | Base | Head | \u0394 [interval] | Verdict |","|---|---|---|---:|---:|---|---|"];for(let s of e){let t=s.check.comparison,o=`${t.slice===void 0?"all":i(t.slice)}${t.n===void 0?"":` (n = ${R(t.n)})`}`,r=t.detectable===null||t.detectable===void 0?"":`; can detect ${$(t.detectable)}`;n.push(`| ${s.tests.join(", ")} | ${o} | ${i(t.metric)} | ${z(t.base)} | ${z(t.head)} | ${i(t.delta)} | ${t.verdict}${r} |`)}return n}function ye(e){let n=e[0]?.check.comparison?.levels;return n!==void 0&&e.every(s=>s.check.comparison?.levels===n)?n:void 0}function z(e){return e===null?"undefined":typeof e=="number"?$(e):i(e)}function T(e,n){let s=e.rows.slice(0,n),t=[`#### ${i(e.title)}`,"",`| ${e.columns.map(i).join(" | ")} |`,`|${e.columns.map(()=>"---").join("|")}|`,...s.map(o=>`| ${o.map(z).join(" | ")} |`)];return e.rows.length>s.length&&t.push(`
_${e.rows.length-s.length} more rows in the job summary and the JSON report._`),e.note&&t.push("",`<sub>${i(e.note)}</sub>`),t.join(`
`)}function I(e,n){let s=(e.delta?.tests??[]).slice(0,n);if(!s.length)return"";let t=new Map;for(let r of s){let a=`${w[r.from]}\u2192${w[r.to]}`;t.set(a,[...t.get(a)??[],r.id])}let o=(e.delta?.tests.length??0)-s.length;return`**Changed since the base branch:** ${[...t].map(([r,a])=>`${r} ${a.join(", ")}`).join(" \xB7 ")}${o>0?` \xB7 \u2026 ${o} more`:""}`}function W(e,n){let s=["| Test | Title | Status | Points | Details |","|---|---|---|---:|---|"];for(let t of e.tests){let o=t.details.attestation,r=t.details.checks.some(l=>l.status!=="pass"&&t.details.summary.startsWith(l.message)),a=n&&r?t.status==="pass"?"\u2191 Warnings":"\u2191 What failed":o&&(t.status==="attested"||t.status==="expired")?`${i(t.details.summary)} ${L("result",o.link)}`:i(t.details.summary);s.push(`| ${t.id} | ${i(t.title)} | ${w[t.status]} ${t.status} | ${$(t.points,1)} | ${a} |`)}return`<details><summary>All 28 tests</summary>

${s.join(`
`)}

<sub>${fe}</sub>

</details>`}function A(e,n){if(!e.length)return"";let s=e.slice(0,n).map(t=>`- ${t.level}: ${t.file?`${j(t.file)}${t.line?`:${t.line}`:""}: `:""}${i(t.message)}`);return e.length>n&&s.push(`- \u2026 ${e.length-n} more in the JSON report`),`<details><summary>Diagnostics (${e.length})</summary>

${s.join(`
`)}

</details>`}function D(e,n){let s="\u2026 (truncated; see the JSON report)",t=[...e],o=()=>[...t,s].join(`

`).length+1;for(;t.length>2&&o()>n;)t.splice(t.length-2,1);let r=`${[...t,s].join(`

`)}
`;return r.length<=n?r:`${r.slice(0,Math.max(0,n-s.length-3))}

${s}
`}function F(e,n,s){let t=e.baseline?` \xB7 baseline: ${i(e.baseline.source)}${e.baseline.commit?` @ ${j(e.baseline.commit.slice(0,7))}`:""}`:"",o=n?` \xB7 ${L("workflow run",n)}`:"";return`<sub>${i(s.replace(/\.$/,""))} \xB7 ml-test-gate ${i(e.tool.version)} \xB7 ML Test Score (Breck et al., 2017): 1 point per automated test, 0.5 per attested manual test, final = weakest section${t}${o}</sub>`}var ae=65536,we=1e4,H=[{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!0},{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!1},{maxChecks:5,warnings:30,steps:8,tableRows:5,tables:!0,diagnostics:10,history:!1,allTests:!1},{maxChecks:5,warnings:6,steps:6,tableRows:5,tables:!0,diagnostics:10,history:!1,allTests:!1},{maxChecks:5,warnings:30,steps:6,tableRows:0,tables:!1,diagnostics:10,history:!1,allTests:!1},{maxChecks:3,warnings:12,steps:4,tableRows:0,tables:!1,diagnostics:5,history:!1,allTests:!1},{maxChecks:2,warnings:5,steps:3,tableRows:0,tables:!1,diagnostics:3,history:!1,allTests:!1,hard:!0},{maxChecks:1,warnings:0,steps:0,tableRows:0,tables:!1,diagnostics:0,history:!1,allTests:!1,hard:!0}],Te="Full details: the job summary and the JSON report";function Je(e){return`<!-- ml-test-gate:${e.replace(/-->/g,"")} -->`}function xe(e,n){let s=new Set(p(e).map(r=>r.id)),t=e.tables.filter(r=>!h(r)&&r.tests.some(a=>s.has(a)));if(!t.length)return"";let o=t.map(r=>T(r,n)).join(`

`);return`<details><summary>\u{1F4CA} The numbers behind the failures (${t.length} table${t.length===1?"":"s"})</summary>

${o}

</details>`}function ke(e){let n=/^<details><summary>Score history: (.*?)<\/summary>/.exec(e);return n?`**Score history:** ${n[1]} (the chart is in the job summary)`:""}function ie(e,n,s){return`${le(e,n,s).join(`

`)}
`}function le(e,n,s){let t=n.detailsHint??Te,o=v(e),r=[];return n.marker&&r.push(n.marker),n.notes?.length?r.push(f(e),...n.notes,g(e)):r.push(`${f(e)}
${g(e)}`),r.push(B(e)),r.push(N(e,s.maxChecks,"in the job summary")),r.push(M(o)),s.warnings&&r.push(E(e,s.warnings,Math.max(s.tableRows,5))),s.steps&&r.push(_(o,s.steps)),r.push(I(e,28)),s.tables&&r.push(xe(e,s.tableRows)),s.diagnostics&&r.push(A(C(e),s.diagnostics)),e.pyramid&&r.push(O(e.pyramid)),e.maturity&&r.push(`**MLOps maturity:** ${i(S(e.maturity))}`),n.history&&r.push(s.history?n.history:ke(n.history)),s.allTests&&r.push(W(e,!0)),s.hard&&r.push(`> [!NOTE]
> Shortened to fit GitHub's ${R(ae)}-character limit. ${i(t.replace(/\.$/,""))}.`),r.push(F(e,n.runUrl,t)),r.filter(Boolean)}var Re=e=>Buffer.byteLength(e,"utf8");function Pe(e,n={}){let s=n.maxLength??ae,t=n.target??we,o;for(let r of H.filter(a=>!a.hard)){let a=ie(e,n,r);if(!(a.length>s)){if(Re(a)<=t)return a;o=a}}if(o)return o;for(let r of H.filter(a=>a.hard)){let a=ie(e,n,r);if(a.length<=s)return a}return D(le(e,n,H[H.length-1]),s)}var Se=1e6,J=[{maxChecks:50,rows:500,warnings:1e3,steps:28,tables:!0,allTests:!0},{maxChecks:20,rows:50,warnings:200,steps:28,tables:!0,allTests:!0},{maxChecks:5,rows:10,warnings:40,steps:10,tables:!0,allTests:!1},{maxChecks:2,rows:0,warnings:10,steps:5,tables:!1,allTests:!1},{maxChecks:1,rows:0,warnings:0,steps:0,tables:!1,allTests:!1}];function je(e,n){let s=new Set(p(e).map(o=>o.id));return e.tables.filter(o=>!h(o)&&(o.alwaysShow||o.tests.some(r=>s.has(r)))).map(o=>T(o,n)).join(`

`)}function Le(e,n,s,t){return`${ce(e,n,s,t).join(`

`)}
`}function ce(e,n,s,t){let o=v(e),r=n.detailsHint??"The JSON report (the run\u2019s report artifact) holds every value",l=[...n.notes?.length?[f(e),...n.notes,g(e)]:[`${f(e)}
${g(e)}`],B(e),ne(e)];return l.push(N(e,s.maxChecks,"in the JSON report"),M(o)),s.warnings&&l.push(E(e,s.warnings,s.rows||5)),s.steps&&l.push(_(o,s.steps)),l.push(I(e,28)),s.tables&&l.push(je(e,s.rows)),l.push(A(C(e),s.tables?50:5)),e.pyramid&&l.push(O(e.pyramid)),e.maturity&&l.push(`**MLOps maturity:** ${i(S(e.maturity))}`),n.history&&s.tables&&l.push(n.history),s.allTests&&l.push(W(e,!1)),t&&l.push(`> [!NOTE]
> Shortened to fit the job summary. ${i(r.replace(/\.$/,""))}.`),l.push(F(e,n.runUrl,r)),l.filter(Boolean)}function Qe(e,n={}){let s=n.maxLength??Se;for(let t=0;t<J.length;t++){let o=Le(e,n,J[t],t>0);if(o.length<=s)return o}return D(ce(e,n,J[J.length-1],!0),s)}export{he as a,ae as b,Je as c,Pe as d,Qe as e};
