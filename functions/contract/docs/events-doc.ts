import {
  MAX_DETAIL_DEPTH,
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  MAX_PUT_EVENTS_REQUEST_BYTES,
} from '../../aws/event-bridge-limits.js';
import { MAX_METRICS_ROUND_HOURS } from '../../domain/metrics-schedule.js';
import { LATEST_SCHEDULE_AFTER_START_MS, MAX_CONTENT_BYTES, MIN_LEAD_MS } from '../../domain/submission.js';
import { type ContractEvent, contractEvents } from '../catalog.js';
import { MAX_CHANNELS, MAX_MEDIA, MAX_REVISION, MAX_TEXT_LENGTH, MAX_URL_LENGTH } from '../inbound.js';
import { eventJsonSchema, registrySchemaName } from '../json-schema.js';
import {
  MAX_FIELD_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_PROBLEMS,
  MAX_QUOTE_LENGTH,
  problemRules,
} from '../problems.js';
import { SCHEMA_VERSION } from '../version.js';

type JsonSchema = Record<string, unknown>;

/**
 * docs/events.md, generated from the contract: `npm run docs:events` writes it, and a test
 * fails when the file differs from what the schemas say.
 *
 * @example
 * ```ts
 * writeFileSync('docs/events.md', renderEventsDoc());
 * ```
 */
export function renderEventsDoc(): string {
  const inbound = contractEvents.filter((e) => e.direction === 'inbound');
  const outbound = contractEvents.filter((e) => e.direction === 'outbound');
  return [
    intro(),
    limits(),
    '## Inbound events',
    '',
    ...inbound.flatMap(section),
    '## Outbound events',
    '',
    'Brandflow puts these on its bus with `Source` `brandflow`. Subscribe with a rule such as',
    '`{ "source": ["brandflow"], "detail-type": ["Post Published"] }`. The commands below put an',
    'example on a bus of your own, to try a consumer.',
    '',
    ...outbound.flatMap(section),
  ].join('\n');
}

/** What docs/events.md says of `eventKey`: the forwarder sets it (functions/use-cases/forward-outbox.ts). */
const EVENT_KEY_DOC = 'the same on every delivery of this event: deduplicate on it';

function intro(): string {
  return `<!-- Generated from functions/contract by \`npm run docs:events\`; edit the schemas, not this file. -->

# Events

Integrators drive Brandflow by putting events on its EventBridge bus (default name
\`brandflow\`) and follow it through the events it puts back. Every event is a zod schema in
[functions/contract](../functions/contract); this page and the JSON Schemas in the stack's
schema registry (\`brandflow-events\`, one schema per event named \`brandflow@<DetailTypeWithoutSpaces>\`)
are generated from them. Bindings: \`aws schemas get-code-binding-source --registry-name brandflow-events --schema-name brandflow@SubmitPost --language TypeScript3\`.

## What every detail carries

| Field           | Inbound                                           | Outbound                                         |
| --------------- | ------------------------------------------------- | ------------------------------------------------ |
| \`schemaVersion\` | optional; \`"${SCHEMA_VERSION}"\`, the current version, when omitted | always \`"${SCHEMA_VERSION}"\`                                |
| \`correlationId\` | optional; the event's \`id\` when omitted          | the inbound event's correlation id that caused it, else the execution name (\`<postId>-r<revision>\`) |
| \`eventKey\`      | (not read)                                        | ${EVENT_KEY_DOC} |

Details are open: consumers must ignore fields they do not know. Adding a field keeps the
version; removing, renaming or narrowing one raises it. No detail carries post text or
people's names, only ids.

## Delivery, repeats and rejections

- **At least once.** EventBridge may deliver an event twice. Each inbound event is processed
  once per \`id\`: the first outcome is kept for seven days (an item with a TTL in the table)
  and a redelivery is answered with it. Sending the same request again as a _new_ event is
  also safe: every handler is idempotent (a repeated submission, decision or cancellation
  changes nothing).
- **Rejected events.** An inbound event that breaks its schema, or that a handler refuses, is
  not dropped: Brandflow stores it with its errors (field, rule, message; never the detail
  itself) for 90 days as an item \`pk = REJECTED#<yyyy-mm-dd>\`, \`sk = <time>#<event id>\`, logs a \`warn\`
  line with the same errors, and puts an \`Inbound Event Rejected\` event naming the event id
  and the errors, once per event id: a redelivery of a refused event writes nothing and emits
  nothing again. \`brandflow rejections\` lists a day's rejections.
- **Outbound events are never lost, and a repeat is recognisable.** A handler writes the
  events it emits in the same DynamoDB transaction as the change they report (the outbox); the
  table's stream hands each new item to the \`forward-events\` function, which puts its events
  on the bus. If PutEvents fails, or the forwarder stops mid-batch, the stream delivers the
  records again: an event may then arrive twice, always with the same \`eventKey\` (32 hex
  characters, derived from the table item that carries it and the event's place in it).
  **Deduplicate on \`detail.eventKey\`**, not on the EventBridge \`id\`, which differs per put.
- **Failures.** Each inbound rule retries its target for 24 hours, then moves the event to the
  rule's SQS dead-letter queue. The bus keeps an archive (\`Bus-archive\`, 90 days) for
  \`aws events start-replay\`.
- **Who may put what.** The bus policy lets the accounts named in the stack's
  \`integratorAccounts\` put the inbound detail-types, and no other account anything.

Against the local twin (\`npm start\`), add \`--endpoint-url http://localhost:4010\` to any command
below (with any credentials, region \`us-east-1\`).
`;
}

