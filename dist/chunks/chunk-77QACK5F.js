import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
var o="model-predictions",t="model",R="data-drift";export{o as a,t as b,R as c};
