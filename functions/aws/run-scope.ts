import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * Where a handler's configuration comes from. In Lambda a function's environment is its
 * process's, so everything reads `process.env` and each service's client is built once per
 * container. The local run and the command line host handlers of several runs in one
 * process: each enters its own run scope for the work it does, and what runs inside reads
 * that run's variables (falling back to `process.env`) and talks through clients made for that
 * run's endpoints. Nothing here writes `process.env`.
 */

/** A run's variables: read before `process.env`. */
export type RunEnvironment = Readonly<Record<string, string | undefined>>;

/** One run's configuration, entered around the work done for that run. */
export interface RunScope {
  /** The run's variables (the object is read at each call, so later additions apply). */
  readonly env: RunEnvironment;
  /** Runs `work`, and everything it starts, in this scope. */
  run<T>(work: () => T): T;
  /** The module's functions, each running in this scope when called; other exports as they are. */
  bind<M extends object>(module: M): M;
}

const current = new AsyncLocalStorage<RunEnvironment>();

/**
 * A scope for a run whose variables are `env` (the local runtime's functions, a command line
 * connection).
 *
 * @example
 * ```ts
 * const scope = createRunScope({ TABLE_NAME: 'brandflow-a', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' });
 * await scope.run(() => getPost('spring-launch')); // reads brandflow-a through that endpoint
 * ```
 */
export function createRunScope(env: RunEnvironment): RunScope {
  const run = <T>(work: () => T): T => current.run(env, work);
  return {
    env,
    run,
    bind: (module) =>
      Object.fromEntries(
        Object.entries(module).map(([name, value]) => [
          name,
          typeof value === 'function' ? (...args: unknown[]) => run(() => value(...args)) : value,
        ]),
      ) as typeof module,
  };
}

/**
 * A configuration variable: the running scope's, else the process's (Lambda's).
 *
 * @example
 * ```ts
 * const hours = parseScheduleHours(readEnv('METRICS_SCHEDULE_HOURS'));
 * ```
 */
export function readEnv(name: string): string | undefined {
  return current.getStore()?.[name] ?? process.env[name];
}

/** What an SDK client is built with; see {@link awsClient}. */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  profile?: string;
}

/**
 * The client configuration of `service` (its `AWS_ENDPOINT_URL_<service>` suffix) in the
 * running scope. Outside a run scope only the region and endpoint are named, which the SDK
 * would read from the same variables, and credentials come from the SDK's own chain; inside
 * one, the run's credentials or profile are named too, since the SDK reads only `process.env`.
 */
export function awsClientConfig(service: string): AwsClientConfig {
  const region = readEnv('AWS_REGION');
  const endpoint = readEnv(`AWS_ENDPOINT_URL_${service}`);
  const config: AwsClientConfig = { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
  if (!current.getStore()) return config;
  const accessKeyId = readEnv('AWS_ACCESS_KEY_ID');
  const secretAccessKey = readEnv('AWS_SECRET_ACCESS_KEY');
  const sessionToken = readEnv('AWS_SESSION_TOKEN');
  const profile = readEnv('AWS_PROFILE');
  if (accessKeyId && secretAccessKey) {
    config.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  } else if (profile) config.profile = profile;
  return config;
}

const clients = new Map<string, unknown>();
const clientKey = (service: string, config: AwsClientConfig) => `${service} ${JSON.stringify(config)}`;

/**
 * The running scope's client of `service`, made by `create` on first use and kept for every
 * later call with the same configuration: once per container in Lambda, once per run's
 * endpoints locally.
 *
 * @example
 * ```ts
 * const sfn = awsClient('SFN', (config) => new SFNClient(config));
 * ```
 */
export function awsClient<C>(service: string, create: (config: AwsClientConfig) => C): C {
  const config = awsClientConfig(service);
  const key = clientKey(service, config);
  let client = clients.get(key) as C | undefined;
  if (!client) {
    client = create(config);
    clients.set(key, client);
  }
  return client;
}

/** A client whose calls go to the running scope's client of its service. */
export interface ScopedClient<C extends { send: unknown; destroy(): void }> {
  send: C['send'];
  /** The running scope's client itself (for a presigner or a middleware). */
  current(): C;
  /** Destroys the running scope's client; the next call makes a new one. */
  destroy(): void;
}

/**
 * A module-level client that is the running scope's one at each call (see {@link awsClient}),
 * so modules keep one `const` per service and send through it as through a client.
 *
 * @example
 * ```ts
 * export const sfn = scopedClient('SFN', (config) => new SFNClient(config));
 * await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));
 * ```
 */
export function scopedClient<C extends { send: unknown; destroy(): void }>(
  service: string,
  create: (config: AwsClientConfig) => C,
): ScopedClient<C> {
  const client = () => awsClient(service, create);
  return {
    send: ((...args: unknown[]) => (client().send as (...sent: unknown[]) => unknown)(...args)) as C['send'],
    current: client,
    destroy: () => {
      const destroyed = client();
      clients.delete(clientKey(service, awsClientConfig(service)));
      destroyed.destroy();
    },
  };
}
