import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
var _="0.1.0";export{_ as a};
