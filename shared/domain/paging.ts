/** One page of a listing; pass `cursor` back to get the next page (`null` = no more). */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/** Every item of a paged listing, reading one page after another until the cursor runs out. */
export async function everyPage<T>(read: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await read(cursor);
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return all;
}
