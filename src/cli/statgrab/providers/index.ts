import type { Provider } from '../keys.js';
import { constProvider, loadProvider, memProvider, swapProvider } from './basic.js';
import { cpuProvider } from './cpu.js';
import { generalProvider, procProvider, userProvider } from './host.js';
import { pageProvider } from './page.js';

/**
 * statgrab's toplevels, in statgrab.c's order (toplevels[]). A new component
 * (fs., disk., net.) is one module exporting a Provider, added here.
 */
export const PROVIDERS: readonly Provider[] = [constProvider, cpuProvider, memProvider, loadProvider, userProvider, swapProvider, generalProvider, procProvider, pageProvider];
