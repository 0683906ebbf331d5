import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a as r,b as i}from"./chunk-GIDFBL4B.js";var o=i((p,e)=>{e.exports=r("node:util")});export{o as a};
