/**
 * The whole of Linux's /proc/meminfo: every key the running kernel prints,
 * spelled as it prints it (`Active(anon)`, `HugePages_Total`), in bytes.
 *
 * Lines with a `kB` unit are converted to bytes (x 1024). The kernel prints
 * four lines without a unit, the huge page counts `HugePages_Total`,
 * `HugePages_Free`, `HugePages_Rsvd` and `HugePages_Surp`: those are page
 * counts and are given as they are (`Hugepagesize` gives the page size in
 * bytes). Which keys exist depends on the kernel version and configuration.
 */
export type Meminfo = Record<string, number>;
