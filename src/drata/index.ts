/** The Drata HTTP boundary: client, typed errors, path/query encoding, schemas, endpoints, pagination. */
export * from './client.js';
export * from './errors.js';
export * from './pagination.js';
export * from './path.js';
export * from './personnel.js';
export * from './query.js';
export * from './rate-limit.js';
export * from './schemas.js';