const kb = (bytes: number) => `${bytes / 1024} KB`;
const days = (ms: number) => Math.floor(ms / 86_400_000);

/** Every bound an inbound event meets, and the problem vocabulary, from the constants that enforce them. */
function limits(): string {
  const rules = Object.entries(problemRules)
    .map(([rule, meaning]) => `| \`${rule}\` | ${meaning} |`)
    .join('\n');
  return `## Limits and refusals

Every inbound command is answered, whatever it carries: accepted by the rules below, or
refused with problems that name the field (a dotted path such as \`content.x.text\`) and the
rule, and change nothing. The handlers, the rejection record and \`Inbound Event Rejected\`
use the one vocabulary of [functions/contract/problems.ts](../functions/contract/problems.ts).

- **Sizes.** A post's text is at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} UTF-16 code units per
  channel (Facebook's limit, the largest platform's; the channel's own limit is then checked in
  graphemes), a post names at most ${MAX_CHANNELS} channels, each with at most ${MAX_MEDIA} \`mediaUrls\`,
  URLs are at most ${MAX_URL_LENGTH} characters, a revision is at most ${MAX_REVISION.toLocaleString('en-US')}, and the content of all channels together at most
  ${MAX_CONTENT_BYTES / 1024} KB in UTF-8 (the post's item stays within DynamoDB's 400 KB); every other string and list has the bound its
  table gives. A brand profile lists each channel, reviewer and approver id once.
- **Times.** \`scheduledAt\` is an RFC 3339 date-time that exists (\`2027-02-30\` and hour 24 are
  refused, not rolled over), with an offset, at least ${MIN_LEAD_MS / 60_000} minute ahead, and at most
  ${days(LATEST_SCHEDULE_AFTER_START_MS)} days after its execution started: a Standard execution lives one year,
  and publishing and every metric round (the last at most ${MAX_METRICS_ROUND_HOURS} hours after publication)
  must fit in it. A reschedule keeps the post's execution, so its bound counts from when that
  execution started. \`timeZone\` is an IANA name; a UTC offset such as \`+01:00\` is refused.
- **Answers fit AWS.** A refusal lists at most ${MAX_PROBLEMS} problems (then one \`more-problems\` entry
  counts the rest), cuts fields to ${MAX_FIELD_LENGTH} and messages to ${MAX_MESSAGE_LENGTH} characters, and quotes
  at most ${MAX_QUOTE_LENGTH} characters of a bad value: every rejection record fits DynamoDB's 400 KB
  item and every event EventBridge's ${kb(MAX_PUT_EVENTS_ENTRY_BYTES)} entry, whatever the input.
- **EventBridge's own limits** (the local twin applies them too): a \`PutEvents\` request holds
  1 to ${MAX_PUT_EVENTS_ENTRIES} entries and at most ${kb(MAX_PUT_EVENTS_REQUEST_BYTES)}; an entry (its \`Source\`, \`DetailType\`,
  \`Detail\` and \`Resources\` in UTF-8 bytes, \`Time\` 14) is under ${kb(MAX_PUT_EVENTS_ENTRY_BYTES)}, else it fails alone
  with \`InvalidArgument\`; a \`Detail\` nested deeper than ${MAX_DETAIL_DEPTH} levels fails with \`MalformedDetail\`.

| Rule | Meaning |
| --- | --- |
${rules}
`;
}

