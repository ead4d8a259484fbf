import { CfnRule, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PROFILE_ENV } from '../../functions/aws/env.js';

/**
 * Marks a stack as built for the local run: every function gets `BRANDFLOW_RUN_PROFILE=local`
 * (loopback platform servers, profile base URLs and the sandbox adapter), and the template
 * carries a rule CloudFormation always fails, so the stack cannot be deployed. The functions
 * also ignore the variable inside Lambda (functions/aws/env.ts), so the relaxations never
 * run in AWS.
 *
 * @example
 * ```ts
 * if (props.localProfile) Object.assign(environment, new LocalProfile(this, 'LocalProfile').environment);
 * ```
 */
export class LocalProfile extends Construct {
  /** The variables every function of a local-profile stack runs with. */
  readonly environment: Record<string, string> = { [PROFILE_ENV]: 'local' };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new CfnRule(this, 'NotDeployable', {
      assertions: [
        {
          assert: Fn.conditionEquals('local-profile', 'deployment'),
          assertDescription:
            'This template was built for the local run (localProfile): it relaxes the egress rules and allows the sandbox adapter, so it cannot be deployed. Synthesize without localProfile.',
        },
      ],
    });
  }
}
