// Every provider gpu-radar polls: one line per provider (docs/adding-a-provider.md).
export { aws } from './aws/provider.js';
export { azure } from './azure/provider.js';
export { coreweave } from './coreweave/provider.js';
export { gcp } from './gcp/provider.js';
export { lambda } from './lambda/provider.js';
export { runpod } from './runpod/provider.js';
export { vastai } from './vastai/provider.js';
