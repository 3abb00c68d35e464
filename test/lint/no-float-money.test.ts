/**
 * Guard: no JS number arithmetic on money. In src/rules and src/engine every arithmetic operator whose
 * operands are `number` must sit on a line marked `// int` (integer counts, days, months). Money is
 * Decimal, so an unmarked number operation is either a bug or an unmarked integer: both must be looked at.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src/rules', 'src/engine'];
const ARITH = new Set([
  ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken,
]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function findUnmarkedNumberArithmetic(paths: string[]): string[] {
  const program = ts.createProgram(paths, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  const isNumber = (n: ts.Node) => {
    const t = checker.getTypeAtLocation(n);
    return (t.flags & ts.TypeFlags.NumberLike) !== 0;
  };
  for (const sf of program.getSourceFiles()) {
    if (!paths.some((p) => sf.fileName.endsWith(p))) continue;
    const lines = sf.text.split('\n');
    const marked = (node: ts.Node) => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      return /\/\/\s*int\b/.test(lines[line] ?? '');
    };
    const visit = (node: ts.Node) => {
      let offending = false;
      if (ts.isBinaryExpression(node) && ARITH.has(node.operatorToken.kind)) {
        offending = isNumber(node.left) || isNumber(node.right);
        if (node.operatorToken.kind === ts.SyntaxKind.PlusToken && !(isNumber(node.left) && isNumber(node.right))) offending = false; // string concatenation
      } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
        offending = true;
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['toNumber', 'parseFloat'].includes(node.expression.name.text)) {
        offending = true;
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'parseFloat') {
        offending = true;
      }
      if (offending && !marked(node)) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        problems.push(`${relative(process.cwd(), sf.fileName)}:${line + 1}: ${node.getText(sf).slice(0, 80)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return problems;
}

describe('money is never JS number arithmetic', () => {
  it('src/rules and src/engine: every number operation is on a line marked // int', () => {
    const paths = ROOTS.flatMap(files);
    expect(findUnmarkedNumberArithmetic(paths)).toEqual([]);
  });

  it('the guard catches unmarked number arithmetic (it can fail)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    const f = join(dir, 'bad.ts');
    writeFileSync(f, 'export function pay(total: number, rate: number): number {\n  return total * rate;\n}\nexport const ok = 2 + 3; // int\n');
    const found = findUnmarkedNumberArithmetic([f]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('total * rate');
  });
});
