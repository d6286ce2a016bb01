import { describe, expect, it } from 'vitest';
import { idKeys, permutedHex, stripeId } from '../src/engine/ids.js';
import { apportion, stream } from '../src/engine/random.js';
import { byParent } from '../src/engine/batches.js';
import { addMonths, formatDate, formatTimestamp, parseDate } from '../src/engine/dates.js';
import { checkParam } from '../src/engine/params.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';

describe('engine building blocks', () => {
  it('IDs are a permutation of the index: unique, stable, Stripe-shaped', () => {
    const keys = idKeys(42, 'cus');
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(permutedHex(i, keys));
    expect(seen.size).toBe(200_000);
    expect(permutedHex(2 ** 40 + 5, keys)).not.toBe(permutedHex(5, keys));
    expect(stripeId('cus', 0, keys)).toMatch(/^cus_[0-9a-f]{16}$/);
    expect(stripeId('cus', 0, keys)).toBe(stripeId('cus', 0, idKeys(42, 'cus')));
    expect(stripeId('cus', 0, keys)).not.toBe(stripeId('cus', 0, idKeys(43, 'cus')));
  });

  it('streams are named, not shared: the same name gives the same draws', () => {
    const a = stream(1, 's', 't', 0);
    const b = stream(1, 's', 't', 0);
    const c = stream(1, 's', 't', 1);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
  });

  it('apportions exact group sizes', () => {
    expect(apportion(500, [0.5, 0.35, 0.15])).toEqual([250, 175, 75]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [3, 0, 1]).reduce((a, b) => a + b)).toBe(7);
  });

  it('dates round-trip and clamp month ends', () => {
    const d = parseDate('2024-01-31')!;
    expect(formatDate(d)).toBe('2024-01-31');
    expect(formatDate(addMonths(d, 1))).toBe('2024-02-29');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(formatTimestamp(d * 86_400 + 3723)).toBe('2024-01-31T01:02:03Z');
  });

  it('parameter errors name the parameter and the allowed range', () => {
    const spec = (n: string) => saasMetrics.params.find((p) => p.name === n)!;
    expect(checkParam(spec('customers'), '0')).toEqual({ error: 'customers must be an integer from 1 to 20000000, got "0"' });
    expect(checkParam(spec('customers'), 1.5)).toEqual({ error: 'customers must be an integer from 1 to 20000000, got 1.5' });
    expect(checkParam(spec('churn_rate'), '0.07')).toEqual({ value: 0.07 });
    expect(checkParam(spec('prefix'), 'Day-06')).toEqual({ error: 'prefix must be empty or lowercase letters, digits and _ (not starting with a digit), got "Day-06"' });
    expect(checkParam(spec('end_date'), '')).toEqual({ value: null });
  });
});

describe('byParent', () => {
  it('hands on every row in order, in batches closed after a whole parent once they hold the size', () => {
    // parent p has p rows [p, k]
    const parents = [3, 0, 1, 4, 2, 5];
    const batches = [...byParent(parents, (p, out) => {
      for (let k = 0; k < p; k++) out.push([p, k]);
    }, 4)];
    expect(batches.map((b) => b.length)).toEqual([4, 4, 7]);
    expect(batches.flat()).toEqual(parents.flatMap((p) => Array.from({ length: p }, (_, k) => [p, k])));
    expect([...byParent([0, 0], () => {}, 4)]).toEqual([]);
  });
});

describe('random draws', () => {
  it('Poisson draws have the right mean and variance on both sides of the method switch', async () => {
    const { poisson, stream } = await import('../src/engine/random.js');
    for (const mean of [0.7, 4, 10, 25, 300]) {
      const rng = stream(3, 'test', 'poisson', mean);
      const n = 100_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const k = poisson(rng, mean);
        sum += k;
        sq += k * k;
      }
      const m = sum / n;
      const v = sq / n - m * m;
      expect(Math.abs(m - mean), `mean for ${mean}`).toBeLessThan(4 * Math.sqrt(mean / n));
      expect(Math.abs(v / mean - 1), `variance for ${mean}`).toBeLessThan(0.03);
    }
  });
});

