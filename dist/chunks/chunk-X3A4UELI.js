import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{A as k,C as p,D as G,E as P,F as H,G as h,H as z,I as K,J as j,K as L,L as Y,M as q}from"./chunk-DYQWW7TZ.js";import{a as i,b as S,c as R}from"./chunk-75OCUWFY.js";import{a as b}from"./chunk-UBTMOUCX.js";import{a as x,b as T,d as F}from"./chunk-2RCBZNTV.js";import{a as $}from"./chunk-H6Q52S4T.js";var y={pass:"\u2705",fail:"\u274C",error:"\u26D4",attested:"\u{1F4DD}",expired:"\u231B",missing:"\u2B1C"};var f=e=>x(e,1);function V(e){return e==null?"no baseline":e===0?"= base":`${e>0?"\u25B2":"\u25BC"} ${T(e,1)} vs base`}function g(e){let n=H(e),s=e.id==="default"?"":` (${i(e.id)})`;return`## ${n.icon} ${i(n.text)} \xB7 ML Test Score${s} ${f(e.score.final)}/7 (${V(e.delta?.final)})`}function ie(e){let n=H(e),s=e.id==="default"?"":` (${F(e.id)})`;return`${n.icon} ${F(n.text)} \xB7 ML Test Score${s} ${f(e.score.final)}/7 (${V(e.delta?.final)})`}function d(e){return`Weakest section: **${e.score.limitedBy.map(s=>b[s]).join(", ")}** \xB7 level: _${i(e.score.level.replace(/\.$/,""))}_`}function ae(e,n){return["pass","fail","error","attested","expired","missing"].map(t=>[t,e.tests.filter(o=>o.section===n&&o.status===t).length]).filter(([,t])=>t>0).map(([t,o])=>`${y[t]} ${o}`).join(" ")}function C(e){let n=e.baseline?.score.sections,s=["| Section | Base | Head | \u0394 | Tests |","|---|---:|---:|---:|---|"];for(let t of $){let o=e.score.sections[t],r=e.score.limitedBy.includes(t)?" \u2B05 weakest":"";s.push(`| ${b[t]}${r} | ${n?f(n[t].points):"\u2014"} | ${f(o.points)} | ${e.delta?T(e.delta.sections[t],1):"\u2014"} | ${ae(e,t)} |`)}return s.push(`| **Final (weakest section)** | ${e.baseline?f(e.baseline.score.final):"\u2014"} | **${f(e.score.final)}** | ${e.delta?T(e.delta.final,1):"\u2014"} | |`),s.join(`
`)}var le="\u2705 pass \xB7 \u274C fail \xB7 \u26D4 error (unmeasured) \xB7 \u{1F4DD} attested \xB7 \u231B attestation expired \xB7 \u2B1C missing";function X(e){let n=$.map(t=>e.score.sections[t].points),s=["```mermaid","xychart-beta",`  title "Section scores${e.baseline?" (bars: head, line: base)":""}"`,`  x-axis [${$.map(t=>`"${b[t]}"`).join(", ")}]`,'  y-axis "points" 0 --> 7',`  bar [${n.join(", ")}]`];return e.baseline&&s.push(`  line [${$.map(t=>e.baseline.score.sections[t].points).join(", ")}]`),s.push("```"),s.join(`
`)}function Z(e,n){let s=[e?`threshold ${i(e)}`:"",n?i(n):""].filter(Boolean).join("; ");return s?` _(${s})_`:""}function Q(e,n){return`${i(e.message)}${Z(e.threshold===n.threshold?void 0:e.threshold,e.method===n.method?void 0:e.method)}`}function ce(e,n,s){let t=G(e),o=`- ${y[e.status]} **${e.id}** ${i(e.title)}`,r=e.status==="error"?"could not be evaluated":"failed";if(t.length===0)return`${o}: ${r}: ${i(e.details.summary)}`;if(t.length===1)return`${o}: ${Q(t[0],{})}`;let a=K(t),l=t.slice(0,n),u=[`${o}: ${t.length} checks ${r}${Z(a.threshold,a.method)}`];for(let c of l)u.push(`  - ${Q(c,a)}`);return t.length>l.length&&u.push(`  - \u2026 ${t.length-l.length} more ${s}`),u.join(`
`)}function O(e,n,s){let t=p(e).map(r=>ce(r,n,s));for(let r of P(e))t.push(`- ${i(r)}`);return t.length===0?"":`### ${e.gate.passed&&!e.gate.wouldPass?"What would fail":e.gate.passed?"Notes":"What failed"}

${t.join(`
`)}`}var ue=e=>e.length?e.map(n=>S(n)).join(", "):"no key of its own";function ee(e){return`**${e.test}** ${i(e.title)} (${q(e.gain)} to ${b[e.section]}): ${i(e.action)} \xB7 config: ${ue(e.keys)} \xB7 ${R("guide",e.doc.url)}`}function N(e){let n=e.steps[0];if(!n)return"**Next step:** none: every test earns its full point.";let s=e.steps.length>1?` (${e.steps.length-1} more below)`:"";return`**Next step:** ${i(Y(e))}. ${ee(n)}${s}`}function B(e,n){let s=e.steps.slice(1);if(s.length===0)return"";let t=s.slice(0,n),o=s.filter(l=>l.raisesFinal).length,r=t.map((l,u)=>`${u+2}. ${ee(l)}`);return s.length>t.length&&r.push(`
\u2026 ${s.length-t.length} more in the job summary and \`ml-test-gate explain\`.`),`<details><summary>${`\u{1F9ED} ${s.length} more step${s.length===1?"":"s"}, cheapest first${o?` (${o} of them raise the weakest section)`:""}`}</summary>

${r.join(`
`)}

</details>`}function v(e,n,s){let t=z(e),o=t.reduce((c,m)=>c+m.rows.length,0),r=e.tables.filter(h),a=o+r.reduce((c,m)=>c+m.rows.length,0);if(a===0)return"";let l=[];for(let c of r)l.push(w(c,s));let u=0;for(let c of t){let m=c.rows.slice(0,n-u);if(m.length===0)break;u+=m.length;let oe=["| Test | Finding |","|---|---|",...m.map(U=>`| ${U.tests.join(", ")} | ${i(U.check.message)} |`)],J=[c.threshold?`threshold ${i(c.threshold)}`:"",c.method?`method: ${i(c.method)}`:""].filter(Boolean).join("; ");l.push(`${oe.join(`
`)}${J?`

<sub>${J}</sub>`:""}`)}return u<o&&l.push(`_${o-u} more in the job summary and the JSON report._`),`<details><summary>\u26A0\uFE0F ${a} warning${a===1?"":"s"} and inconclusive result${a===1?"":"s"} (they do not fail the gate)</summary>

${l.join(`

`)}

</details>`}function me(e){return e===null?"undefined":typeof e=="number"?x(e):i(e)}function w(e,n){let s=e.rows.slice(0,n),t=[`#### ${i(e.title)}`,"",`| ${e.columns.map(i).join(" | ")} |`,`|${e.columns.map(()=>"---").join("|")}|`,...s.map(o=>`| ${o.map(me).join(" | ")} |`)];return e.rows.length>s.length&&t.push(`
_${e.rows.length-s.length} more rows in the job summary and the JSON report._`),e.note&&t.push("",`<sub>${i(e.note)}</sub>`),t.join(`
`)}function M(e,n){let s=(e.delta?.tests??[]).slice(0,n);if(!s.length)return"";let t=new Map;for(let r of s){let a=`${y[r.from]}\u2192${y[r.to]}`;t.set(a,[...t.get(a)??[],r.id])}let o=(e.delta?.tests.length??0)-s.length;return`**Changed since the base branch:** ${[...t].map(([r,a])=>`${r} ${a.join(", ")}`).join(" \xB7 ")}${o>0?` \xB7 \u2026 ${o} more`:""}`}function _(e,n){let s=["| Test | Title | Status | Points | Details |","|---|---|---|---:|---|"];for(let t of e.tests){let o=t.details.attestation,r=t.details.checks.some(l=>l.status!=="pass"&&t.details.summary.startsWith(l.message)),a=n&&r?t.status==="pass"?"\u2191 Warnings":"\u2191 What failed":o&&(t.status==="attested"||t.status==="expired")?`${i(t.details.summary)} ${R("result",o.link)}`:i(t.details.summary);s.push(`| ${t.id} | ${i(t.title)} | ${y[t.status]} ${t.status} | ${x(t.points,1)} | ${a} |`)}return`<details><summary>All 28 tests</summary>

${s.join(`
`)}

<sub>${le}</sub>

</details>`}function E(e,n){if(!e.length)return"";let s=e.slice(0,n).map(t=>`- ${t.level}: ${t.file?`${S(t.file)}${t.line?`:${t.line}`:""}: `:""}${i(t.message)}`);return e.length>n&&s.push(`- \u2026 ${e.length-n} more in the JSON report`),`<details><summary>Diagnostics (${e.length})</summary>

${s.join(`
`)}

</details>`}function I(e,n){let s="\u2026 (truncated; see the JSON report)",t=[...e],o=()=>[...t,s].join(`

`).length+1;for(;t.length>2&&o()>n;)t.splice(t.length-2,1);let r=`${[...t,s].join(`

`)}
`;return r.length<=n?r:`${r.slice(0,Math.max(0,n-s.length-3))}

${s}
`}function A(e,n,s){let t=e.baseline?` \xB7 baseline: ${i(e.baseline.source)}${e.baseline.commit?` @ ${S(e.baseline.commit.slice(0,7))}`:""}`:"",o=n?` \xB7 ${R("workflow run",n)}`:"";return`<sub>${i(s.replace(/\.$/,""))} \xB7 ml-test-gate ${i(e.tool.version)} \xB7 ML Test Score (Breck et al., 2017): 1 point per automated test, 0.5 per attested manual test, final = weakest section${t}${o}</sub>`}var se=65536,pe=1e4,W=[{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!0},{maxChecks:5,warnings:40,steps:8,tableRows:8,tables:!0,diagnostics:10,history:!0,allTests:!1},{maxChecks:5,warnings:30,steps:8,tableRows:5,tables:!0,diagnostics:10,history:!1,allTests:!1},{maxChecks:5,warnings:30,steps:6,tableRows:0,tables:!1,diagnostics:10,history:!1,allTests:!1},{maxChecks:3,warnings:12,steps:4,tableRows:0,tables:!1,diagnostics:5,history:!1,allTests:!1},{maxChecks:2,warnings:5,steps:3,tableRows:0,tables:!1,diagnostics:3,history:!1,allTests:!1,hard:!0},{maxChecks:1,warnings:0,steps:0,tableRows:0,tables:!1,diagnostics:0,history:!1,allTests:!1,hard:!0}],he="Full details: the job summary and the JSON report";function Be(e){return`<!-- ml-test-gate:${e.replace(/-->/g,"")} -->`}function fe(e,n){let s=new Set(p(e).map(r=>r.id)),t=e.tables.filter(r=>!h(r)&&r.tests.some(a=>s.has(a)));if(!t.length)return"";let o=t.map(r=>w(r,n)).join(`

`);return`<details><summary>\u{1F4CA} The numbers behind the failures (${t.length} table${t.length===1?"":"s"})</summary>

${o}

</details>`}function ge(e){let n=/^<details><summary>Score history: (.*?)<\/summary>/.exec(e);return n?`**Score history:** ${n[1]} (the chart is in the job summary)`:""}function te(e,n,s){return`${ne(e,n,s).join(`

`)}
`}function ne(e,n,s){let t=n.detailsHint??he,o=L(e),r=[];return n.marker&&r.push(n.marker),n.notes?.length?r.push(g(e),...n.notes,d(e)):r.push(`${g(e)}
${d(e)}`),r.push(C(e)),r.push(O(e,s.maxChecks,"in the job summary")),r.push(N(o)),s.warnings&&r.push(v(e,s.warnings,Math.max(s.tableRows,5))),s.steps&&r.push(B(o,s.steps)),r.push(M(e,28)),s.tables&&r.push(fe(e,s.tableRows)),s.diagnostics&&r.push(E(j(e),s.diagnostics)),e.maturity&&r.push(`**MLOps maturity:** ${i(k(e.maturity))}`),n.history&&r.push(s.history?n.history:ge(n.history)),s.allTests&&r.push(_(e,!0)),s.hard&&r.push(`> [!NOTE]
> Shortened to fit GitHub's ${se.toLocaleString("en-US")}-character limit. ${i(t.replace(/\.$/,""))}.`),r.push(A(e,n.runUrl,t)),r.filter(Boolean)}var de=e=>Buffer.byteLength(e,"utf8");function ve(e,n={}){let s=n.maxLength??se,t=n.target??pe,o;for(let r of W.filter(a=>!a.hard)){let a=te(e,n,r);if(!(a.length>s)){if(de(a)<=t)return a;o=a}}if(o)return o;for(let r of W.filter(a=>a.hard)){let a=te(e,n,r);if(a.length<=s)return a}return I(ne(e,n,W[W.length-1]),s)}var $e=1e6,D=[{maxChecks:50,rows:500,warnings:1e3,steps:28,tables:!0,allTests:!0},{maxChecks:20,rows:50,warnings:200,steps:28,tables:!0,allTests:!0},{maxChecks:5,rows:10,warnings:40,steps:10,tables:!0,allTests:!1},{maxChecks:2,rows:0,warnings:10,steps:5,tables:!1,allTests:!1},{maxChecks:1,rows:0,warnings:0,steps:0,tables:!1,allTests:!1}];function be(e,n){let s=new Set(p(e).map(o=>o.id));return e.tables.filter(o=>!h(o)&&(o.alwaysShow||o.tests.some(r=>s.has(r)))).map(o=>w(o,n)).join(`

`)}function ye(e,n,s,t){return`${re(e,n,s,t).join(`

`)}
`}function re(e,n,s,t){let o=L(e),r=n.detailsHint??"The JSON report (the run\u2019s report artifact) holds every value",l=[...n.notes?.length?[g(e),...n.notes,d(e)]:[`${g(e)}
${d(e)}`],C(e),X(e)];return l.push(O(e,s.maxChecks,"in the JSON report"),N(o)),s.warnings&&l.push(v(e,s.warnings,s.rows||5)),s.steps&&l.push(B(o,s.steps)),l.push(M(e,28)),s.tables&&l.push(be(e,s.rows)),l.push(E(j(e),s.tables?50:5)),e.maturity&&l.push(`**MLOps maturity:** ${i(k(e.maturity))}`),n.history&&s.tables&&l.push(n.history),s.allTests&&l.push(_(e,!1)),t&&l.push(`> [!NOTE]
> Shortened to fit the job summary. ${i(r.replace(/\.$/,""))}.`),l.push(A(e,n.runUrl,r)),l.filter(Boolean)}function De(e,n={}){let s=n.maxLength??$e;for(let t=0;t<D.length;t++){let o=ye(e,n,D[t],t>0);if(o.length<=s)return o}return I(re(e,n,D[D.length-1],!0),s)}export{ie as a,se as b,Be as c,ve as d,De as e};
