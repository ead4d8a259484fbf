import type { Command } from '../command.js';
import { calendarCommand } from './calendar.js';
import { cancelCommand } from './cancel.js';
import { decideCommand } from './decide.js';
import { executionsCommand } from './executions.js';
import { historyCommand } from './history.js';
import { rejectionsCommand } from './rejections.js';
import { reportCommand } from './report.js';
import { rescheduleCommand } from './reschedule.js';
import { showCommand } from './show.js';
import { submitCommand } from './submit.js';

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  submitCommand,
  decideCommand,
  cancelCommand,
  rescheduleCommand,
  calendarCommand,
  showCommand,
  executionsCommand,
  historyCommand,
  rejectionsCommand,
  reportCommand,
];
