/**
 * Which records of a batch may run at the same time. Records that share a thread key (see
 * `threadKeys`) belong to one group and run one after another, in batch order, so two contacts of
 * one enquiry still apply in order; different groups run in parallel. Pure: keys in, groups out.
 */

/**
 * The group of each item: items sharing a key, directly or through others, get the same group
 * (connected components; the group is the index of its first item). An item without keys is a
 * group of its own.
 */
export function threadGroups(keysPerItem: readonly (readonly string[])[]): number[] {
  const parent = keysPerItem.map((_, index) => index);
  const root = (index: number): number => {
    let at = index;
    while (parent[at] !== at) {
      const up = parent[at] ?? at;
      parent[at] = parent[up] ?? up;
      at = up;
    }
    return at;
  };
  const firstWithKey = new Map<string, number>();
  keysPerItem.forEach((keys, index) => {
    for (const key of keys) {
      const earlier = firstWithKey.get(key);
      if (earlier === undefined) {
        firstWithKey.set(key, index);
        continue;
      }
      const [a, b] = [root(earlier), root(index)];
      // The earlier item's root stays the root, so a group is named by its first item.
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  return keysPerItem.map((_, index) => root(index));
}

/**
 * A gate for running a batch's items by group: `run(index, work)` starts `work` once the item
 * before it in its group (in batch order) has finished, however that ended (each record stands on
 * its own, as a redelivery would). Call `run` once for every item, in any order, all at once.
 */
export function groupGate(
  groups: readonly number[],
): <R>(index: number, work: () => Promise<R>) => Promise<R> {
  const finished = groups.map(() => {
    let resolve = () => {};
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    return { promise, resolve };
  });
  const previous = new Map<number, number>();
  const last = new Map<number, number>();
  groups.forEach((group, index) => {
    const before = last.get(group);
    if (before !== undefined) previous.set(index, before);
    last.set(group, index);
  });
  return async (index, work) => {
    const before = previous.get(index);
    if (before !== undefined) await finished[before]?.promise;
    try {
      return await work();
    } finally {
      finished[index]?.resolve();
    }
  };
}
