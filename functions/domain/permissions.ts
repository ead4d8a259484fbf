/**
 * Who may do what for a brand: the roles a membership record grants and the permission table
 * the front door's use cases check. docs/security.md renders {@link permissionTable}; a test
 * keeps the two equal.
 */

/** A person's role for one brand (a membership record may grant several). */
export const BrandRole = {
  Admin: 'brand-admin',
  Editor: 'editor',
  Reviewer: 'reviewer',
  Viewer: 'viewer',
} as const;
export type BrandRole = (typeof BrandRole)[keyof typeof BrandRole];
export const brandRoles = Object.values(BrandRole);

/** What people do through the front door. */
export const BrandAction = {
  SubmitPost: 'submit or edit a post',
  DecideReview: 'decide a review',
  CancelPost: 'cancel a post',
  ReschedulePost: 'reschedule a post',
  ReadPosts: 'read posts, logs and the calendar',
  UpdateProfile: 'update the brand profile',
  ManageMembers: 'change memberships',
  AddAssets: 'add media to the asset library',
  ReadFeedback: 'read the feedback inbox',
  ReplyFeedback: 'reply to feedback',
  ApproveFeedbackReply: 'approve or reject a reply to feedback',
  ModerateFeedback: 'hide or mark feedback as spam',
} as const;
export type BrandAction = (typeof BrandAction)[keyof typeof BrandAction];

/**
 * The permission table, role by action. A reviewer decides only where a review stage names
 * them or their group, and never on a post they wrote; those rules live in the review chain.
 */
export const permissionTable: Readonly<Record<BrandAction, readonly BrandRole[]>> = {
  [BrandAction.SubmitPost]: [BrandRole.Admin, BrandRole.Editor],
  [BrandAction.DecideReview]: [BrandRole.Admin, BrandRole.Reviewer],
  [BrandAction.CancelPost]: [BrandRole.Admin, BrandRole.Editor],
  [BrandAction.ReschedulePost]: [BrandRole.Admin, BrandRole.Editor],
  [BrandAction.ReadPosts]: [BrandRole.Admin, BrandRole.Editor, BrandRole.Reviewer, BrandRole.Viewer],
  [BrandAction.UpdateProfile]: [BrandRole.Admin],
  [BrandAction.ManageMembers]: [BrandRole.Admin],
  [BrandAction.AddAssets]: [BrandRole.Admin, BrandRole.Editor],
  // Feedback holds what people wrote: those who answer it, not everyone who reads posts.
  [BrandAction.ReadFeedback]: [BrandRole.Admin, BrandRole.Editor],
  // Those who write for the brand answer for it; the approvers of posts approve the replies that need it.
  [BrandAction.ReplyFeedback]: [BrandRole.Admin, BrandRole.Editor],
  [BrandAction.ApproveFeedbackReply]: [BrandRole.Admin, BrandRole.Reviewer],
  // Those who answer for the brand also keep its threads clean.
  [BrandAction.ModerateFeedback]: [BrandRole.Admin, BrandRole.Editor],
};

/**
 * Whether any of `roles` may take `action`.
 *
 * @example
 * ```ts
 * mayAct([BrandRole.Editor], BrandAction.UpdateProfile); // false
 * ```
 */
export function mayAct(roles: readonly BrandRole[], action: BrandAction): boolean {
  return permissionTable[action].some((role) => roles.includes(role));
}

/** The prefix that makes an approver entry name a group: `group:legal`. */
export const GROUP_APPROVER_PREFIX = 'group:';

/**
 * Whether an approver entry of a review stage (a user id, or `group:<name>`) names the caller.
 *
 * @example
 * ```ts
 * approverNames('group:legal', { subject: 'ana', groups: ['legal'] }); // true
 * ```
 */
export function approverNames(
  approver: string,
  caller: { subject: string; groups: readonly string[] },
): boolean {
  return approver.startsWith(GROUP_APPROVER_PREFIX)
    ? caller.groups.includes(approver.slice(GROUP_APPROVER_PREFIX.length))
    : approver === caller.subject;
}

/**
 * The permission table as a Markdown table, as docs/security.md shows it.
 *
 * @example
 * ```ts
 * permissionTableMarkdown().split('\n')[0]; // '| Action | brand-admin | editor | reviewer | viewer |'
 * ```
 */
export function permissionTableMarkdown(): string {
  const header = `| Action | ${brandRoles.join(' | ')} |`;
  const rule = `| --- | ${brandRoles.map(() => ':---:').join(' | ')} |`;
  const rows = Object.entries(permissionTable).map(
    ([action, roles]) =>
      `| ${action} | ${brandRoles.map((r) => (roles.includes(r) ? 'yes' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
