/**
 * How long the functions whose work others must wait out may run, in seconds: the Lambda timeouts
 * of `shared/adapters/resource-definitions.ts`, handed to the use cases by the composition roots.
 * Leases and "still being sent" windows are derived from them, so a live run never loses its lease
 * and a crashed one frees it within minutes; the use cases take them as a parameter instead of
 * importing the resource definitions.
 */
export interface FunctionTimeouts {
  readonly router: number;
  /** The 5-minute sweeps' timeout (escalator, duty-alerts, workload, statutory-alerts share it). */
  readonly escalator: number;
  readonly reporter: number;
}
