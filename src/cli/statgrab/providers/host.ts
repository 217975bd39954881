import { getHostInfo, getProcessCount, getUserStats } from '../../../index.js';
import type { HostState } from '../../../types/host.js';
import { type Provider, type StatItem, statName } from '../keys.js';

/* general., proc., user. (statgrab.c populate_general/proc/user). */

/** statgrab's words for sg_host_state. */
const HOST_STATES: Record<HostState, string> = {
  unknown: 'unknown',
  physical: 'physical host',
  virtual: 'virtual machine (full virtualized)',
  paravirtual: 'virtual machine (paravirtualized)',
  'hardware-virtualized': 'hardware virtualization',
};

export const generalProvider: Provider = {
  toplevel: 'general.',
  populate: (ctx) => {
    const h = getHostInfo(ctx.options);
    return [
      { name: 'general.os_name', type: 'string', value: h.osName },
      { name: 'general.os_release', type: 'string', value: h.osRelease },
      { name: 'general.os_version', type: 'string', value: h.osVersion },
      { name: 'general.platform', type: 'string', value: h.platform },
      { name: 'general.hostname', type: 'string', value: h.hostname },
      { name: 'general.ncpus', type: 'uint', value: h.ncpus },
      { name: 'general.ncpus_cfg', type: 'uint', value: h.maxcpus },
      { name: 'general.bitwidth', type: 'uint', value: h.bitwidth },
      { name: 'general.hoststate', type: 'string', value: HOST_STATES[h.hostState] },
      { name: 'general.uptime', type: 'time', value: h.uptime },
    ];
  },
  keys: [
    { key: 'general.os_name', help: 'uname sysname' },
    { key: 'general.os_release', help: 'uname release' },
    { key: 'general.os_version', help: 'uname version' },
    { key: 'general.platform', help: 'uname machine' },
    { key: 'general.hostname', help: 'uname nodename' },
    { key: 'general.ncpus', help: 'CPUs online' },
    { key: 'general.ncpus_cfg', help: 'CPUs configured' },
    { key: 'general.bitwidth', help: '64 or 32' },
    { key: 'general.hoststate', help: 'virtualisation: unknown on Linux and FreeBSD' },
    { key: 'general.uptime', help: 'seconds since boot' },
  ],
};

export const procProvider: Provider = {
  toplevel: 'proc.',
  populate: (ctx) => {
    const c = getProcessCount(ctx.options);
    return [
      { name: 'proc.total', type: 'ull', value: c.total },
      { name: 'proc.running', type: 'ull', value: c.running },
      { name: 'proc.sleeping', type: 'ull', value: c.sleeping },
      { name: 'proc.stopped', type: 'ull', value: c.stopped },
      { name: 'proc.zombie', type: 'ull', value: c.zombie },
    ];
  },
  keys: [
    { key: 'proc.total', help: 'processes' },
    { key: 'proc.running', help: 'running or runnable' },
    { key: 'proc.sleeping', help: 'sleeping (Linux S, D, I; FreeBSD SSLEEP, SWAIT, SLOCK, SIDL)' },
    { key: 'proc.stopped', help: 'stopped or traced' },
    { key: 'proc.zombie', help: 'exited, not yet reaped' },
  ],
};

export const userProvider: Provider = {
  toplevel: 'user.',
  populate: (ctx) => {
    const users = getUserStats(ctx.options);
    const items: StatItem[] = [];
    for (const u of users) {
      items.push(
        { name: statName('user', u.device, 'login_name'), type: 'string', value: u.loginName },
        { name: statName('user', u.device, 'tty'), type: 'string', value: u.device },
        { name: statName('user', u.device, 'from'), type: 'string', value: u.hostname },
        { name: statName('user', u.device, 'login_time'), type: 'time', value: u.loginTime },
      );
    }
    items.push({ name: 'user.num', type: 'int', value: users.length }, { name: 'user.names', type: 'string', value: users.map((u) => u.loginName).join(' ') });
    return items;
  },
  keys: [
    { key: 'user.<tty>.login_name', help: 'who is logged in on <tty> (pts/0, ttyv0, ...)' },
    { key: 'user.<tty>.tty', help: 'the terminal' },
    { key: 'user.<tty>.from', help: 'remote host or display' },
    { key: 'user.<tty>.login_time', help: 'seconds since the epoch' },
    { key: 'user.num', help: 'sessions' },
    { key: 'user.names', help: 'login names, space-separated' },
  ],
};
