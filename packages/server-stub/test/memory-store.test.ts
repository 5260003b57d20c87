import { describe, expect, it } from 'vitest';
import type { StoredReport } from '../src/core/records.ts';
import { createMemoryStore, type Change } from '../src/store/memory.ts';

const report = (id: string, title = 'A title') => ({ id, tenant: 'acme', state: 'received', timeline: [], draft: { title } }) as unknown as StoredReport;

describe('the in-memory store', () => {
  it('undoes every write of a unit of work that throws', async () => {
    const store = createMemoryStore();
    await store.transaction(async (tx) => tx.putReport(report('rpt_1', 'kept')));
    await expect(
      store.transaction(async (tx) => {
        tx.putReport(report('rpt_1', 'overwritten'));
        tx.putReport(report('rpt_2'));
        tx.addEmail({ id: 'eml_1' } as never);
        throw new Error('decision failed');
      }),
    ).rejects.toThrow('decision failed');
    expect(Object.keys(store.state.reports)).toEqual(['rpt_1']);
    expect(store.state.reports.rpt_1!.draft.title).toBe('kept');
    expect(store.state.outbox).toEqual([]);
  });

  it('hands out copies: changing a record read changes nothing until it is put back', async () => {
    const store = createMemoryStore();
    await store.transaction(async (tx) => tx.putReport(report('rpt_1')));
    await store.transaction(async (tx) => {
      const read = (await tx.report('rpt_1'))!;
      read.state = 'closed';
    });
    expect(store.state.reports.rpt_1!.state).toBe('received');
  });

  it('runs units one at a time and hands each one’s writes to onCommit in commit order', async () => {
    const committed: Change[][] = [];
    const store = createMemoryStore({ onCommit: (changes) => void committed.push([...changes]) });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.transaction(async (tx) => {
          const count = Object.keys(store.state.reports).length;
          await new Promise((resolve) => setTimeout(resolve, 5 - i));
          tx.putReport(report(`rpt_${count}`));
        }),
      ),
    );
    expect(Object.keys(store.state.reports)).toEqual(['rpt_0', 'rpt_1', 'rpt_2', 'rpt_3', 'rpt_4']);
    expect(committed.map((changes) => changes.map((change) => (change.kind === 'report' ? change.value.id : change.kind)))).toEqual([['rpt_0'], ['rpt_1'], ['rpt_2'], ['rpt_3'], ['rpt_4']]);
  });

  it('settles a unit only once onCommit has made it durable, without holding up the next unit', async () => {
    let release!: () => void;
    const durable = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const store = createMemoryStore({ onCommit: () => (++calls === 1 ? durable : undefined) });
    let firstSettled = false;
    const first = store.transaction(async (tx) => tx.putReport(report('rpt_1'))).then(() => (firstSettled = true));
    await store.transaction(async (tx) => tx.putReport(report('rpt_2')));
    expect(firstSettled).toBe(false);
    release();
    await first;
    expect(firstSettled).toBe(true);
  });

  it('commits a reset after the units under way, as a change of its own', async () => {
    const committed: string[] = [];
    const store = createMemoryStore({ onCommit: (changes) => void committed.push(...changes.map((change) => change.kind)) });
    const write = store.transaction(async (tx) => tx.putReport(report('rpt_1')));
    await store.reset();
    await write;
    expect(store.state.reports).toEqual({});
    expect(committed).toEqual(['report', 'reset']);
  });
});
