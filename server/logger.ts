// Operator logs (pino). The legal record lives in audit/, never here.
// NOTE: personal data (ID numbers, faces, fingerprints) must never be logged; log ids only.
import pino from 'pino';
import { config } from './config';

export const logger = pino({
  level: config.logLevel,
  base: undefined,
  redact: { paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'idNumber', '*.idNumber'], censor: '[redacted]' },
});
