import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from '../../local/event-pattern.js';

// The event and patterns of EventBridge's "Content filtering in event patterns" examples.
const event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 7,
    filename: 'image.png',
  },
};

describe('the local bus matches event patterns as EventBridge does', () => {
  it.each([
    ['exact value', { detail: { state: ['terminated'] } }, true],
    ['exact value, another', { detail: { state: ['running'] } }, false],
    ['prefix', { region: [{ prefix: 'us-' }] }, true],
    ['prefix ignoring case', { region: [{ prefix: { 'equals-ignore-case': 'US-' } }] }, true],
    ['suffix', { detail: { filename: [{ suffix: '.png' }] } }, true],
    ['suffix, another', { detail: { filename: [{ suffix: '.jpg' }] } }, false],
    ['anything-but a value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
    ['anything-but a list', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, false],
    ['anything-but a prefix', { detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, false],
    ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    ['numeric range, outside', { detail: { 'd-count': [{ numeric: ['<', 7] }] } }, false],
    ['numeric equality', { detail: { 'd-count': [{ numeric: ['=', 7] }] } }, true],
    ['exists', { detail: { state: [{ exists: true }] } }, true],
    ['exists false', { detail: { 'no-such-field': [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { state: [{ exists: false }] } }, false],
    [
      'equals-ignore-case',
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      true,
    ],
    [
      '$or',
      { detail: { $or: [{ 'c-count': [{ numeric: ['>', 9] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] } },
      true,
    ],
    ['$or, neither', { detail: { $or: [{ 'c-count': [99] }, { state: ['running'] }] } }, false],
    ['an array field matching any element', { resources: [{ prefix: 'arn:aws:ec2:' }] }, true],
    ['wildcard', { detail: { filename: [{ wildcard: 'image.*' }] } }, true],
  ])('%s', (_, pattern, expected) => {
    // Act
    const matched = matchesEventPattern(pattern as Record<string, unknown>, event);
    // Assess
    expect(matched).toBe(expected);
  });
});
