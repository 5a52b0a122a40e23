/** What every screen gets: where to draw, who is signed in, the route, and page-level helpers. */
import type { PageConfig } from './config';
import type { Me } from './types';

export interface Flash {
  kind: 'success' | 'important';
  heading: string;
  body?: string;
}

export interface ViewContext {
  /** The screen's own container (detached if the user moves on, so late writes are harmless). */
  view: HTMLElement;
  me: Me;
  config: PageConfig;
  /** Path segments after the screen name, e.g. `['SEND-7K3M9Q']`. */
  params: string[];
  query: URLSearchParams;
  /** A message carried over from the previous screen (shown once). */
  flash: Flash | null;
  /** Sets the document title and moves focus to the screen's heading. */
  title(heading: HTMLElement, documentTitle: string): void;
  /** Goes to a hash route, carrying a message to the next screen. */
  navigate(hash: string, flash?: Flash): void;
  /** Draws the current route again (keeping a message). */
  refresh(flash?: Flash): void;
}

/** Stops timers a screen started (called when leaving it). */
export type Cleanup = () => void;
