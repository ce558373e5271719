import { withFakeFiles } from '../fake-files.js';
import { azureFakeEnv, azureFakeFiles } from './fake/env.js';
import { startAzureFake } from './fake/index.js';
import type { DemoProvider } from '../define.js';

// Spot placement scores for ND H100 v5 move between regions, the ND H100 v5 quota fills up and
// frees, and the H200 restriction on this subscription is lifted then back. Each phase: region →
// ND H100 v5 score (for every VM count), family vCPUs in use, whether eastus blocks ND H200 v5.
interface Phase {
  scores: Record<string, string>;
  h100Usage: Record<string, number>;
  h200Blocked: boolean;
}
const H100 = 'Standard_ND96isr_H100_v5';
const PHASES: Phase[] = [
  { scores: { eastus: 'High', swedencentral: 'Medium' }, h100Usage: { eastus: 0, swedencentral: 96 }, h200Blocked: true },
  { scores: { eastus: 'Low', swedencentral: 'High' }, h100Usage: { eastus: 96, swedencentral: 0 }, h200Blocked: true },
  { scores: { eastus: 'Low', swedencentral: 'DataNotFoundOrStale' }, h100Usage: { eastus: 96, swedencentral: 192 }, h200Blocked: false },
  { scores: { eastus: 'Medium', swedencentral: 'High' }, h100Usage: { eastus: 0, swedencentral: 0 }, h200Blocked: false },
];

export async function startAzureDemo(): Promise<DemoProvider> {
  const files = withFakeFiles(await startAzureFake(), azureFakeFiles);
  const fake = files.fake;
  return {
    env: azureFakeEnv(files),
    phases: PHASES.length,
    setPhase(i) {
      const phase = PHASES[i % PHASES.length]!;
      for (const [region, score] of Object.entries(phase.scores)) {
        // A count-specific score in the default data would shadow the phase's.
        for (const n of [undefined, 1, 8]) fake.setSpotScore(region, H100, score, n);
      }
      for (const [region, used] of Object.entries(phase.h100Usage))
        fake.setUsage(region, 'standardNDSH100v5Family', region === 'swedencentral' ? 192 : 96, used);
      fake.setRestrictions(
        'eastus',
        'Standard_ND96isr_H200_v5',
        phase.h200Blocked ? [{ type: 'Location' }, { type: 'Zone', zones: ['1', '2', '3'] }] : [],
      );
      return phase;
    },
    close: files.close,
  };
}
