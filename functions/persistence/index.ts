/** What the local runtime and tests use to seed and read Brandflow's records. */
export { getBrand, listBrandVersions, putBrand, saveBrandProfile } from './brands.js';
export { listConversions } from './conversions.js';
export { listRejectedEvents, type RejectedEvent } from './inbound-events.js';
export { type Actor, type LifecycleLogEntry, listLifecycleLog } from './lifecycle-log.js';
export { listMembers, type Membership, membershipsOf, putMembership } from './memberships.js';
export { listMetricSnapshots, type MetricSnapshot } from './metric-snapshots.js';
export { listStandaloneEvents } from './outbox.js';
export { getPost, listCalendar } from './posts.js';
export { listPublishRecords, type PublishRecord } from './publish-records.js';
