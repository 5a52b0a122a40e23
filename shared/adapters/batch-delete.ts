/** Kept for the stores that import it from here; the batch calls live in `batch-items.ts`. */
export { deleteItems } from './batch-items';
