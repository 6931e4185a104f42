import type { Browser } from 'playwright-core';

export interface SlideReport {
  h: number;
  v: number;
  title: string;
  /** The content's extent in slide pixels (the slide is 1280×720). */
  height: number;
  width: number;
  overflowing: boolean;
  /** Ids of the notebook cells on this slide. */
  cells: string[];
  /** Ids of the cells whose output is a figure. */
  figures: string[];
  notesWords: number;
}

export function figureParameters(notebook: { cells: unknown[] }): { figure: string; params: string | null; hideInput: boolean }[];
export function checkDeck(browser: Browser, deckPath: string, notebook: { cells: unknown[] }): Promise<{ slides: SlideReport[]; problems: string[] }>;
