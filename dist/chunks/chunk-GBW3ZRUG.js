let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
var s=process.env.ML_TEST_GATE_TIMING==="1",e=[];function i(r){s&&(e.length===0&&process.once("exit",()=>{let n=0;for(let[o,t]of e)process.stderr.write(`ml-test-gate timing: ${o.padEnd(28)} ${t.toFixed(1).padStart(7)} ms  (+${(t-n).toFixed(1)})
`),n=t}),e.push([r,performance.now()]))}var c="0.1.0";export{c as a,i as b};
