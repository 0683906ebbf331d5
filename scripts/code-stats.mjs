// Code size figures for refactoring work: total lines in src/, the largest file and function, functions over 80 lines
// (-v lists them), lines over 160 characters. Usage: node scripts/code-stats.mjs [-v]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = execSync(`cd ${root} && git ls-files 'src/*.ts' ; cd ${root} && git ls-files --others --exclude-standard 'src/*.ts'`)
  .toString()
  .trim()
  .split('\n')
  .filter(Boolean);
let total = 0,
  bigFile = ['', 0],
  fns = [],
  longLines = 0,
  longest = 0;
for (const f of files) {
  const text = readFileSync(`${root}/${f}`, 'utf8');
  const lines = text.split('\n');
  const n = text.endsWith('\n') ? lines.length - 1 : lines.length;
  total += n;
  if (n > bigFile[1]) bigFile = [f, n];
  for (const l of lines) {
    if (l.length > 160) longLines++;
    longest = Math.max(longest, l.length);
  }
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessor(node)
    ) {
      const s = sf.getLineAndCharacterOfPosition(node.getStart()).line,
        e = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name?.getText?.() ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText() : '(anon)');
      fns.push([e - s + 1, `${f}:${s + 1} ${name}`]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
fns.sort((a, b) => b[0] - a[0]);
console.log(`files ${files.length}, total lines ${total}, largest file ${bigFile[0]} ${bigFile[1]}`);
console.log(`largest function ${fns[0][0]} ${fns[0][1]}`);
console.log(`functions >= 90 lines: ${fns.filter((x) => x[0] >= 90).length}, > 80 lines: ${fns.filter((x) => x[0] > 80).length}`);
console.log(`lines over 160 chars: ${longLines}, longest ${longest}`);
if (process.argv.includes('-v')) for (const f of fns.filter((x) => x[0] > 80)) console.log('  ', f[0], f[1]);
