let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as o}from"./chunk-VVW7EGA3.js";var t=o("node:url");var e=t.fileURLToPath;export{e as a};
