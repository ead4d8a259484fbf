import { readTargetClock } from '../clock.js';
import type { Command } from '../command.js';

/** `brandflow clock`: the time the target's handlers read, to schedule against. */
export const clockCommand: Command = {
  name: 'clock',
  summary: "the time Brandflow's handlers read (the twin's clock runs ahead of the wall clock after waits)",
  examples: ['brandflow clock', 'brandflow clock --json'],
  async run({ connection }) {
    const clock = await readTargetClock(connection.target);
    const ahead = clock.aheadSeconds
      ? `${clock.aheadSeconds} s (${(clock.aheadSeconds / 3600).toFixed(1)} h) ahead of the wall clock ${clock.realNow}: schedule posts from this time`
      : 'the wall clock';
    return { data: clock, text: `${clock.now}   ${ahead}` };
  },
};
