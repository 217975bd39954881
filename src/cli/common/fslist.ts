/*
 * The file system list of statgrab's and saidar's -F, read as statgrab.c's
 * set_valid_filesystems() and split_list() read it: names separated by
 * blanks and commas; a leading `!` (blanks around it allowed) means "every
 * type the kernel lists but these". It becomes getFsStats' `fsTypes`.
 */

/** What statgrab (and saidar) use without -F (statgrab.c:1121, saidar.c:867). */
export const DEFAULT_FS_LIST = '!nfs, nfs3, nfs4, cifs, smbfs, samba, autofs';

/** -F's text as getFsStats' `fsTypes`: `['!', ...names]` for an exclusion list. An empty list leaves nothing valid. */
export function fsListOf(text: string): string[] {
  // C's isspace: the ASCII blanks only.
  let t = text.replace(/^[ \t\n\v\f\r]+/, '');
  const not = t.startsWith('!');
  if (not) t = t.slice(1);
  const names = t.split(/[ \t\n\v\f\r,]+/).filter((x) => x !== '');
  return not ? ['!', ...names] : names;
}
