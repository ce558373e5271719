import { pino, type Logger } from 'pino';

// Secrets live under these paths wherever they travel; pino replaces them before writing.
const REDACT = [
  'credentials',
  '*.credentials',
  'config.providers.*.credentials',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
];

export type { Logger };

export function createLogger(level = 'info', base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'gpu-radar', ...base }, redact: { paths: REDACT, censor: '[redacted]' } });
}
