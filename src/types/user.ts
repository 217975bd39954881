/** A login session (libstatgrab's sg_user_stats), from the system's login records. */
export interface UserStats {
  loginName: string;
  /** The terminal line: `pts/0`, `tty1`, `ttyv0`, `:0`. */
  device: string;
  /** Where the user came from (remote host or display); `` when local. */
  hostname: string;
  /** The session's process. */
  pid: number;
  /** When the session started, whole seconds since the epoch. */
  loginTime: number;
  /** The record's id (utmp ut_id), NUL bytes dropped. */
  recordId: string;
}
