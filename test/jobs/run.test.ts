/**
 * The blob handler's job tracker (src/jobs/run.ts): state written at least every 5% (and every 2 s), never
 * for a blob that is not the job's own upload; problem lines parsed from 提示 with names and IDs kept out.
 */
import { describe, expect, it } from 'vitest';
import { issueOf, JobRun } from '../../src/jobs/run.js';
import { newJob, newJobId } from '../../src/jobs/state.js';
import { readJob, writeJob } from '../../src/jobs/store.js';
import { useBlobStorage } from '../helpers/storage.js';
import { idFor } from '../helpers/rows.js';

const storage = useBlobStorage();

async function queued(upload = (id: string) => `xining-2024/auto/${id}.xlsx`) {
  const id = newJobId();
  const job = newJob({ id, policy: 'xining-2024', kind: null, format: 'xlsx', ledger: 'commit', upload: upload(id), waitingForUpload: false });
  await writeJob(storage.service(), job);
  return job;
}

describe('JobRun', () => {
  it('belongs only to the blob its job names; an ended job is not run again', async () => {
    const job = await queued();
    expect(await JobRun.open(storage.service(), `xining-2024/settlements/${job.id}.xlsx`)).toBeUndefined(); // another path, same id
    expect(await JobRun.open(storage.service(), 'xining-2024/auto/plain-drop.xlsx')).toBeUndefined();
    const run = await JobRun.open(storage.service(), job.upload);
    expect(run).toBeInstanceOf(JobRun);
    await (run as JobRun).fail({ error: 'x', message: '坏 / bad', details: [] });
    expect(await JobRun.open(storage.service(), job.upload)).toBe('finished');
  });

  it('writes the state at every stage change and at least every 5% of the rows', async () => {
    const job = await queued();
    const run = (await JobRun.open(storage.service(), job.upload)) as JobRun;
    await run.begin();
    expect((await readJob(storage.service(), job.id))!.state).toBe('running');
    run.onStart({ kind: 'settlements', policy: 'xining-2024' });
    const written: number[] = [];
    for (let done = 0; done <= 1000; done += 10) {
      run.onProgress(done, 1000, 'compute');
      await run.settled();
      const s = (await readJob(storage.service(), job.id))!;
      if (written.at(-1) !== s.done) written.push(s.done);
    }
    expect(written[0]).toBe(0);
    expect(written.at(-1)).toBe(1000);
    for (let i = 1; i < written.length; i++) expect(written[i]! - written[i - 1]!).toBeLessThanOrEqual(50);
    expect(written.length).toBeLessThan(40); // not a write per call
    const s = (await readJob(storage.service(), job.id))!;
    expect(s).toMatchObject({ kind: 'settlements', stage: 'compute', total: 1000 });
    expect(s.rowsPerSecond).toBeGreaterThan(0);

    // A new stage is written at once; within a stage, 2 s without 5% more also writes.
    run.onProgress(1, 1000, 'write');
    await run.settled();
    expect((await readJob(storage.service(), job.id))!).toMatchObject({ stage: 'write', done: 1 });
    run.onProgress(2, 1000, 'write');
    await run.settled();
    expect((await readJob(storage.service(), job.id))!.done).toBe(1);
    await new Promise((r) => setTimeout(r, 2100));
    run.onProgress(3, 1000, 'write');
    await run.settled();
    expect((await readJob(storage.service(), job.id))!.done).toBe(3);
  });

  it('keeps the first 200 problem lines and counts the rest', async () => {
    const job = await queued();
    const run = (await JobRun.open(storage.service(), job.upload)) as JobRun;
    for (let row = 2; row < 152; row++) run.onProblem(row, 'error', ['a / a', 'b / b']);
    expect(run.state.issues).toHaveLength(200);
    expect(run.state.issues.at(-1)).toMatchObject({ row: 101, message: 'b / b' });
    expect(run.state.issueCount).toBe(300);
  });
});

describe('issueOf', () => {
  it('takes the column and value a 提示 line names', () => {
    expect(issueOf(19, 'error', "列「医疗总费用」的值「-120」不能为负数 / column 医疗总费用: '-120' must not be negative", 'settlements')).toEqual({
      row: 19,
      status: 'error',
      column: '医疗总费用',
      value: '-120',
      message: "列「医疗总费用」的值「-120」不能为负数 / column 医疗总费用: '-120' must not be negative",
    });
    expect(issueOf(5, 'warning', '待遇状态为「等待期」：基金不予支付', 'settlements')).toMatchObject({ column: '', value: '' });
  });

  it('keeps names and ID numbers out', () => {
    const id = idFor('19800101', 7);
    const named = issueOf(3, 'error', '列「姓名」的值「张三丰」过长 / column 姓名: \'张三丰\' is too long', 'settlements');
    expect(JSON.stringify(named)).not.toContain('张三丰');
    expect(named).toMatchObject({ column: '姓名', value: '*' });
    // Messages name columns by the sheet's own header (an alias of 姓名 here): the value is still left out.
    const aliased = issueOf(3, 'error', '列「患者姓名」的值「张三丰」过长 / column 患者姓名: \'张三丰\' is too long', 'settlements');
    expect(JSON.stringify(aliased)).not.toContain('张三丰');
    const withId = issueOf(4, 'error', `列「身份证号」的值「${id}」不是有效的身份证号 / not a valid ID number`, 'settlements');
    expect(JSON.stringify(withId)).not.toContain(id);
    expect(withId.value).toMatch(/^\d{4}\*+\w{4}$/);
  });
});
