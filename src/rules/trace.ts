/**
 * The derivation of one row: short steps with article references (计算依据), warnings that make the row
 * 警告, and notes that are only informative (提示). A step resting on a RULES.md decision is marked
 * "按本系统约定" as RULES.md requires.
 */
export class Trace {
  private readonly steps: string[] = [];
  readonly warnings: string[] = [];
  readonly notes: string[] = [];

  step(text: string): this {
    this.steps.push(text);
    return this;
  }

  /** A step that rests on a decision of RULES.md, not on the policy text. */
  convention(text: string): this {
    this.steps.push(`${text}(按本系统约定)`);
    return this;
  }

  warn(text: string): this {
    if (!this.warnings.includes(text)) this.warnings.push(text);
    return this;
  }

  note(text: string): this {
    if (!this.notes.includes(text)) this.notes.push(text);
    return this;
  }

  get basis(): string {
    return this.steps.join('；');
  }

  get stepCount(): number {
    return this.steps.length;
  }
}
