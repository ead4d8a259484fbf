import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from './build-app.js';

// Entry point of `cdk synth` / `cdk deploy` (see cdk.json). cdk-nag runs as a validation
// plugin: an unacknowledged finding fails the synth instead of scrolling past as a warning.
const { app } = buildApp();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
