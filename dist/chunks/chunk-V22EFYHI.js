let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as r,b as i}from"./chunk-VVW7EGA3.js";var o=i((p,e)=>{e.exports=r("node:fs")});export{o as a};
