/**
 * The browser bundle's entry (built by scripts/build-bundle.mjs with esbuild into
 * lib/explorer/explorer.bundle.js): the explorer client, the library's objectives,
 * optimizers and runner, and the parts of Observable Plot they use. It defines
 * `optimWorkbookExplorer` on the page and mounts every explorer already there, unless the
 * script that runs it says `data-owb-mount="manual"` (the lecture files' loader, which mounts
 * each explorer as the reader reaches it: loader.ts).
 */
import { mount, mountAll } from './client.js';

declare global {
  // eslint-disable-next-line no-var
  var optimWorkbookExplorer: { mount: typeof mount; mountAll: typeof mountAll } | undefined;
}

globalThis.optimWorkbookExplorer = { mount, mountAll };
if (typeof document !== 'undefined' && (document.currentScript as HTMLScriptElement | null)?.dataset.owbMount !== 'manual') mountAll(document);
