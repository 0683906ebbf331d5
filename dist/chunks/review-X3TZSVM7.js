import{createRequire as __cr}from'node:module';let __rq;const require=(id)=>(__rq??=__cr(import.meta.url))(id);
import{a,b}from"./chunk-BVZKXFME.js";import"./chunk-PCJF7RSK.js";import"./chunk-GIDFBL4B.js";export{a as DEPENDENCY_FILES,b as reviewEvaluator};
