/** Writes docs/rules.md (the rule index) and docs/conventions.md (按本系统约定). Run: npm run rules:index */
import { writeFileSync } from 'node:fs';
import { conventionsMarkdown, ruleIndexMarkdown } from '../src/rules/rule-index.js';

const root = process.cwd();
writeFileSync(`${root}/docs/rules.md`, ruleIndexMarkdown(root));
writeFileSync(`${root}/docs/conventions.md`, conventionsMarkdown());
console.log('docs/rules.md and docs/conventions.md written');