function section(event: ContractEvent): string[] {
  const detail = (eventJsonSchema(event).properties as Record<string, JsonSchema>).detail as JsonSchema;
  const entry = {
    EventBusName: 'brandflow',
    Source: event.source,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.example),
  };
  return [
    `### ${event.detailType}`,
    '',
    event.summary,
    '',
    `Schema: \`${registrySchemaName(event.detailType)}\`.`,
    '',
    '| Field | Type | Required | Rule |',
    '| ----- | ---- | -------- | ---- |',
    ...fieldRows(detail, ''),
    '',
    'Example detail:',
    '',
    '```json',
    JSON.stringify(event.example, null, 2),
    '```',
    '',
    ...(futureTime(event) ? [FUTURE_TIME_NOTE, ''] : []),
    '```sh',
    putEventsCommand(event, entry),
    '```',
    '',
  ];
}

/** A shell expression for this time tomorrow, UTC: a `scheduledAt` that is in the future whenever it is run. */
export const FUTURE_TIME_SHELL = "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)";

const FUTURE_TIME_NOTE =
  'The command schedules for this time tomorrow (GNU `date`): a time must be at least a minute ahead and within the coming year.';

/** An inbound example whose `scheduledAt` must lie ahead to be accepted. */
function futureTime(event: ContractEvent): string | undefined {
  const value = event.example.scheduledAt;
  return event.direction === 'inbound' && typeof value === 'string' ? value : undefined;
}

function putEventsCommand(event: ContractEvent, entry: Record<string, unknown>): string {
  const command = `aws events put-events --entries '${JSON.stringify([entry])}'`;
  const time = futureTime(event);
  // The detail is a JSON string inside the entries: its quotes are escaped once.
  return time ? command.replace(`\\"${time}\\"`, `\\"'"${FUTURE_TIME_SHELL}"'\\"`) : command;
}

function fieldRows(schema: JsonSchema, prefix: string): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const row = `| \`${path}\` | ${typeOf(field)} | ${required.has(name) ? 'yes' : 'no'} | ${ruleOf(field)} |`;
    const nested = field.type === 'object' && field.properties ? fieldRows(field, `${path}.`) : [];
    const items = field.items as JsonSchema | undefined;
    const nestedItems =
      field.type === 'array' && items?.type === 'object' && items.properties
        ? fieldRows(items, `${path}[].`)
        : [];
    return [row, ...nested, ...nestedItems];
  });
}

function typeOf(field: JsonSchema): string {
  if (Array.isArray(field.enum)) return field.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (Array.isArray(field.oneOf) || Array.isArray(field.anyOf)) return 'one of (see schema)';
  if (field.type === 'array') return `array of ${typeOf((field.items ?? {}) as JsonSchema)}`;
  if (field.type === 'object' && field.additionalProperties && !field.properties) return 'map';
  return String(field.type ?? 'any');
}

function ruleOf(field: JsonSchema): string {
  const rules: string[] = [];
  if (field.pattern) rules.push(`matches \`${String(field.pattern).replace(/\|/g, '\\|')}\``);
  if (field.format) rules.push(String(field.format));
  if (field.minLength !== undefined || field.maxLength !== undefined)
    rules.push(`length ${field.minLength ?? 0}-${field.maxLength ?? '∞'}`);
  if (field.minimum !== undefined) rules.push(`≥ ${field.minimum}`);
  if (typeof field.maximum === 'number' && field.maximum < Number.MAX_SAFE_INTEGER)
    rules.push(`≤ ${field.maximum}`);
  if (field.minItems !== undefined) rules.push(`at least ${field.minItems}`);
  if (field.description) rules.push(String(field.description));
  return rules.join('; ').replace(/\n/g, ' ') || '';
}
