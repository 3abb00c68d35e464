/** Writes docs/rules.md, the generated rule index. Run: npm run rules:index */
import { writeFileSync } from 'node:fs';
import { ruleIndexMarkdown } from '../src/rules/rule-index.js';

const root = process.cwd();
writeFileSync(`${root}/docs/rules.md`, ruleIndexMarkdown(root));
console.log('docs/rules.md written');
