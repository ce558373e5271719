// Service defaults, overridden by the environment variables named beside them.
export const SERVICE_DEFAULTS = {
  port: 8080, // PORT
  host: '0.0.0.0', // HOST
  redisUrl: 'redis://127.0.0.1:6379', // REDIS_URL
  // Hash-tagged so that every key of one deployment lands on one Redis Cluster slot.
  redisPrefix: '{gpu-radar}:', // GPU_RADAR_REDIS_PREFIX
  logLevel: 'info', // LOG_LEVEL
  // Samples per poll kept this long (downsampled to hourly after 24 h); see src/store/history-store.ts.
  historyRetentionDays: 30, // GPU_RADAR_HISTORY_RETENTION_DAYS
  // How long a reported launch outcome outweighs what the provider says (DESIGN §2).
  observationWindowMs: 15 * 60_000, // GPU_RADAR_OBSERVATION_WINDOW_MS
  // `off` for one machine; `keys` in production: every /v1 request and /metrics need an API key.
  auth: 'off', // GPU_RADAR_AUTH
  // Requests per minute per API key, per API replica, unless the key sets its own.
  rateLimitPerMinute: 600, // GPU_RADAR_RATE_LIMIT_PER_MINUTE
} as const;
