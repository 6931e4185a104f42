/**
 * The exported lectures' explorer loader (built by scripts/build-bundle.mjs into
 * lib/explorer/explorer.loader.js, a few hundred bytes; scripts/lectures/finish.mjs puts it
 * at the end of each lecture file that has an explorer).
 *
 * A lecture file carries the explorer bundle as inert text (<script type="text/x-owb-explorer">),
 * so opening the file costs only its parse, not compiling 290 KB of JavaScript and mounting
 * explorers the reader has not reached: each explorer shows the kernel's static figure until
 * it comes near the screen, and only then is the bundle run (once) and the explorer mounted.
 *  - A page mounts an explorer when it comes within half a screen of the viewport
 *    (IntersectionObserver; without one, every explorer mounts at once).
 *  - A deck (reveal.js) mounts the explorers of the slide it shows, as the slide changes, and
 *    those of the next slide when the browser is idle, so arriving there is instant.
 * Printing shows every explorer's static figure (see the client's print rule).
 */
import type { ExplorerHandle } from './client.js';

/** The element holding the bundle's source, and the type that keeps the browser from running it. */
export const RUNTIME_ID = 'owb-x-runtime';
export const RUNTIME_TYPE = 'text/x-owb-explorer';

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

/** Runs the bundle the first time an explorer needs it; its API (undefined if the file has none). */
function runtime(win: LoaderWindow): ExplorerApi | undefined {
  if (!win.optimWorkbookExplorer) {
    const doc = win.document;
    const source = doc.getElementById(RUNTIME_ID);
    if (!source) return undefined;
    const script = doc.createElement('script');
    script.dataset.owbMount = 'manual'; // the bundle mounts nothing by itself: this loader decides when
    script.textContent = source.textContent;
    doc.body.appendChild(script);
  }
  return win.optimWorkbookExplorer;
}

const pending = (root: ParentNode): HTMLElement[] => [...root.querySelectorAll<HTMLElement>('[data-owb-explorer]:not([data-owb-mounted])')];

function mountIn(win: LoaderWindow, root: ParentNode | undefined): void {
  if (!root) return;
  const explorers = pending(root);
  if (explorers.length === 0) return;
  const api = runtime(win);
  for (const el of explorers) api?.mount(el);
}

/** Starts the loader for `win`'s document: a deck's slides or a page's scrolling decide. */
export function startLoader(win: LoaderWindow): void {
  const doc = win.document;
  if (pending(doc).length === 0) return;
  const reveal = win.Reveal;
  if (reveal) {
    const idle = win.requestIdleCallback ?? ((fn: () => void) => win.setTimeout(fn, 200));
    const follow = (): void => {
      if (reveal.isPrintView?.() || reveal.isPrintingPDF?.()) return; // a printed deck shows the static figures
      const current = reveal.getCurrentSlide();
      mountIn(win, current);
      const slides = reveal.getSlides();
      const next = current ? slides[slides.indexOf(current) + 1] : undefined;
      if (next) idle(() => mountIn(win, next));
    };
    reveal.on('slidechanged', follow);
    if (reveal.isReady()) follow(); else reveal.on('ready', follow);
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
      runtime(win)?.mount(entry.target as HTMLElement);
    }
  }, { rootMargin: '50% 0px' });
  for (const el of pending(doc)) observer.observe(el);
}

if (typeof window !== 'undefined') startLoader(window as LoaderWindow);
