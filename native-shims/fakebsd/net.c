/*
 * fakebsd net: getifaddrs(3)/freeifaddrs(3), and socket(2), ioctl(2)
 * SIOCGIFMEDIA, close(2) for the media word, from the snapshot's `iface:`
 * and `ifaddr:` lines.
 *
 *   - getifaddrs: per interface, in file order, an AF_LINK entry (struct
 *     sockaddr_dl, ifa_data -> struct if_data of 152 bytes, ifi_datalen 152)
 *     followed by its `ifaddr:` entries (AF_INET, AF_INET6; ifa_data NULL);
 *     fakebsd_live_ifaddrs() = lists not yet freed;
 *   - socket(AF_INET, SOCK_DGRAM, 0): a descriptor of this double (>= 10000);
 *     ioctl(fd, SIOCGIFMEDIA, struct ifmediareq *): ifm_active = the
 *     interface's `media=`, EINVAL when it has none (lo0, bridges, tun),
 *     ENXIO for an unknown name; close: EBADF for a descriptor it did not
 *     give.
 * Faults: getifaddrs, socket, ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fakebsd.h"
#include "kv.h"

#define AF_INET_BSD 2
#define AF_LINK_BSD 18
#define AF_INET6_BSD 28
#define SIOCGIFMEDIA_BSD 0xc0306938UL
#define MAX_IFACES 64
#define MAX_ADDRS 128
#define FD_BASE 10000

struct bsd_sockaddr { uint8_t sa_len; uint8_t sa_family; char sa_data[14]; };

struct sockaddr_dl {		/* net/if_dl.h */
	uint8_t sdl_len;
	uint8_t sdl_family;
	uint16_t sdl_index;
	uint8_t sdl_type;
	uint8_t sdl_nlen;
	uint8_t sdl_alen;
	uint8_t sdl_slen;
	char sdl_data[46];
};
_Static_assert(sizeof(struct sockaddr_dl) == 54, "struct sockaddr_dl is 54 bytes");

struct if_data {		/* net/if.h, FreeBSD 11+ */
	uint8_t ifi_type;
	uint8_t ifi_physical;
	uint8_t ifi_addrlen;
	uint8_t ifi_hdrlen;
	uint8_t ifi_link_state;
	uint8_t ifi_vhid;
	uint16_t ifi_datalen;
	uint32_t ifi_mtu;
	uint32_t ifi_metric;
	uint64_t ifi_baudrate;
	uint64_t ifi_ipackets;
	uint64_t ifi_ierrors;
	uint64_t ifi_opackets;
	uint64_t ifi_oerrors;
	uint64_t ifi_collisions;
	uint64_t ifi_ibytes;
	uint64_t ifi_obytes;
	uint64_t ifi_imcasts;
	uint64_t ifi_omcasts;
	uint64_t ifi_iqdrops;
	uint64_t ifi_oqdrops;
	uint64_t ifi_noproto;
	uint64_t ifi_hwassist;
	uint64_t ifi_epoch;
	uint64_t ifi_lastchange[2];
};
_Static_assert(sizeof(struct if_data) == 152, "struct if_data is 152 bytes");
_Static_assert(offsetof(struct if_data, ifi_baudrate) == 16, "ifi_baudrate at 16");
_Static_assert(offsetof(struct if_data, ifi_ibytes) == 64, "ifi_ibytes at 64");

struct ifaddrs {		/* include/ifaddrs.h */
	struct ifaddrs *ifa_next;
	char *ifa_name;
	unsigned int ifa_flags;
	struct bsd_sockaddr *ifa_addr;
	struct bsd_sockaddr *ifa_netmask;
	struct bsd_sockaddr *ifa_dstaddr;
	void *ifa_data;
};
_Static_assert(sizeof(struct ifaddrs) == 56, "struct ifaddrs is 56 bytes on LP64");

struct ifmediareq {		/* net/if.h */
	char ifm_name[16];
	int ifm_current;
	int ifm_mask;
	int ifm_status;
	int ifm_active;
	int ifm_count;
	int *ifm_ulist;
};
_Static_assert(sizeof(struct ifmediareq) == 48, "struct ifmediareq is 48 bytes on LP64");

