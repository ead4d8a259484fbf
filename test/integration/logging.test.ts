import { describe, expect, it, vi } from 'vitest';
import { newPostId, submission, useHarnessWithBrand } from '../support/twin-harness.js';

const harness = useHarnessWithBrand({ trusted: false });

it('logs a routed outcome at info level by error name and ids, never the post text', async () => {
  // Prepare
  const postId = newPostId();
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'info').mockImplementation((line: string) => lines.push(line));
  // Act: the post's execution runs CheckPolicy, whose block the workflow routes to its end
  const submitted = await harness.h.submitPost(
    submission(postId, { content: { x: { text: 'Private, cheap' } } }),
  );
  spy.mockRestore();
  // Assess
  const executionName = submitted.status === 'submitted' ? submitted.executionName : '';
  expect(harness.twin.executions.get(executionName)).toMatchObject({
    status: 'SUCCEEDED',
    statesEntered: ['CheckPolicy', 'EndRejectedByPolicy'],
  });
  const policyLines = lines.filter((line) => JSON.parse(line).handler === 'check-policy');
  expect(policyLines).toHaveLength(1);
  expect(JSON.parse(policyLines[0] ?? '{}')).toMatchObject({
    level: 'info',
    handler: 'check-policy',
    error: 'PolicyBlocked',
    correlationId: executionName,
  });
  expect(lines.join('\n')).not.toContain('Private');
});

describe('error log lines', () => {
  /** The lines the error logger of handler `fn` writes at `level` when it fails with `error` on `event`. */
  const loggedOnError = async (
    level: 'info' | 'warn' | 'error',
    fn: string,
    failure: { error: Error; event: unknown; awsRequestId: string },
  ) => {
    const { logErrors } = await import('../../functions/middleware/log-errors.js');
    const lines: string[] = [];
    vi.spyOn(console, level).mockImplementation((line: string) => lines.push(line));
    logErrors(fn).onError?.({
      error: failure.error,
      event: failure.event,
      context: { awsRequestId: failure.awsRequestId },
    } as never);
    vi.restoreAllMocks();
    return lines;
  };

  it('log a normal reschedule (ScheduledTimeMoved) at info, as an outcome, with the correlation and request ids', async () => {
    // Prepare
    const error = Object.assign(new Error('2030-05-02T07:00:00Z'), { name: 'ScheduledTimeMoved' });
    // Act
    const lines = await loggedOnError('info', 'confirm-still-scheduled', {
      error,
      event: { postId: 'p-1', executionName: 'p-1-r1' },
      awsRequestId: 'req-1',
    });
    // Assess
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'info',
      kind: 'outcome',
      error: 'ScheduledTimeMoved',
      correlationId: 'p-1-r1',
      requestId: 'req-1',
    });
  });

  it('log a fault at error with its cause chain and the inbound event correlation id', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const error = Object.assign(new Error('could not start the lifecycle', { cause: throttled }), {
      name: 'StartExecutionError',
    });
    // Act
    const lines = await loggedOnError('error', 'submit-post', {
      error,
      event: { id: 'evt-1', detail: { correlationId: 'cms-9', content: { x: { text: 'Private' } } } },
      awsRequestId: 'req-2',
    });
    // Assess
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'error',
      kind: 'fault',
      correlationId: 'cms-9',
      requestId: 'req-2',
      causes: [{ error: 'ThrottlingException', message: 'Rate exceeded' }],
    });
    expect(lines[0]).not.toContain('Private');
  });
});