describe('KeySet', () => {
  it('remembers integer ids densely and anything else in a Set, with the same answers', async () => {
    const { KeySet } = await import('../src/checks/keyset.js');
    const k = new KeySet();
    for (const id of [1, 2, 5000, 70_000]) k.add(id);
    expect([1, 2, 3, 5000, 70_000, 70_001, -1, 1.5].map((x) => k.has(x))).toEqual([true, true, false, true, true, false, false, false]);
    k.add('cus_x');
    expect([k.has(1), k.has(70_000), k.has('cus_x'), k.has(3)]).toEqual([true, true, true, false]);
  });

  it('keeps ascending string keys in order and finds them by binary search; a key out of order moves them to a Set', async () => {
    const { KeySet } = await import('../src/checks/keyset.js');
    const ids = Array.from({ length: 1000 }, (_, i) => `in_1${String(i * 3).padStart(7, '0')}x`);
    const k = new KeySet(true);
    for (const id of ids) k.add(id);
    expect(k.denseMap).toBeNull();
    expect(ids.every((id) => k.has(id))).toBe(true);
    expect(['in_10000001x', 'in_0', 'zz', '', 42].map((x) => k.has(x))).toEqual([false, false, false, false, false]);
    k.add('in_10000001x'); // below the last: the array becomes a Set with the same answers
    expect([k.has('in_10000001x'), k.has(ids[999]), k.has(ids[0]), k.has('in_10000002x')]).toEqual([true, true, true, false]);
    // Integer ids of an ascending table stay in the byte map.
    const n = new KeySet(true);
    for (const id of [1, 2, 3]) n.add(id);
    expect(n.denseMap).not.toBeNull();
    expect([n.has(2), n.has(4)]).toEqual([true, false]);
  });

  it('counts children per parent over the span of the parent keys only (date keys such as 20251201)', async () => {
    const { KeySet } = await import('../src/checks/keyset.js');
    const { ChildCounts, cardinality } = await import('../src/checks/childcounts.js');
    const days = new KeySet();
    for (const key of [20251201, 20251202, 20251203]) days.add(key);
    expect(days.denseMap).toMatchObject({ from: 20251201, to: 20251204 });
    const children = new ChildCounts();
    for (const key of [20251201, 20251201, 20251203]) children.add(key);
    expect(cardinality(days.denseMap!, children)).toEqual({ parents: 3, min: 0, mean: 1, max: 2 });
    expect(new KeySet().denseMap).toMatchObject({ from: 0, to: 0 });
  });
});

describe('GenericChecks', () => {
  const table = (name: string, columns: string[], references: [string, string][] = []) => ({
    spec: { name, description: name, columns: columns.map((c) => ({ name: c, type: 'integer' as const })), primaryKey: [columns[0]], foreignKeys: references.map(([column, parent]) => ({ columns: [column], references: { table: parent, columns: ['id'] } })) },
    estimateRows: () => 0,
    chunks: () => 1,
    generate: () => [],
  });
  // accounts <- users <- sessions; events reads nothing, so accounts' keys go when sessions starts, users' when events does.
  const defs = () => [table('accounts', ['id']), table('users', ['id', 'account_id'], [['account_id', 'accounts']]), table('sessions', ['id', 'user_id', 'account_id'], [['user_id', 'users'], ['account_id', 'accounts']]), table('events', ['id'])];
  const stream = async (order: string[]) => {
    const { GenericChecks } = await import('../src/checks/generic.js');
    const g = new GenericChecks(defs());
    const rows: Record<string, number[][]> = { accounts: [[1], [2], [3]], users: [[10, 1], [11, 1], [12, 2], [13, 9]], sessions: [[100, 10, 1], [101, 10, 1], [102, 13, 3], [103, 12, 4]], events: [[1], [1]] };
    const held: Record<string, boolean> = {};
    for (const name of order) {
      g.observe(name, rows[name]);
      held[name] = ['accounts', 'users'].map((t) => (g as unknown as { tables: Map<string, { keys: { has(k: number): boolean } }> }).tables.get(t)!.keys.has(t === 'accounts' ? 1 : 10)).join();
    }
    return { results: g.results({}), held };
  };

  it('lets a table\'s keys go once its last child has streamed, with the same figures', async () => {
    const { results, held } = await stream(['accounts', 'users', 'sessions', 'events']);
    // accounts is read by sessions, users by sessions: both kept through sessions, both gone at events.
    expect(held).toEqual({ accounts: 'true,false', users: 'true,true', sessions: 'true,true', events: 'false,false' });
    const figure = (name: string) => results.find((r) => r.name === name)?.figure;
    expect(figure('users: accounts foreign key resolves')).toBe('1 orphan users of 4');
    expect(figure('sessions: accounts foreign key resolves')).toBe('1 orphan sessions of 4');
    expect(figure('users per accounts')).toBe('min 0 / mean 1.00 / max 2 over 3 accounts');
    expect(figure('sessions per users')).toBe('min 0 / mean 1.00 / max 2 over 4 users');
    expect(figure('sessions per accounts')).toBe('min 0 / mean 1.00 / max 2 over 3 accounts');
    expect(figure('events: primary key unique')).toBe('1 duplicate id of 2');
  });

  it('refuses a table streamed after a later one', async () => {
    await expect(stream(['accounts', 'sessions', 'users'])).rejects.toThrow('GenericChecks: tables must be observed in their declared order');
  });
});
