import { percentile } from '../functions/domain/statistics.js';

/** Order statistics for small samples (nearest rank): the reports' own definition. */
export { percentile };

export const median = (values: readonly number[]) => percentile(values, 50);

/** Milliseconds since `start` (a performance.now() reading). */
export const since = (start: number) => performance.now() - start;
