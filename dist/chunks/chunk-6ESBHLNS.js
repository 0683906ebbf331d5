let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
var o="model-predictions",t="model",R="data-drift";export{o as a,t as b,R as c};
