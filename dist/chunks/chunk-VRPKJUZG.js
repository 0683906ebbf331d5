import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as i,b as S,c as R}from"./chunk-CL3C7ZSU.js";import{c as k,e as p,f as G,g as z,h as J,i as h,j as K,k as Y,l as j,m as L,n as q,o as Q}from"./chunk-RDIBGLG6.js";import{a as b}from"./chunk-J4QWSEN3.js";import{a as $}from"./chunk-KKALJ62T.js";import{f as x,g as T,j as H}from"./chunk-L7FRQYQE.js";var ae={unit:"unit",data:"data",model:"model",integration:"integration",load:"load","shadow-ab":"shadow/A-B"},le={pass:"\u2705",fail:"\u274C",error:"\u26D4",none:"\u2B1C"};function C(e){if(!e||e.layers.length===0)return"";let n=e.layers.map(o=>`${le[o.status]} ${ae[o.layer]}`),t=e.layers.filter(o=>o.status==="none").length,s=t===e.layers.length?" (no layer has evidence)":t?" (\u2B1C no evidence)":"";return`**Test pyramid:** ${n.join(" \xB7 ")}${s}`}var y={pass:"\u2705",fail:"\u274C",error:"\u26D4",attested:"\u{1F4DD}",expired:"\u231B",missing:"\u2B1C"};var f=e=>x(e,1);function X(e){return e==null?"no baseline":e===0?"= base":`${e>0?"\u25B2":"\u25BC"} ${T(e,1)} vs base`}function g(e){let n=J(e),t=e.id==="default"?"":` (${i(e.id)})`;return`## ${n.icon} ${i(n.text)} \xB7 ML Test Score${t} ${f(e.score.final)}/7 (${X(e.delta?.final)})`}function ce(e){let n=J(e),t=e.id==="default"?"":` (${H(e.id)})`;return`${n.icon} ${H(n.text)} \xB7 ML Test Score${t} ${f(e.score.final)}/7 (${X(e.delta?.final)})`}function d(e){return`Weakest section: **${e.score.limitedBy.map(t=>b[t]).join(", ")}** \xB7 level: _${i(e.score.level.replace(/\.$/,""))}_`}function ue(e,n){return["pass","fail","error","attested","expired","missing"].map(s=>[s,e.tests.filter(o=>o.section===n&&o.status===s).length]).filter(([,s])=>s>0).map(([s,o])=>`${y[s]} ${o}`).join(" ")}function O(e){let n=e.baseline?.score.sections,t=["| Section | Base | Head | \u0394 | Tests |","|---|---:|---:|---:|---|"];for(let s of $){let o=e.score.sections[s],r=e.score.limitedBy.includes(s)?" \u2B05 weakest":"";t.push(`| ${b[s]}${r} | ${n?f(n[s].points):"\u2014"} | ${f(o.points)} | ${e.delta?T(e.delta.sections[s],1):"\u2014"} | ${ue(e,s)} |`)}return t.push(`| **Final (weakest section)** | ${e.baseline?f(e.baseline.score.final):"\u2014"} | **${f(e.score.final)}** | ${e.delta?T(e.delta.final,1):"\u2014"} | |`),t.join(`
`)}var me="\u2705 pass \xB7 \u274C fail \xB7 \u26D4 error (unmeasured) \xB7 \u{1F4DD} attested \xB7 \u231B attestation expired \xB7 \u2B1C missing";function Z(e){let n=$.map(s=>e.score.sections[s].points),t=["```mermaid","xychart-beta",`  title "Section scores${e.baseline?" (bars: head, line: base)":""}"`,`  x-axis [${$.map(s=>`"${b[s]}"`).join(", ")}]`,'  y-axis "points" 0 --> 7',`  bar [${n.join(", ")}]`];return e.baseline&&t.push(`  line [${$.map(s=>e.baseline.score.sections[s].points).join(", ")}]`),t.push("```"),t.join(`
`)}function ee(e,n){let t=[e?`threshold ${i(e)}`:"",n?i(n):""].filter(Boolean).join("; ");return t?` _(${t})_`:""}function V(e,n){return`${i(e.message)}${ee(e.threshold===n.threshold?void 0:e.threshold,e.method===n.method?void 0:e.method)}`}function pe(e,n,t){let s=G(e),o=`- ${y[e.status]} **${e.id}** ${i(e.title)}`,r=e.status==="error"?"could not be evaluated":"failed";if(s.length===0)return`${o}: ${r}: ${i(e.details.summary)}`;if(s.length===1)return`${o}: ${V(s[0],{})}`;let a=Y(s),l=s.slice(0,n),u=[`${o}: ${s.length} checks ${r}${ee(a.threshold,a.method)}`];for(let c of l)u.push(`  - ${V(c,a)}`);return s.length>l.length&&u.push(`  - \u2026 ${s.length-l.length} more ${t}`),u.join(`
`)}function N(e,n,t){let s=p(e).map(r=>pe(r,n,t));for(let r of z(e))s.push(`- ${i(r)}`);return s.length===0?"":`### ${e.gate.passed&&!e.gate.wouldPass?"What would fail":e.gate.passed?"Notes":"What failed"}

${s.join(`
`)}`}var he=e=>e.length?e.map(n=>S(n)).join(", "):"no key of its own";function te(e){return`**${e.test}** ${i(e.title)} (${Q(e.gain)} to ${b[e.section]}): ${i(e.action)} \xB7 config: ${he(e.keys)} \xB7 ${R("guide",e.doc.url)}`}function B(e){let n=e.steps[0];if(!n)return"**Next step:** none: every test earns its full point.";let t=e.steps.length>1?` (${e.steps.length-1} more below)`:"";return`**Next step:** ${i(q(e))}. ${te(n)}${t}`}function v(e,n){let t=e.steps.slice(1);if(t.length===0)return"";let s=t.slice(0,n),o=t.filter(l=>l.raisesFinal).length,r=s.map((l,u)=>`${u+2}. ${te(l)}`);return t.length>s.length&&r.push(`
\u2026 ${t.length-s.length} more in the job summary and \`ml-test-gate explain\`.`),`<details><summary>${`\u{1F9ED} ${t.length} more step${t.length===1?"":"s"}, cheapest first${o?` (${o} of them raise the weakest section)`:""}`}</summary>

${r.join(`
`)}

</details>`}function M(e,n,t){let s=K(e),o=s.reduce((c,m)=>c+m.rows.length,0),r=e.tables.filter(h),a=o+r.reduce((c,m)=>c+m.rows.length,0);if(a===0)return"";let l=[];for(let c of r)l.push(w(c,t));let u=0;for(let c of s){let m=c.rows.slice(0,n-u);if(m.length===0)break;u+=m.length;let ie=["| Test | Finding |","|---|---|",...m.map(U=>`| ${U.tests.join(", ")} | ${i(U.check.message)} |`)],P=[c.threshold?`threshold ${i(c.threshold)}`:"",c.method?`method: ${i(c.method)}`:""].filter(Boolean).join("; ");l.push(`${ie.join(`
`)}${P?`

<sub>${P}</sub>`:""}`)}return u<o&&l.push(`_${o-u} more in the job summary and the JSON report._`),`<details><summary>\u26A0\uFE0F ${a} warning${a===1?"":"s"} and inconclusive result${a===1?"":"s"} (they do not fail the gate)</summary>

${l.join(`

`)}

</details>`}function fe(e){return e===null?"undefined":typeof e=="number"?x(e):i(e)}function w(e,n){let t=e.rows.slice(0,n),s=[`#### ${i(e.title)}`,"",`| ${e.columns.map(i).join(" | ")} |`,`|${e.columns.map(()=>"---").join("|")}|`,...t.map(o=>`| ${o.map(fe).join(" | ")} |`)];return e.rows.length>t.length&&s.push(`
_${e.rows.length-t.length} more rows in the job summary and the JSON report._`),e.note&&s.push("",`<sub>${i(e.note)}</sub>`),s.join(`
`)}function _(e,n){let t=(e.delta?.tests??[]).slice(0,n);if(!t.length)return"";let s=new Map;for(let r of t){let a=`${y[r.from]}\u2192${y[r.to]}`;s.set(a,[...s.get(a)??[],r.id])}let o=(e.delta?.tests.length??0)-t.length;return`**Changed since the base branch:** ${[...s].map(([r,a])=>`${r} ${a.join(", ")}`).join(" \xB7 ")}${o>0?` \xB7 \u2026 ${o} more`:""}`}function E(e,n){let t=["| Test | Title | Status | Points | Details |","|---|---|---|---:|---|"];for(let s of e.tests){let o=s.details.attestation,r=s.details.checks.some(l=>l.status!=="pass"&&s.details.summary.startsWith(l.message)),a=n&&r?s.status==="pass"?"\u2191 Warnings":"\u2191 What failed":o&&(s.status==="attested"||s.status==="expired")?`${i(s.details.summary)} ${R("result",o.link)}`:i(s.details.summary);t.push(`| ${s.id} | ${i(s.title)} | ${y[s.status]} ${s.status} | ${x(s.points,1)} | ${a} |`)}return`<details><summary>All 28 tests</summary>

${t.join(`
`)}

<sub>${me}</sub>

</details>`}function I(e,n){if(!e.length)return"";let t=e.slice(0,n).map(s=>`- ${s.level}: ${s.file?`${S(s.file)}${s.line?`:${s.line}`:""}: `:""}${i(s.message)}`);return e.length>n&&t.push(`- \u2026 ${e.length-n} more in the JSON report`),`<details><summary>Diagnostics (${e.length})</summary>

${t.join(`
`)}

</details>`}function A(e,n){let t="\u2026 (truncated; see the JSON report)",s=[...e],o=()=>[...s,t].join(`

`).length+1;for(;s.length>2&&o()>n;)s.splice(s.length-2,1);let r=`${[...s,t].join(`

`)}
`;return r.length<=n?r:`${r.slice(0,Math.max(0,n-t.length-3))}

${t}
`}function W(e,n,t){let s=e.baseline?` \xB7 baseline: ${i(e.baseline.source)}${e.baseline.commit?` @ ${S(e.baseline.commit.slice(0,7))}`:""}`:"",o=n?` \xB7 ${R("workflow run",n)}`:"";return`<sub>${i(t.replace(/\.$/,""))} \xB7 ml-test-gate ${i(e.tool.version)} \xB7 ML Test Score (Breck et al., 2017): 1 point per automated test, 0.5 per attested manual test, final = weakest section${s}${o}</sub>`}var ne=65536,ge=1e4,D=[{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!0},{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!1},{maxChecks:5,warnings:30,steps:8,tableRows:5,tables:!0,diagnostics:10,history:!1,allTests:!1},{maxChecks:5,warnings:6,steps:6,tableRows:5,tables:!0,diagnostics:10,history:!1,allTests:!1},{maxChecks:5,warnings:30,steps:6,tableRows:0,tables:!1,diagnostics:10,history:!1,allTests:!1},{maxChecks:3,warnings:12,steps:4,tableRows:0,tables:!1,diagnostics:5,history:!1,allTests:!1},{maxChecks:2,warnings:5,steps:3,tableRows:0,tables:!1,diagnostics:3,history:!1,allTests:!1,hard:!0},{maxChecks:1,warnings:0,steps:0,tableRows:0,tables:!1,diagnostics:0,history:!1,allTests:!1,hard:!0}],de="Full details: the job summary and the JSON report";function Ie(e){return`<!-- ml-test-gate:${e.replace(/-->/g,"")} -->`}function $e(e,n){let t=new Set(p(e).map(r=>r.id)),s=e.tables.filter(r=>!h(r)&&r.tests.some(a=>t.has(a)));if(!s.length)return"";let o=s.map(r=>w(r,n)).join(`

`);return`<details><summary>\u{1F4CA} The numbers behind the failures (${s.length} table${s.length===1?"":"s"})</summary>

${o}

</details>`}function be(e){let n=/^<details><summary>Score history: (.*?)<\/summary>/.exec(e);return n?`**Score history:** ${n[1]} (the chart is in the job summary)`:""}function se(e,n,t){return`${re(e,n,t).join(`

`)}
`}function re(e,n,t){let s=n.detailsHint??de,o=L(e),r=[];return n.marker&&r.push(n.marker),n.notes?.length?r.push(g(e),...n.notes,d(e)):r.push(`${g(e)}
${d(e)}`),r.push(O(e)),r.push(N(e,t.maxChecks,"in the job summary")),r.push(B(o)),t.warnings&&r.push(M(e,t.warnings,Math.max(t.tableRows,5))),t.steps&&r.push(v(o,t.steps)),r.push(_(e,28)),t.tables&&r.push($e(e,t.tableRows)),t.diagnostics&&r.push(I(j(e),t.diagnostics)),e.pyramid&&r.push(C(e.pyramid)),e.maturity&&r.push(`**MLOps maturity:** ${i(k(e.maturity))}`),n.history&&r.push(t.history?n.history:be(n.history)),t.allTests&&r.push(E(e,!0)),t.hard&&r.push(`> [!NOTE]
> Shortened to fit GitHub's ${ne.toLocaleString("en-US")}-character limit. ${i(s.replace(/\.$/,""))}.`),r.push(W(e,n.runUrl,s)),r.filter(Boolean)}var ye=e=>Buffer.byteLength(e,"utf8");function Ae(e,n={}){let t=n.maxLength??ne,s=n.target??ge,o;for(let r of D.filter(a=>!a.hard)){let a=se(e,n,r);if(!(a.length>t)){if(ye(a)<=s)return a;o=a}}if(o)return o;for(let r of D.filter(a=>a.hard)){let a=se(e,n,r);if(a.length<=t)return a}return A(re(e,n,D[D.length-1]),t)}var we=1e6,F=[{maxChecks:50,rows:500,warnings:1e3,steps:28,tables:!0,allTests:!0},{maxChecks:20,rows:50,warnings:200,steps:28,tables:!0,allTests:!0},{maxChecks:5,rows:10,warnings:40,steps:10,tables:!0,allTests:!1},{maxChecks:2,rows:0,warnings:10,steps:5,tables:!1,allTests:!1},{maxChecks:1,rows:0,warnings:0,steps:0,tables:!1,allTests:!1}];function xe(e,n){let t=new Set(p(e).map(o=>o.id));return e.tables.filter(o=>!h(o)&&(o.alwaysShow||o.tests.some(r=>t.has(r)))).map(o=>w(o,n)).join(`

`)}function Te(e,n,t,s){return`${oe(e,n,t,s).join(`

`)}
`}function oe(e,n,t,s){let o=L(e),r=n.detailsHint??"The JSON report (the run\u2019s report artifact) holds every value",l=[...n.notes?.length?[g(e),...n.notes,d(e)]:[`${g(e)}
${d(e)}`],O(e),Z(e)];return l.push(N(e,t.maxChecks,"in the JSON report"),B(o)),t.warnings&&l.push(M(e,t.warnings,t.rows||5)),t.steps&&l.push(v(o,t.steps)),l.push(_(e,28)),t.tables&&l.push(xe(e,t.rows)),l.push(I(j(e),t.tables?50:5)),e.pyramid&&l.push(C(e.pyramid)),e.maturity&&l.push(`**MLOps maturity:** ${i(k(e.maturity))}`),n.history&&t.tables&&l.push(n.history),t.allTests&&l.push(E(e,!1)),s&&l.push(`> [!NOTE]
> Shortened to fit the job summary. ${i(r.replace(/\.$/,""))}.`),l.push(W(e,n.runUrl,r)),l.filter(Boolean)}function Ge(e,n={}){let t=n.maxLength??we;for(let s=0;s<F.length;s++){let o=Te(e,n,F[s],s>0);if(o.length<=t)return o}return A(oe(e,n,F[F.length-1],!0),t)}export{ce as a,ne as b,Ie as c,Ae as d,Ge as e};
