let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as o}from"./chunk-VVW7EGA3.js";var e=o("node:url");var r=e.fileURLToPath;var t=o("node:os"),n=t;var p=t.EOL;export{r as a,n as b,p as c};
