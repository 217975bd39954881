/* key=value tokens and escaped words in snapshot lines (see kv.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kv.h"

static const char *find(const char *rest, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = rest; (p = strstr(p, key)) != NULL; p++) {
		if ((p == rest || p[-1] == ' ' || p[-1] == '\t') && p[k] == '=')
			return p + k + 1;
	}
	return NULL;
}

int fakebsd_has(const char *rest, const char *key) { return find(rest, key) != NULL; }

int64_t fakebsd_kv(const char *rest, const char *key, int64_t def)
{
	const char *v = find(rest, key);
	if (!v)
		return def;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		return (int64_t)strtoull(v, NULL, 16);
	return strtoll(v, NULL, 10);
}

const char *fakebsd_kv_text(const char *rest, const char *key)
{
	static char buf[256];
	const char *v = find(rest, key);
	if (!v)
		return NULL;
	size_t n = strcspn(v, " \t");
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

int fakebsd_word(const char *rest, int n, char *out, size_t size)
{
	const char *p = rest;
	for (int i = 0;; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return 0;
		const char *end = p + strcspn(p, " \t");
		if (i == n) {
			size_t o = 0;
			for (const char *q = p; q < end && o + 1 < size; q++) {
				if (q[0] == '\\' && end - q >= 4 && q[1] >= '0' && q[1] <= '7' && q[2] >= '0' && q[2] <= '7' && q[3] >= '0' && q[3] <= '7') {
					out[o++] = (char)((q[1] - '0') * 64 + (q[2] - '0') * 8 + (q[3] - '0'));
					q += 3;
				} else
					out[o++] = *q;
			}
			out[o] = '\0';
			return 1;
		}
		p = end;
	}
}