struct iface { char name[16]; unsigned flags; int type; int link; struct if_data data; int has_media; int media; };
struct addr { char name[16]; int family; };

static struct iface ifaces[MAX_IFACES];
static int nifaces;
static struct addr addrs[MAX_ADDRS];
static int naddrs;
static unsigned parsed_generation;
static int live_lists;
static int open_fds[64];
static int nfds;
static int next_fd = FD_BASE;

static void add_iface(const char *rest, void *ctx)
{
	(void)ctx;
	if (nifaces >= MAX_IFACES)
		return;
	struct iface *f = &ifaces[nifaces];
	memset(f, 0, sizeof(*f));
	if (!fakebsd_word(rest, 0, f->name, sizeof(f->name)))
		return;
	f->flags = (unsigned)fakebsd_kv(rest, "flags", 0);
	const char *link = fakebsd_kv_text(rest, "link");
	f->data.ifi_link_state = link && strcmp(link, "up") == 0 ? 2 : link && strcmp(link, "down") == 0 ? 1 : 0;
	f->data.ifi_type = (uint8_t)fakebsd_kv(rest, "type", 6);
	f->data.ifi_datalen = sizeof(struct if_data);
	f->data.ifi_mtu = (uint32_t)fakebsd_kv(rest, "mtu", 1500);
	f->data.ifi_baudrate = (uint64_t)fakebsd_kv(rest, "baudrate", 0);
	f->data.ifi_ipackets = (uint64_t)fakebsd_kv(rest, "ipackets", 0);
	f->data.ifi_ierrors = (uint64_t)fakebsd_kv(rest, "ierrors", 0);
	f->data.ifi_opackets = (uint64_t)fakebsd_kv(rest, "opackets", 0);
	f->data.ifi_oerrors = (uint64_t)fakebsd_kv(rest, "oerrors", 0);
	f->data.ifi_collisions = (uint64_t)fakebsd_kv(rest, "collisions", 0);
	f->data.ifi_ibytes = (uint64_t)fakebsd_kv(rest, "ibytes", 0);
	f->data.ifi_obytes = (uint64_t)fakebsd_kv(rest, "obytes", 0);
	f->data.ifi_imcasts = (uint64_t)fakebsd_kv(rest, "imcasts", 0);
	f->data.ifi_omcasts = (uint64_t)fakebsd_kv(rest, "omcasts", 0);
	f->data.ifi_iqdrops = (uint64_t)fakebsd_kv(rest, "iqdrops", 0);
	f->data.ifi_oqdrops = (uint64_t)fakebsd_kv(rest, "oqdrops", 0);
	f->data.ifi_noproto = (uint64_t)fakebsd_kv(rest, "noproto", 0);
	f->has_media = fakebsd_has(rest, "media");
	f->media = (int)fakebsd_kv(rest, "media", 0);
	nifaces++;
}

static void add_addr(const char *rest, void *ctx)
{
	(void)ctx;
	char name[16], family[16];
	if (naddrs >= MAX_ADDRS || sscanf(rest, "%15s %15s", name, family) != 2)
		return;
	snprintf(addrs[naddrs].name, sizeof(addrs[naddrs].name), "%s", name);
	addrs[naddrs++].family = strcmp(family, "inet6") == 0 ? AF_INET6_BSD : AF_INET_BSD;
}

static void load(void)
{
	unsigned g = fakebsd_generation();
	if (g == parsed_generation)
		return;
	parsed_generation = g;
	nifaces = naddrs = 0;
	fakebsd_each_line("iface", add_iface, NULL);
	fakebsd_each_line("ifaddr", add_addr, NULL);
}

static struct ifaddrs *entry(const char *name, unsigned flags)
{
	struct ifaddrs *e = calloc(1, sizeof(*e));
	e->ifa_name = strdup(name);
	e->ifa_flags = flags;
	return e;
}

