import { build } from 'esbuild';
const r = await build({ entryPoints: [process.argv[2]], bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, metafile: true, write: false, mainFields: ['module','main'], logLevel: 'silent' });
const byPkg = {};
for (const [f, i] of Object.entries(r.metafile.outputs[Object.keys(r.metafile.outputs)[0]].inputs)) {
  const m = f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/); const k = m ? m[1] : f.split('/').slice(0,2).join('/');
  byPkg[k] = (byPkg[k] || 0) + i.bytesInOutput;
}
console.log(Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,8).map(([k,v])=>`${(v/1024)|0}KB ${k}`).join('\n'));
