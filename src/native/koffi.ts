import { StatError } from '../errors.js';
import { KVM_SWAP, O_RDONLY, type KvmSwapRow } from './abi.js';
import type { FfiDriver, KvmApi, KvmHandle, LibcApi } from './driver.js';

/*
 * The koffi driver: the default, and the only one on FreeBSD (koffi ships
 * FreeBSD binaries). Pointers to memory are declared `void *` and given
 * Buffers, which koffi passes without copying, so results land in place.
 */

type Koffi = typeof import('koffi', { with: { 'resolution-mode': 'require' } });

function loadKoffi(): Koffi {
  try {
    return require('koffi') as Koffi;
  } catch (err) {
    throw new StatError('LIBRARY', 'koffi', `cannot load the koffi FFI package (${(err as Error).message.split('\n')[0]}): install it with "npm install koffi"`);
  }
}

const koffi = loadKoffi();

/**
 * `struct kvm_swap` as libkvm lays it out (abi.ts has the same table; a test
 * checks that koffi computes the same size and offsets).
 */
export const KvmSwapStruct = koffi.struct('sysgrab_kvm_swap', {
  ksw_devname: koffi.array('char', KVM_SWAP.fields.ksw_devname.size, 'String'),
  ksw_used: 'uint32_t',
  ksw_total: 'uint32_t',
  ksw_flags: 'int',
  ksw_reserved1: 'uint32_t',
  ksw_reserved2: 'uint32_t',
});
// Registers the name used by the kvm prototypes below.
koffi.opaque('sysgrab_kvm_t');

function openLibrary(path: string) {
  try {
    return koffi.load(path);
  } catch (err) {
    throw new StatError('LIBRARY', path, `cannot load ${path}: ${(err as Error).message}`);
  }
}

function declare<F>(lib: ReturnType<Koffi['load']>, path: string, prototype: string): F {
  try {
    return lib.func(prototype) as F;
  } catch (err) {
    throw new StatError('LIBRARY', path, `${path} lacks ${prototype}: ${(err as Error).message}`);
  }
}

type Fn = (...args: unknown[]) => unknown;

export const koffiDriver: FfiDriver = {
  name: 'koffi',

  loadLibc(path: string): LibcApi {
    const lib = openLibrary(path);
    const sysctlbyname = declare<Fn>(lib, path, 'int sysctlbyname(const void *name, void *oldp, void *oldlenp, const void *newp, size_t newlen)');
    const sysctlnametomib = declare<Fn>(lib, path, 'int sysctlnametomib(const char *name, void *mibp, void *sizep)');
    const sysctl = declare<Fn>(lib, path, 'int sysctl(const void *name, unsigned int namelen, void *oldp, void *oldlenp, const void *newp, size_t newlen)');
    const devname = declare<Fn>(lib, path, 'const char *devname(uint64_t dev, uint16_t type)');
    return {
      sysctlbyname: (name, oldp, oldlenp) => sysctlbyname(name, oldp, oldlenp, null, 0) as number,
      sysctlnametomib: (name, mibp, sizep) => sysctlnametomib(name, mibp, sizep) as number,
      sysctl: (mib, namelen, oldp, oldlenp) => sysctl(mib, namelen, oldp, oldlenp, null, 0) as number,
      devname: (dev, type) => devname(dev, type) as string | null,
      errno: () => koffi.errno(),
    };
  },

  loadLibkvm(path: string): KvmApi {
    const lib = openLibrary(path);
    const openfiles = declare<Fn>(lib, path, 'sysgrab_kvm_t *kvm_openfiles(const char *execfile, const char *corefile, const char *swapfile, int flags, void *errbuf)');
    const getswapinfo = declare<Fn>(lib, path, 'int kvm_getswapinfo(sysgrab_kvm_t *kd, void *ary, int max, int flags)');
    const close = declare<Fn>(lib, path, 'int kvm_close(sysgrab_kvm_t *kd)');
    const geterr = declare<Fn>(lib, path, 'const char *kvm_geterr(sysgrab_kvm_t *kd)');
    return {
      openfiles: (corefile, errbuf) => (openfiles(null, corefile, null, O_RDONLY, errbuf) as KvmHandle | null) ?? null,
      getswapinfo(kd, max, flags) {
        const ary = Buffer.alloc(max * KVM_SWAP.size);
        const count = getswapinfo(kd, ary, max, flags) as number;
        if (count < 0) return null;
        const rows: KvmSwapRow[] = [];
        for (let i = 0; i <= Math.min(count, max - 1); i++) {
          const r = koffi.decode(ary, i * KVM_SWAP.size, KvmSwapStruct) as { ksw_devname: string; ksw_used: number; ksw_total: number; ksw_flags: number };
          rows.push({ devname: r.ksw_devname, usedPages: r.ksw_used, totalPages: r.ksw_total, flags: r.ksw_flags });
        }
        return { count, rows };
      },
      close: (kd) => close(kd) as number,
      geterr: (kd) => (geterr(kd) as string | null) ?? '',
    };
  },
};
