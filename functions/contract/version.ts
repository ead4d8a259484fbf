import * as z from 'zod/mini';
import './schema-messages.js';

/**
 * The contract's version, carried as `schemaVersion` in every event detail. A change that an
 * existing integrator could trip on (a field removed, renamed, narrowed or made required)
 * raises it; additions keep it.
 */
export const SCHEMA_VERSION = '1';

/** Versions the inbound handlers accept. */
export const SUPPORTED_SCHEMA_VERSIONS = [SCHEMA_VERSION] as const;

const correlationId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
    z.describe('Ties together the events of one conversation; echoed on every event it causes.'),
  );

/**
 * The contract fields of an inbound detail. Both are optional for senders: a missing
 * `schemaVersion` means the current one, a missing `correlationId` becomes the event's id.
 */
export const inboundContractFields = {
  schemaVersion: z
    .optional(z.enum(SUPPORTED_SCHEMA_VERSIONS))
    .check(z.describe('Contract version the sender wrote against; the current one when omitted.')),
  correlationId: z.optional(correlationId),
};

/** The contract fields every outbound detail carries. */
export const outboundContractFields = {
  schemaVersion: z.literal(SCHEMA_VERSION).check(z.describe('Contract version of this detail.')),
  correlationId,
};
