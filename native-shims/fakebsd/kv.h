/*
 * Helpers for the fs, devstat and net modules: `key=value` tokens and
 * fstab-style octal escapes in snapshot lines.
 */
#ifndef FAKEBSD_KV_H
#define FAKEBSD_KV_H

#include <stdint.h>

/* The value of `key=` in `rest` (a line's text after its prefix), or `def`.
 * Decimal unless it starts with 0x; signed values allowed. */
int64_t fakebsd_kv(const char *rest, const char *key, int64_t def);
/* Whether `key=` is present. */
int fakebsd_has(const char *rest, const char *key);
/* The value of `key=` as text, or NULL. Valid until the next call. */
const char *fakebsd_kv_text(const char *rest, const char *key);
/* Copy the n-th space-separated word of `rest` (0-based) into out, undoing
 * \ooo escapes; returns 0 when there is no such word. */
int fakebsd_word(const char *rest, int n, char *out, size_t size);

#endif
