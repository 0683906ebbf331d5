let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{e as r}from"./chunk-Y4ZWIAVF.js";function e(o,t=80){let n=r(String(o??"")).trim();return n.length>t?`${n.slice(0,t-1)}\u2026`:n}export{e as a};
