import { readdirSync, readFileSync } from 'node:fs';

// Linux's USER_HZ: /proc/<pid>/stat reports utime and stime in these ticks (100 on every mainstream kernel).
const TICKS_PER_S = 100;

/** CPU time (user + system, ms) used so far by every live process of a process group, from /proc. */
export function processGroupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name (which may hold spaces): state ppid pgrp ... utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks / TICKS_PER_S) * 1000;
}
