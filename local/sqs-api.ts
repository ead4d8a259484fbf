import { createHash, randomUUID } from 'node:crypto';
import { LocalAws } from './core/template.js';
import type { DeadLetters } from './dead-letters.js';
import { AwsApiError } from './errors.js';
import type { LocalDeadLetter } from './types.js';

/** SQS's error for a queue URL that names no queue (JSON protocol). */
const noSuchQueue = () =>
  new AwsApiError('com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.');

interface Held {
  receiptHandle: string;
  visibleAt: number;
}

/**
 * The SQS calls an operator makes on the dead-letter queues, answered from the twin's dead
 * letters as SQS answers them (JSON protocol): ListQueues, GetQueueUrl, GetQueueAttributes
 * (`ApproximateNumberOfMessages`, `ApproximateNumberOfMessagesNotVisible`), ReceiveMessage
 * (1 to 10 messages, hidden for `VisibilityTimeout` seconds, default 30, with `MD5OfBody`),
 * DeleteMessage (by the receipt handle of the latest receive). A queue's URL is
 * `<endpoint>/000000000000/<queue name>` and its name the queue's logical id.
 *
 * @example
 * ```ts
 * const sqs = new LocalSqs(deadLetters, ['SubmitPostIntakeDeadLetterQueue1234'], () => endpoint.url);
 * sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10 });
 * ```
 */
export class LocalSqs {
  private readonly held = new Map<LocalDeadLetter, Held>();

  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly queueNames: readonly string[],
    private readonly endpoint: () => string,
  ) {}

  /** The operations, by `X-Amz-Target`. */
  operations(): Record<string, (body: Record<string, unknown>) => unknown> {
    return {
      'AmazonSQS.ListQueues': (body) => ({
        QueueUrls: this.queueNames
          .filter((name) => name.startsWith(String(body.QueueNamePrefix ?? '')))
          .map((name) => this.urlOf(name)),
      }),
      'AmazonSQS.GetQueueUrl': (body) => ({
        QueueUrl: this.urlOf(this.nameOf(`/${String(body.QueueName)}`)),
      }),
      'AmazonSQS.GetQueueAttributes': (body) => {
        const letters = this.lettersOf(body.QueueUrl);
        const hidden = letters.filter((letter) => this.isHidden(letter)).length;
        return {
          Attributes: {
            ApproximateNumberOfMessages: String(letters.length - hidden),
            ApproximateNumberOfMessagesNotVisible: String(hidden),
            QueueArn: `arn:aws:sqs:${LocalAws.region}:${LocalAws.accountId}:${this.nameOf(body.QueueUrl)}`,
          },
        };
      },
      'AmazonSQS.ReceiveMessage': (body) => this.receive(body),
      'AmazonSQS.DeleteMessage': (body) => {
        const letters = this.lettersOf(body.QueueUrl);
        const letter = letters.find((l) => this.held.get(l)?.receiptHandle === body.ReceiptHandle);
        if (!letter) {
          throw new AwsApiError(
            'com.amazonaws.sqs#ReceiptHandleIsInvalid',
            'The input receipt handle is invalid.',
          );
        }
        this.held.delete(letter);
        this.deadLetters.all.splice(this.deadLetters.all.indexOf(letter), 1);
        return {};
      },
    };
  }

  private receive(body: Record<string, unknown>) {
    const max = body.MaxNumberOfMessages === undefined ? 1 : Number(body.MaxNumberOfMessages);
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw new AwsApiError(
        'com.amazonaws.sqs#InvalidParameterValue',
        'MaxNumberOfMessages must be 1 to 10.',
      );
    }
    const visibility = body.VisibilityTimeout === undefined ? 30 : Number(body.VisibilityTimeout);
    const visible = this.lettersOf(body.QueueUrl)
      .filter((letter) => !this.isHidden(letter))
      .slice(0, max);
    return {
      Messages: visible.map((letter) => {
        const receiptHandle = randomUUID();
        this.held.set(letter, { receiptHandle, visibleAt: Date.now() + visibility * 1000 });
        return {
          MessageId: messageIdOf(letter),
          ReceiptHandle: receiptHandle,
          MD5OfBody: createHash('md5').update(letter.body).digest('hex'),
          Body: letter.body,
          Attributes: { SentTimestamp: String(Date.parse(letter.sentAt)) },
        };
      }),
    };
  }

  private isHidden(letter: LocalDeadLetter): boolean {
    return (this.held.get(letter)?.visibleAt ?? 0) > Date.now();
  }

  private urlOf(name: string): string {
    return `${this.endpoint()}/${LocalAws.accountId}/${name}`;
  }

  private nameOf(queueUrl: unknown): string {
    const name =
      String(queueUrl ?? '')
        .split('/')
        .pop() ?? '';
    if (!this.queueNames.includes(name)) throw noSuchQueue();
    return name;
  }

  private lettersOf(queueUrl: unknown): LocalDeadLetter[] {
    const name = this.nameOf(queueUrl);
    return this.deadLetters.all.filter((letter) => letter.queueArn.endsWith(`:${name}`));
  }
}

/** A stable message id per letter, as SQS gives one id per message. */
const ids = new WeakMap<LocalDeadLetter, string>();
function messageIdOf(letter: LocalDeadLetter): string {
  let id = ids.get(letter);
  if (!id) {
    id = randomUUID();
    ids.set(letter, id);
  }
  return id;
}