int getifaddrs(struct ifaddrs **ifap)
{
	fakebsd_enter("getifaddrs");
	load();
	int injected = fakebsd_fault("getifaddrs");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (injected < 0)
		return -1;
	if (!ifap)
		return fakebsd_fail(EFAULT);
	struct ifaddrs *head = NULL, **tail = &head;
	for (int i = 0; i < nifaces; i++) {
		struct iface *f = &ifaces[i];
		struct ifaddrs *e = entry(f->name, f->flags);
		struct sockaddr_dl *dl = calloc(1, sizeof(*dl));
		dl->sdl_len = sizeof(*dl);
		dl->sdl_family = AF_LINK_BSD;
		dl->sdl_index = (uint16_t)(i + 1);
		dl->sdl_type = f->data.ifi_type;
		dl->sdl_nlen = (uint8_t)strlen(f->name);
		memcpy(dl->sdl_data, f->name, dl->sdl_nlen);
		e->ifa_addr = (struct bsd_sockaddr *)dl;
		struct if_data *d = malloc(sizeof(*d));
		memcpy(d, &f->data, sizeof(*d));
		e->ifa_data = d;
		*tail = e;
		tail = &e->ifa_next;
		for (int a = 0; a < naddrs; a++) {
			if (strcmp(addrs[a].name, f->name) != 0)
				continue;
			struct ifaddrs *x = entry(f->name, f->flags);
			struct bsd_sockaddr *sa = calloc(1, 28);
			sa->sa_len = addrs[a].family == AF_INET6_BSD ? 28 : 16;
			sa->sa_family = (uint8_t)addrs[a].family;
			x->ifa_addr = sa;
			*tail = x;
			tail = &x->ifa_next;
		}
	}
	*ifap = head;
	live_lists++;
	return 0;
}

void freeifaddrs(struct ifaddrs *ifa)
{
	fakebsd_enter("freeifaddrs");
	if (!ifa)
		return;
	live_lists--;
	while (ifa) {
		struct ifaddrs *next = ifa->ifa_next;
		free(ifa->ifa_name);
		free(ifa->ifa_addr);
		free(ifa->ifa_data);
		free(ifa);
		ifa = next;
	}
}

/* Lists getifaddrs handed out that were not freed (for leak checks). */
int fakebsd_live_ifaddrs(void) { return live_lists; }

int socket(int domain, int type, int protocol)
{
	(void)protocol;
	fakebsd_enter("socket");
	int injected = fakebsd_fault("socket");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (domain != AF_INET_BSD || type != 2 || nfds >= (int)(sizeof(open_fds) / sizeof(open_fds[0])))
		return fakebsd_fail(EAFNOSUPPORT);
	open_fds[nfds++] = next_fd;
	return next_fd++;
}

static int find_fd(int fd)
{
	for (int i = 0; i < nfds; i++)
		if (open_fds[i] == fd)
			return i;
	return -1;
}

int close(int fd)
{
	fakebsd_enter("close");
	int i = find_fd(fd);
	if (i < 0)
		return fakebsd_fail(EBADF);
	open_fds[i] = open_fds[--nfds];
	return 0;
}

/* Sockets socket() handed out that were not closed. */
int fakebsd_open_sockets(void) { return nfds; }

int ioctl(int fd, unsigned long request, void *arg)
{
	fakebsd_enter("ioctl");
	load();
	int injected = fakebsd_fault("ioctl");
	if (injected > 0)
		return fakebsd_fail(injected);
	if (find_fd(fd) < 0)
		return fakebsd_fail(EBADF);
	if (request != SIOCGIFMEDIA_BSD)
		return fakebsd_fail(ENOTTY);
	struct ifmediareq *req = arg;
	for (int i = 0; i < nifaces; i++) {
		if (strncmp(ifaces[i].name, req->ifm_name, sizeof(req->ifm_name)) != 0)
			continue;
		if (!ifaces[i].has_media)
			return fakebsd_fail(EINVAL);
		req->ifm_current = req->ifm_active = ifaces[i].media;
		req->ifm_mask = 0;
		req->ifm_status = 0x1 | (ifaces[i].data.ifi_link_state == 2 ? 0x2 : 0);	/* IFM_AVALID | IFM_ACTIVE */
		req->ifm_count = 0;
		return 0;
	}
	return fakebsd_fail(ENXIO);
}
