import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const fake = await startAzureFake();
  const dir = mkdtempSync(join(tmpdir(), 'gpu-radar-azure-demo-'));
  const ca = fake.writeCa(join(dir, 'azure-fake-ca.pem'));
  return {
    env: {
      AZURE_TENANT_ID: fake.tenant,
      AZURE_CLIENT_ID: fake.clientId,
      AZURE_CLIENT_SECRET: fake.clientSecret,
      AZURE_SUBSCRIPTION_ID: fake.subscription,
      AZURE_AUTHORITY_HOST: fake.authorityHost,
      GPU_RADAR_AZURE_URL: fake.url,
      GPU_RADAR_AZURE_PRICES_URL: fake.pricesUrl,
      GPU_RADAR_AZURE_REGIONS: fake.regions().join(','),
      GPU_RADAR_AZURE_CA_FILE: ca,
    },
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
    async close() {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
