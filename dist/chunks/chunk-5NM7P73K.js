let __rq;const require=(id)=>process.getBuiltinModule?.(id)??(__rq??=process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);
function s(o,t){let e=[[o,0]];for(;e.length>0;){let[n,r]=e.pop();if(!(n===null||typeof n!="object")){if(r>=t)return!0;for(let u of Array.isArray(n)?n:Object.values(n))e.push([u,r+1])}}return!1}export{s as a};
