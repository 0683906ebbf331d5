let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{d as r,e as a}from"./chunk-GZX7XPTC.js";import"./chunk-VVW7EGA3.js";var t={validate:r};export{a as XMLParser,t as XMLValidator};
