/**
 * AWS list prices the cost model uses: US East (N. Virginia), us-east-1, on-demand, no free
 * tier, no savings plans. Each price names the page it was read from. Update `asOf` and the
 * figures together; `npm run bench` prints them with every result.
 */
export const awsPrices = {
  region: 'us-east-1',
  asOf: '2026-05',
  stepFunctions: {
    /** Standard workflows: every state entered, plus every retry. */
    perStateTransition: 0.025 / 1000,
    source:
      'https://aws.amazon.com/step-functions/pricing/ ($0.0250 per 1,000 state transitions, US East (N. Virginia))',
  },
  apiGatewayHttp: {
    /** HTTP APIs, first 300 million requests a month, per request up to 512 KB. */
    perRequest: 1.0 / 1_000_000,
    source:
      'https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs: $1.00 per million requests, first 300 million a month)',
  },
  lambda: {
    perRequest: 0.2 / 1_000_000,
    /** Arm (Graviton), first 7.5 billion GB-seconds a month; the stack deploys ARM_64. */
    perGbSecondArm: 0.0000133334,
    source: 'https://aws.amazon.com/lambda/pricing/ ($0.20 per 1M requests; Arm $0.0000133334 per GB-second)',
  },
  dynamoDb: {
    /** On-demand (the table is PAY_PER_REQUEST), Standard table class, after the November 2024 reduction. */
    perWriteRequestUnit: 0.625 / 1_000_000,
    perReadRequestUnit: 0.125 / 1_000_000,
    source:
      'https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million write request units, $0.125 per million read request units)',
  },
  eventBridge: {
    /** Custom events put on a bus, per 64 KB chunk; rule deliveries to Lambda cost nothing more. */
    perCustomEvent: 1 / 1_000_000,
    source: 'https://aws.amazon.com/eventbridge/pricing/ ($1.00 per million custom events published)',
  },
  eventBridgeScheduler: {
    /** One-time schedules: creating and deleting them is free; each target invocation is billed (no free tier here). */
    perInvocation: 1 / 1_000_000,
    source:
      'https://aws.amazon.com/eventbridge/pricing/ (EventBridge Scheduler: $1.00 per million scheduled invocations; 14 million a month free, not counted here)',
  },
  secretsManager: {
    perApiCall: 0.05 / 10_000,
    source:
      'https://aws.amazon.com/secrets-manager/pricing/ ($0.05 per 10,000 API calls; $0.40 per secret-month not per post)',
  },
  xRay: {
    perTraceRecorded: 5 / 1_000_000,
    /** Default sampling rule beyond the first request each second. */
    sampledFraction: 0.05,
    source:
      'https://aws.amazon.com/xray/pricing/ ($5.00 per million traces recorded; default rule samples 5%)',
  },
  s3: {
    /** S3 Standard PUT, COPY, POST, LIST requests. */
    perPutRequest: 0.005 / 1000,
    /** S3 Standard GET, SELECT and all other requests. */
    perGetRequest: 0.0004 / 1000,
    perGbMonth: 0.023,
    source:
      'https://aws.amazon.com/s3/pricing/ ($0.005 per 1,000 PUT requests; $0.0004 per 1,000 GET requests; $0.023 per GB-month, S3 Standard)',
  },
  cloudWatchLogs: {
    perGbIngested: 0.5,
    source: 'https://aws.amazon.com/cloudwatch/pricing/ ($0.50 per GB of logs ingested, standard class)',
  },
} as const;

export type AwsPrices = typeof awsPrices;
