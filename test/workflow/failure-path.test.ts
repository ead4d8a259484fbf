import { StateMachine } from 'aws-local-stepfunctions';
import { expect, it } from 'vitest';
import { synthesizeLocalTemplate } from '../../local/core/template.js';
import { adaptForLocalEngine } from '../../local/engine-definition.js';
import { StateName } from '../../workflows/contract.js';

it('records an unexpected failure on the post, then fails the execution as LifecycleFailed with the original cause', async () => {
  // Prepare: the synthesized definition, with a task that fails in a way no Catch routes by name
  const { definition } = adaptForLocalEngine(synthesizeLocalTemplate().definition);
  const recorded: unknown[] = [];
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });

  // Act
  const run = machine.run(
    { postId: 'post-1', revision: 1 },
    {
      context: { Execution: { Name: 'post-1-r1' } },
      overrides: {
        taskResourceLocalHandlers: {
          [StateName.CheckPolicy]: () => {
            throw Object.assign(new Error('the brand profile could not be read'), {
              name: 'BrandUnreadable',
            });
          },
          [StateName.RecordWorkflowFailure]: (input) => {
            recorded.push(input);
            return { postId: 'post-1', status: 'failed' };
          },
        },
      },
    },
  );
  const failure = await run.result.then(
    () => undefined,
    (error: Error) => error,
  );

  // Assess
  expect(recorded).toEqual([
    expect.objectContaining({
      postId: 'post-1',
      executionName: 'post-1-r1',
      failure: expect.objectContaining({ Error: 'BrandUnreadable' }),
    }),
  ]);
  expect((failure?.cause as Error | undefined)?.name).toBe('LifecycleFailed');
  expect(failure?.message).toContain('the brand profile could not be read');
});
