let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a}from"./chunk-5R55YIU6.js";import"./chunk-VVW7EGA3.js";export{a as globToRegExp};
