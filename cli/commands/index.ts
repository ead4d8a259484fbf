import type { Command } from '../command.js';
import { assetsCommand } from './assets.js';
import { calendarCommand } from './calendar.js';
import { cancelCommand } from './cancel.js';
import { clockCommand } from './clock.js';
import { decideCommand } from './decide.js';
import { executionsCommand } from './executions.js';
import { historyCommand } from './history.js';
import { inboxCommand } from './inbox.js';
import { loginCommand } from './login.js';
import { profileCommand } from './profile.js';
import { redriveCommand } from './redrive.js';
import { rejectionsCommand } from './rejections.js';
import { replyCommand } from './reply.js';
import { reportCommand } from './report.js';
import { rescheduleCommand } from './reschedule.js';
import { retryCommand } from './retry.js';
import { showCommand } from './show.js';
import { statusCommand } from './status.js';
import { submitCommand } from './submit.js';

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  loginCommand,
  submitCommand,
  decideCommand,
  cancelCommand,
  rescheduleCommand,
  retryCommand,
  profileCommand,
  calendarCommand,
  showCommand,
  executionsCommand,
  historyCommand,
  rejectionsCommand,
  statusCommand,
  redriveCommand,
  reportCommand,
  clockCommand,
  assetsCommand,
  inboxCommand,
  replyCommand,
];
