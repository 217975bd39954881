/*
 * Preloaded (node -r) into freecolor to show it a Windows console: chalk's
 * colour detection (supports-color) and sysgrab's own colour choice
 * (cli/common/color.js) see process.platform 'win32' and os.release()
 * FAKE_WINDOWS_RELEASE (e.g. 10.0.19045, or 6.1.7601 for Windows 7);
 * everything else keeps the real platform (koffi must load its Linux binary).
 */
const os = require('node:os');
const real = process.platform;
const release = process.env.FAKE_WINDOWS_RELEASE;
Object.defineProperty(process, 'platform', {
  get() {
    return /supports-color|cli[\\/]common[\\/]color\.js/.test(new Error().stack ?? '') ? 'win32' : real;
  },
});
os.release = () => release;
