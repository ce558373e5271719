/** One provider of the demo market: its fake, the env that points the adapter at it, a scenario. */
export interface DemoProvider {
  env: Record<string, string>;
  /** How many phases the scenario has; the market cycles through them. */
  phases: number;
  /** Applies phase `i` to the fake and returns a summary of it for the log. */
  setPhase(i: number): unknown;
  close(): Promise<void>;
}

export type DemoFactory = () => Promise<DemoProvider>;
