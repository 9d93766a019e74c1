import * as fs from 'fs';

/** Linux's USER_HZ: the unit of /proc's CPU times, 100 on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, in milliseconds) of this process's waited-for children so far, from
 * /proc/self/stat (`cutime`, `cstime`); undefined where there is no /proc. The difference around a
 * spawnSync() is the CPU the child and its own children used: less sensitive than wall time to
 * other work on a shared machine.
 */
export function childCpuMillis(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces); cutime and
    // cstime are fields 16 and 17 of the whole line, 14 and 15 after the name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
