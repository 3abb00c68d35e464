/** Writes docs/rules.md (the rule index), docs/conventions.md (按本系统约定) and docs/columns.md. Run: npm run rules:index */
import { writeFileSync } from 'node:fs';
import { columnsMarkdown, conventionsMarkdown, ruleIndexMarkdown } from '../src/rules/rule-index.js';

const root = process.cwd();
writeFileSync(`${root}/docs/rules.md`, ruleIndexMarkdown(root));
writeFileSync(`${root}/docs/conventions.md`, conventionsMarkdown());
writeFileSync(`${root}/docs/columns.md`, columnsMarkdown());
console.log('docs/rules.md, docs/conventions.md and docs/columns.md written');
