let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
import{a as t}from"./chunk-VVW7EGA3.js";var e=t("node:zlib"),o=e,n=e.crc32;var r=e.gunzipSync;var c=e.inflateRawSync;var p=e.createGunzip;var s=e.constants;export{o as a,n as b,r as c,c as d,p as e,s as f};
