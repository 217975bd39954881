import type { Provider } from '../keys.js';
import { constProvider, loadProvider, memProvider, swapProvider } from './basic.js';
import { cpuProvider } from './cpu.js';
import { diskProvider } from './disk.js';
import { fsProvider } from './fs.js';
import { generalProvider, procProvider, userProvider } from './host.js';
import { netProvider } from './net.js';
import { pageProvider } from './page.js';

/**
 * statgrab's toplevels, in statgrab.c's order (toplevels[]). A new component
 * is one module exporting a Provider, added here.
 */
export const PROVIDERS: readonly Provider[] = [
  constProvider,
  cpuProvider,
  memProvider,
  loadProvider,
  userProvider,
  swapProvider,
  generalProvider,
  fsProvider,
  diskProvider,
  procProvider,
  netProvider,
  pageProvider,
];
