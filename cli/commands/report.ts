import { problem } from '../../functions/contract/problems.js';
import { type InputProblem, InvalidInputError } from '../../functions/domain/errors.js';
import { type ReportFormat, reportFormats } from '../../functions/domain/report.js';
import type { Command } from '../command.js';
import { type ParsedArgs, requiredArg, stringFlag } from '../options.js';

/** `brandflow report <brandId> --week 2026-W48 | --month 2026-11`: a brand's analysis report. */
export const reportCommand: Command = {
  name: 'report',
  usage: 'report <brandId> (--week <yyyy-Www> | --month <yyyy-mm>) [--format md|csv|html]',
  summary: "print a brand's analysis report for an ISO week or a month, from its records",
  options: { week: { type: 'string' }, month: { type: 'string' }, format: { type: 'string' } },
  optionsHelp: `  --week <yyyy-Www>      an ISO week in the brand's time zone, e.g. 2026-W48
  --month <yyyy-mm>      a month in the brand's time zone, e.g. 2026-11
  --format md|csv|html   what to print (default: md); the HTML is one self-contained page`,
  examples: [
    'brandflow report aurora --month 2026-11',
    'brandflow report aurora --week 2026-W48 --format html > report.html',
  ],
  async run({ args, connection }) {
    const brandId = requiredArg(args, 0, 'brandId');
    const { period, format } = reportRequest(args);
    const scope = await connection.scope();
    const { composeReport } = await import('../../functions/reports/generate.js');
    const { renderReport } = await import('../../functions/reports/render.js');
    // In the connection's scope: the report reads the target's table.
    const model = await scope.run(() => composeReport(brandId, period, Date.now()));
    const { body } = renderReport(model, format);
    return {
      data: { brandId, period: model.period.label, format, posts: model.totals.posts, report: body },
      text: body.trimEnd(),
    };
  },
};

/** The period and format a command line asks for, or every rule it breaks. */
function reportRequest(args: ParsedArgs): { period: string; format: ReportFormat } {
  const problems: InputProblem[] = [];
  const week = stringFlag(args, 'week');
  const month = stringFlag(args, 'month');
  const format = (stringFlag(args, 'format') ?? 'md') as ReportFormat;
  if ((week === undefined) === (month === undefined)) {
    problems.push(problem('--week', 'one-of', 'give either --week or --month'));
  } else if (week !== undefined && !/^\d{4}-W\d{2}$/.test(week)) {
    problems.push(problem('--week', 'format', '--week must be an ISO week such as 2026-W48'));
  } else if (month !== undefined && !/^\d{4}-\d{2}$/.test(month)) {
    problems.push(problem('--month', 'format', '--month must be a month such as 2026-11'));
  }
  if (!reportFormats.includes(format)) {
    problems.push(problem('--format', 'one-of', `--format must be one of ${reportFormats.join(', ')}`));
  }
  if (problems.length) throw new InvalidInputError(problems);
  return { period: week ?? month ?? '', format };
}
