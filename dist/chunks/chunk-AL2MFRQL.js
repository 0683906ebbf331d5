import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
var _="0.1.0";export{_ as a};
