import { type FunctionAccess, FunctionAccessByRole } from './core/function-access.js';

const list = (items: readonly string[]) =>
  items.length > 0 ? items.map((item) => `\`${item}\``).join(', ') : '—';
const bare = (action: string) => action.split(':')[1] ?? action;

/**
 * The IAM table of docs/security.md, one row per function, rendered from the access table the
 * stack grants from (a test keeps the document equal to this).
 *
 * @example
 * ```ts
 * renderAccessTable().split('\n')[0]; // '| Function | DynamoDB (table) | ...'
 * ```
 */
export function renderAccessTable(): string {
  const rows = Object.entries(FunctionAccessByRole).map(([role, row]) => {
    const access: FunctionAccess = row;
    return [
      role,
      list(access.table.map(bare)) +
        (access.calendar ? '; `Query` on the `calendar` index, `BatchGetItem`' : ''),
      list(access.emits),
      list((access.lifecycle ?? []).map(bare)),
      access.schedulesRounds
        ? '`CreateSchedule` in the metric rounds group; `iam:PassRole` of its role to Scheduler'
        : access.schedulesReports
          ? '`CreateSchedule`, `UpdateSchedule` in the reports group; `iam:PassRole` to Scheduler'
          : '—',
      [
        access.channelSecrets &&
          {
            describe: '`DescribeSecret` (account bindings)',
            read: '`DescribeSecret`, `GetSecretValue`',
            'read-write': '`DescribeSecret`, `GetSecretValue`, `PutSecretValue` (token refresh)',
          }[access.channelSecrets],
        access.feedbackAuthorKey && '`GetSecretValue` on the feedback author key only',
      ]
        .filter(Boolean)
        .join('; ') || '—',
      access.reports === 'write'
        ? '`s3:PutObject` on `reports/*` of the reports bucket'
        : access.reports === 'read'
          ? '`s3:GetObject` on `reports/*` of the reports bucket (presigned report links)'
          : access.assets === 'announce'
            ? '`s3:PutObject` on `incoming/*` of the assets bucket (presigned uploads)'
            : access.assets === 'ingest'
              ? '`s3:GetObject`, `s3:DeleteObject` on `incoming/*`; `s3:PutObject` on `assets/*`, `originals/*` of the assets bucket'
              : access.assets === 'publish'
                ? '`s3:GetObject`, `s3:GetObjectVersion` on `assets/*`; `s3:GetObject`, `s3:PutObject` on `variants/*` of the assets bucket'
                : '—',
    ];
  });
  const header = [
    'Function',
    'DynamoDB (table)',
    'Events written (outbox)',
    'Step Functions',
    'Scheduler',
    'Channel secrets',
    'S3',
  ];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
