let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as e}from"./chunk-VVW7EGA3.js";var t=e("node:os"),o=t;var r=t.EOL;export{o as a,r as b};
