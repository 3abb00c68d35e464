/**
 * The derivation of one row: short steps with article references (计算依据), warnings that make the row
 * 警告, and notes that are only informative (提示). A step resting on a RULES.md decision is marked
 * "按本系统约定" as RULES.md requires.
 */
/** What warnings/notes read as before the first one (most rows have none): shared, so frozen. */
const NONE: string[] = Object.freeze([]) as unknown as string[];

export class Trace {
  private readonly steps: string[] = [];
  private warningList: string[] | undefined;
  private noteList: string[] | undefined;

  /** The row's warnings (it becomes 警告), in order, without repeats. Read only: add with warn(). */
  get warnings(): string[] {
    return this.warningList ?? NONE;
  }

  /** The row's notes (提示 only), in order, without repeats. Read only: add with note(). */
  get notes(): string[] {
    return this.noteList ?? NONE;
  }

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
    if (!this.warningList) this.warningList = [text];
    else if (!this.warningList.includes(text)) this.warningList.push(text);
    return this;
  }

  note(text: string): this {
    if (!this.noteList) this.noteList = [text];
    else if (!this.noteList.includes(text)) this.noteList.push(text);
    return this;
  }

  get basis(): string {
    return this.steps.join('；');
  }

  get stepCount(): number {
    return this.steps.length;
  }
}
