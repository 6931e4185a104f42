/**
 * The exported lectures' explorer loader (built by scripts/build-bundle.mjs into
 * lib/explorer/explorer.loader.js, a few hundred bytes; scripts/lectures/finish.mjs puts it
 * at the end of each lecture file that has an explorer).
 *
 * A lecture file carries the explorer bundle as inert text (<script type="text/x-owb-explorer">),
 * gzip-compressed and base64-encoded: 136 KB instead of 298 KB, which the browser must still
 * decode, preload-scan and tokenize at load (about 1 ms per 10 KB here). Opening the file
 * thus costs neither compiling the bundle nor mounting explorers the reader has not reached:
 * each explorer shows the kernel's static figure until it comes near the screen, and only
 * then is the bundle decompressed and run (once) and the explorer mounted.
 *  - A page mounts an explorer when it comes within half a screen of the viewport
 *    (IntersectionObserver; without one, every explorer mounts at once).
 *  - A deck (reveal.js) decompresses and runs the bundle when the browser is first idle, then
 *    mounts the explorers of the slide it shows as the slide changes (synchronously, inside
 *    Reveal.slide), and those of the next slide when the browser is idle.
 * Printing shows every explorer's static figure (see the client's print rule).
 */
import type { ExplorerHandle } from './client.js';

/** The element holding the bundle's source, and the type that keeps the browser from running it. */
export const RUNTIME_ID = 'owb-x-runtime';
export const RUNTIME_TYPE = 'text/x-owb-explorer';
/** How the bundle's source is stored in the element (its data-encoding). */
export const RUNTIME_ENCODING = 'gzip+base64';

interface ExplorerApi { mount(el: HTMLElement): ExplorerHandle | null }
interface RevealLike {
  isReady(): boolean;
  on(type: string, listener: () => void): void;
  getCurrentSlide(): HTMLElement | undefined;
  getSlides(): HTMLElement[];
  /** reveal.js 5 (isPrintingPDF in 4): the deck laid out for printing. */
  isPrintView?(): boolean;
  isPrintingPDF?(): boolean;
}
type LoaderWindow = Window & typeof globalThis & { optimWorkbookExplorer?: ExplorerApi; Reveal?: RevealLike };

/** The bundle's source from its stored form: base64 → gzip bytes → text (DecompressionStream). */
async function decode(stored: string, win: LoaderWindow): Promise<string> {
  const binary = win.atob(stored.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i); // a plain loop: Uint8Array.from with a mapping function took 30 ms here
  const stream = new win.Blob([bytes]).stream().pipeThrough(new win.DecompressionStream('gzip'));
  return new win.Response(stream).text();
}

let api: ExplorerApi | undefined;
let loading: Promise<ExplorerApi | undefined> | undefined;

/**
 * Runs the bundle, once, the first time it is asked for; resolves to its API (undefined if the
 * file has none, or the browser cannot decompress it: then the static figures stay).
 */
function runtime(win: LoaderWindow): Promise<ExplorerApi | undefined> {
  loading ??= (async () => {
    if (win.optimWorkbookExplorer) return win.optimWorkbookExplorer;
    const doc = win.document;
    const source = doc.getElementById(RUNTIME_ID);
    if (!source) return undefined;
    const stored = source.textContent ?? '';
    const script = doc.createElement('script');
    script.dataset.owbMount = 'manual'; // the bundle mounts nothing by itself: this loader decides when
    script.textContent = source.dataset.encoding === RUNTIME_ENCODING ? await decode(stored, win) : stored;
    doc.body.appendChild(script);
    return win.optimWorkbookExplorer;
  })().then((loaded) => (api = loaded), (error: unknown) => {
    win.console.warn('The live explorers could not start; their static figures stay.', error);
    return undefined;
  });
  return loading;
}

const pending = (root: ParentNode): HTMLElement[] => [...root.querySelectorAll<HTMLElement>('[data-owb-explorer]:not([data-owb-mounted])')];

/** Mounts `explorers`: at once when the bundle has run, else as soon as it has. */
function mount(win: LoaderWindow, explorers: HTMLElement[]): void {
  if (explorers.length === 0) return;
  const mountEach = (loaded: ExplorerApi | undefined): void => {
    for (const el of explorers) if (!el.hasAttribute('data-owb-mounted')) loaded?.mount(el);
  };
  if (api) mountEach(api); else void runtime(win).then(mountEach);
}

const mountIn = (win: LoaderWindow, root: ParentNode | undefined): void => mount(win, root ? pending(root) : []);

/** Starts the loader for `win`'s document: a deck's slides or a page's scrolling decide. */
export function startLoader(win: LoaderWindow): void {
  const doc = win.document;
  if (pending(doc).length === 0) return;
  const reveal = win.Reveal;
  if (reveal) {
    const idle = win.requestIdleCallback ?? ((fn: () => void) => win.setTimeout(fn, 200));
    const printing = (): boolean => Boolean(reveal.isPrintView?.() || reveal.isPrintingPDF?.());
    const follow = (): void => {
      if (printing()) return; // a printed deck shows the static figures
      const current = reveal.getCurrentSlide();
      mountIn(win, current);
      const slides = reveal.getSlides();
      const next = current ? slides[slides.indexOf(current) + 1] : undefined;
      if (next) idle(() => mountIn(win, next));
    };
    const start = (): void => { if (!printing()) { follow(); idle(() => void runtime(win).then(follow)); } };
    reveal.on('slidechanged', follow);
    if (reveal.isReady()) start(); else reveal.on('ready', start);
    return;
  }
  if (typeof win.IntersectionObserver !== 'function') {
    mountIn(win, doc);
    return;
  }
  const observer = new win.IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      mount(win, [entry.target as HTMLElement]);
    }
  }, { rootMargin: '50% 0px' });
  for (const el of pending(doc)) observer.observe(el);
}

if (typeof window !== 'undefined') startLoader(window as LoaderWindow);
