/**
 * The derivation of one row: short steps with article references (计算依据), warnings that make the row
 * 警告, and notes that are only informative (提示). A step resting on a decision the text leaves open is
 * marked "按本系统约定" with the convention's id (conventions.ts), and the id is noted in the batch's set of
 * conventions used (for the 计算依据 sheet).
 */
import { type Convention, conventionMarker } from './conventions.js';

/** What warnings/notes read as before the first one (most rows have none): shared, so frozen. */
const NONE: string[] = Object.freeze([]) as unknown as string[];

export class Trace {
  private readonly steps: string[] = [];
  private warningList: string[] | undefined;
  private noteList: string[] | undefined;

  /** `used`: the batch's set of convention ids (shared by its rows; adding an id already there allocates nothing). */
  constructor(private readonly used?: Set<string>) {}

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

  /** A step that rests on a convention (one or more), not on the policy text alone. */
  convention(c: Convention | readonly Convention[], text: string): this {
    this.steps.push(text + conventionMarker(c));
    if (this.used) {
      if (Array.isArray(c)) for (const x of c as readonly Convention[]) this.used.add(x.id);
      else this.used.add((c as Convention).id);
    }
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
