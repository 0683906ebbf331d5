let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as e,b as r}from"./chunk-VVW7EGA3.js";var q=r((u,i)=>{i.exports=e("node:fs")});var s=r((x,o)=>{o.exports=e("node:path")});var t=r((a,p)=>{p.exports=e("node:util")});export{q as a,s as b,t as c};
