let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a,b}from"./chunk-TGX4ANHV.js";import"./chunk-AI5PN54J.js";import"./chunk-VVW7EGA3.js";export{a as DEPENDENCY_FILES,b as reviewEvaluator};
