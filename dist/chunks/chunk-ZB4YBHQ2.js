import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{A as k,C as p,D as J,E as U,F as G,G as h,H as P,I as z,J as j,K as L,L as K,M as Y}from"./chunk-6RAI6E2Y.js";import{a as i,b as S,c as R}from"./chunk-75OCUWFY.js";import{a as b}from"./chunk-UBTMOUCX.js";import{a as x,b as T}from"./chunk-2RCBZNTV.js";import{a as d}from"./chunk-H6Q52S4T.js";var y={pass:"\u2705",fail:"\u274C",error:"\u26D4",attested:"\u{1F4DD}",expired:"\u231B",missing:"\u2B1C"};var $=t=>x(t,1);function rt(t){return t==null?"no baseline":t===0?"= base":`${t>0?"\u25B2":"\u25BC"} ${T(t,1)} vs base`}function f(t){let n=G(t),s=t.id==="default"?"":` (${i(t.id)})`;return`## ${n.icon} ${i(n.text)} \xB7 ML Test Score${s} ${$(t.score.final)}/7 (${rt(t.delta?.final)})`}function g(t){return`Weakest section: **${t.score.limitedBy.map(s=>b[s]).join(", ")}** \xB7 level: _${i(t.score.level.replace(/\.$/,""))}_`}function ot(t,n){return["pass","fail","error","attested","expired","missing"].map(e=>[e,t.tests.filter(o=>o.section===n&&o.status===e).length]).filter(([,e])=>e>0).map(([e,o])=>`${y[e]} ${o}`).join(" ")}function C(t){let n=t.baseline?.score.sections,s=["| Section | Base | Head | \u0394 | Tests |","|---|---:|---:|---:|---|"];for(let e of d){let o=t.score.sections[e],r=t.score.limitedBy.includes(e)?" \u2B05 weakest":"";s.push(`| ${b[e]}${r} | ${n?$(n[e].points):"\u2014"} | ${$(o.points)} | ${t.delta?T(t.delta.sections[e],1):"\u2014"} | ${ot(t,e)} |`)}return s.push(`| **Final (weakest section)** | ${t.baseline?$(t.baseline.score.final):"\u2014"} | **${$(t.score.final)}** | ${t.delta?T(t.delta.final,1):"\u2014"} | |`),s.join(`
`)}var it="\u2705 pass \xB7 \u274C fail \xB7 \u26D4 error (unmeasured) \xB7 \u{1F4DD} attested \xB7 \u231B attestation expired \xB7 \u2B1C missing";function Q(t){let n=d.map(e=>t.score.sections[e].points),s=["```mermaid","xychart-beta",`  title "Section scores${t.baseline?" (bars: head, line: base)":""}"`,`  x-axis [${d.map(e=>`"${b[e]}"`).join(", ")}]`,'  y-axis "points" 0 --> 7',`  bar [${n.join(", ")}]`];return t.baseline&&s.push(`  line [${d.map(e=>t.baseline.score.sections[e].points).join(", ")}]`),s.push("```"),s.join(`
`)}function V(t,n){let s=[t?`threshold ${i(t)}`:"",n?i(n):""].filter(Boolean).join("; ");return s?` _(${s})_`:""}function q(t,n){return`${i(t.message)}${V(t.threshold===n.threshold?void 0:t.threshold,t.method===n.method?void 0:t.method)}`}function at(t,n,s){let e=J(t),o=`- ${y[t.status]} **${t.id}** ${i(t.title)}`,r=t.status==="error"?"could not be evaluated":"failed";if(e.length===0)return`${o}: ${r}: ${i(t.details.summary)}`;if(e.length===1)return`${o}: ${q(e[0],{})}`;let a=z(e),l=e.slice(0,n),u=[`${o}: ${e.length} checks ${r}${V(a.threshold,a.method)}`];for(let c of l)u.push(`  - ${q(c,a)}`);return e.length>l.length&&u.push(`  - \u2026 ${e.length-l.length} more ${s}`),u.join(`
`)}function O(t,n,s){let e=p(t).map(r=>at(r,n,s));for(let r of U(t))e.push(`- ${i(r)}`);return e.length===0?"":`### ${t.gate.passed&&!t.gate.wouldPass?"What would fail":t.gate.passed?"Notes":"What failed"}

${e.join(`
`)}`}var lt=t=>t.length?t.map(n=>S(n)).join(", "):"no key of its own";function X(t){return`**${t.test}** ${i(t.title)} (${Y(t.gain)} to ${b[t.section]}): ${i(t.action)} \xB7 config: ${lt(t.keys)} \xB7 ${R("guide",t.doc.url)}`}function B(t){let n=t.steps[0];if(!n)return"**Next step:** none: every test earns its full point.";let s=t.steps.length>1?` (${t.steps.length-1} more below)`:"";return`**Next step:** ${i(K(t))}. ${X(n)}${s}`}function N(t,n){let s=t.steps.slice(1);if(s.length===0)return"";let e=s.slice(0,n),o=s.filter(l=>l.raisesFinal).length,r=e.map((l,u)=>`${u+2}. ${X(l)}`);return s.length>e.length&&r.push(`
\u2026 ${s.length-e.length} more in the job summary and \`ml-test-gate explain\`.`),`<details><summary>${`\u{1F9ED} ${s.length} more step${s.length===1?"":"s"}, cheapest first${o?` (${o} of them raise the weakest section)`:""}`}</summary>

${r.join(`
`)}

</details>`}function _(t,n,s){let e=P(t),o=e.reduce((c,m)=>c+m.rows.length,0),r=t.tables.filter(h),a=o+r.reduce((c,m)=>c+m.rows.length,0);if(a===0)return"";let l=[];for(let c of r)l.push(w(c,s));let u=0;for(let c of e){let m=c.rows.slice(0,n-u);if(m.length===0)break;u+=m.length;let nt=["| Test | Finding |","|---|---|",...m.map(H=>`| ${H.tests.join(", ")} | ${i(H.check.message)} |`)],F=[c.threshold?`threshold ${i(c.threshold)}`:"",c.method?`method: ${i(c.method)}`:""].filter(Boolean).join("; ");l.push(`${nt.join(`
`)}${F?`

<sub>${F}</sub>`:""}`)}return u<o&&l.push(`_${o-u} more in the job summary and the JSON report._`),`<details><summary>\u26A0\uFE0F ${a} warning${a===1?"":"s"} and inconclusive result${a===1?"":"s"} (they do not fail the gate)</summary>

${l.join(`

`)}

</details>`}function ct(t){return t===null?"undefined":typeof t=="number"?x(t):i(t)}function w(t,n){let s=t.rows.slice(0,n),e=[`#### ${i(t.title)}`,"",`| ${t.columns.map(i).join(" | ")} |`,`|${t.columns.map(()=>"---").join("|")}|`,...s.map(o=>`| ${o.map(ct).join(" | ")} |`)];return t.rows.length>s.length&&e.push(`
_${t.rows.length-s.length} more rows in the job summary and the JSON report._`),t.note&&e.push("",`<sub>${i(t.note)}</sub>`),e.join(`
`)}function M(t,n){let s=(t.delta?.tests??[]).slice(0,n);if(!s.length)return"";let e=new Map;for(let r of s){let a=`${y[r.from]}\u2192${y[r.to]}`;e.set(a,[...e.get(a)??[],r.id])}let o=(t.delta?.tests.length??0)-s.length;return`**Changed since the base branch:** ${[...e].map(([r,a])=>`${r} ${a.join(", ")}`).join(" \xB7 ")}${o>0?` \xB7 \u2026 ${o} more`:""}`}function v(t,n){let s=["| Test | Title | Status | Points | Details |","|---|---|---|---:|---|"];for(let e of t.tests){let o=e.details.attestation,r=e.details.checks.some(l=>l.status!=="pass"&&e.details.summary.startsWith(l.message)),a=n&&r?e.status==="pass"?"\u2191 Warnings":"\u2191 What failed":o&&(e.status==="attested"||e.status==="expired")?`${i(e.details.summary)} ${R("result",o.link)}`:i(e.details.summary);s.push(`| ${e.id} | ${i(e.title)} | ${y[e.status]} ${e.status} | ${x(e.points,1)} | ${a} |`)}return`<details><summary>All 28 tests</summary>

${s.join(`
`)}

<sub>${it}</sub>

</details>`}function E(t,n){if(!t.length)return"";let s=t.slice(0,n).map(e=>`- ${e.level}: ${e.file?`${S(e.file)}${e.line?`:${e.line}`:""}: `:""}${i(e.message)}`);return t.length>n&&s.push(`- \u2026 ${t.length-n} more in the JSON report`),`<details><summary>Diagnostics (${t.length})</summary>

${s.join(`
`)}

</details>`}function I(t,n){let s="\u2026 (truncated; see the JSON report)",e=[...t],o=()=>[...e,s].join(`

`).length+1;for(;e.length>2&&o()>n;)e.splice(e.length-2,1);let r=`${[...e,s].join(`

`)}
`;return r.length<=n?r:`${r.slice(0,Math.max(0,n-s.length-3))}

${s}
`}function A(t,n,s){let e=t.baseline?` \xB7 baseline: ${i(t.baseline.source)}${t.baseline.commit?` @ ${S(t.baseline.commit.slice(0,7))}`:""}`:"",o=n?` \xB7 ${R("workflow run",n)}`:"";return`<sub>${i(s)} \xB7 ml-test-gate ${i(t.tool.version)} \xB7 ML Test Score (Breck et al., 2017): 1 point per automated test, 0.5 per attested manual test, final = weakest section${e}${o}</sub>`}var tt=65536,ut=1e4,W=[{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!0},{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!1},{maxChecks:5,warnings:30,steps:8,tableRows:5,tables:!0,diagnostics:10,history:!1,allTests:!1},{maxChecks:5,warnings:30,steps:6,tableRows:0,tables:!1,diagnostics:10,history:!1,allTests:!1},{maxChecks:3,warnings:12,steps:4,tableRows:0,tables:!1,diagnostics:5,history:!1,allTests:!1},{maxChecks:2,warnings:5,steps:3,tableRows:0,tables:!1,diagnostics:3,history:!1,allTests:!1,hard:!0},{maxChecks:1,warnings:0,steps:0,tableRows:0,tables:!1,diagnostics:0,history:!1,allTests:!1,hard:!0}],mt="Full details: the job summary and the JSON report";function Ot(t){return`<!-- ml-test-gate:${t.replace(/-->/g,"")} -->`}function pt(t,n){let s=new Set(p(t).map(r=>r.id)),e=t.tables.filter(r=>!h(r)&&r.tests.some(a=>s.has(a)));if(!e.length)return"";let o=e.map(r=>w(r,n)).join(`

`);return`<details><summary>\u{1F4CA} The numbers behind the failures (${e.length} table${e.length===1?"":"s"})</summary>

${o}

</details>`}function ht(t){let n=/^<details><summary>Score history: (.*?)<\/summary>/.exec(t);return n?`**Score history:** ${n[1]} (the chart is in the job summary)`:""}function Z(t,n,s){return`${et(t,n,s).join(`

`)}
`}function et(t,n,s){let e=n.detailsHint??mt,o=L(t),r=[];return n.marker&&r.push(n.marker),n.notes?.length?r.push(f(t),...n.notes,g(t)):r.push(`${f(t)}
${g(t)}`),r.push(C(t)),r.push(O(t,s.maxChecks,"in the job summary")),r.push(B(o)),s.warnings&&r.push(_(t,s.warnings,Math.max(s.tableRows,5))),s.steps&&r.push(N(o,s.steps)),r.push(M(t,28)),s.tables&&r.push(pt(t,s.tableRows)),s.diagnostics&&r.push(E(j(t),s.diagnostics)),t.maturity&&r.push(`**MLOps maturity:** ${i(k(t.maturity))}`),n.history&&r.push(s.history?n.history:ht(n.history)),s.allTests&&r.push(v(t,!0)),s.hard&&r.push(`> [!NOTE]
> Shortened to fit GitHub's ${tt.toLocaleString("en-US")}-character limit. ${i(e)}.`),r.push(A(t,n.runUrl,e)),r.filter(Boolean)}var ft=t=>Buffer.byteLength(t,"utf8");function Bt(t,n={}){let s=n.maxLength??tt,e=n.target??ut,o;for(let r of W.filter(a=>!a.hard)){let a=Z(t,n,r);if(!(a.length>s)){if(ft(a)<=e)return a;o=a}}if(o)return o;for(let r of W.filter(a=>a.hard)){let a=Z(t,n,r);if(a.length<=s)return a}return I(et(t,n,W[W.length-1]),s)}var gt=1e6,D=[{maxChecks:50,rows:500,warnings:1e3,steps:28,tables:!0,allTests:!0},{maxChecks:20,rows:50,warnings:200,steps:28,tables:!0,allTests:!0},{maxChecks:5,rows:10,warnings:40,steps:10,tables:!0,allTests:!1},{maxChecks:2,rows:0,warnings:10,steps:5,tables:!1,allTests:!1},{maxChecks:1,rows:0,warnings:0,steps:0,tables:!1,allTests:!1}];function dt(t,n){let s=new Set(p(t).map(o=>o.id));return t.tables.filter(o=>!h(o)&&(o.alwaysShow||o.tests.some(r=>s.has(r)))).map(o=>w(o,n)).join(`

`)}function bt(t,n,s,e){return`${st(t,n,s,e).join(`

`)}
`}function st(t,n,s,e){let o=L(t),r=n.detailsHint??"The JSON report (the run\u2019s report artifact) holds every value",l=[...n.notes?.length?[f(t),...n.notes,g(t)]:[`${f(t)}
${g(t)}`],C(t),Q(t)];return l.push(O(t,s.maxChecks,"in the JSON report"),B(o)),s.warnings&&l.push(_(t,s.warnings,s.rows||5)),s.steps&&l.push(N(o,s.steps)),l.push(M(t,28)),s.tables&&l.push(dt(t,s.rows)),l.push(E(j(t),s.tables?50:5)),t.maturity&&l.push(`**MLOps maturity:** ${i(k(t.maturity))}`),n.history&&s.tables&&l.push(n.history),s.allTests&&l.push(v(t,!1)),e&&l.push(`> [!NOTE]
> Shortened to fit the job summary. ${i(r)}.`),l.push(A(t,n.runUrl,r)),l.filter(Boolean)}function At(t,n={}){let s=n.maxLength??gt;for(let e=0;e<D.length;e++){let o=bt(t,n,D[e],e>0);if(o.length<=s)return o}return I(st(t,n,D[D.length-1],!0),s)}export{f as a,tt as b,Ot as c,Bt as d,At as e};
