import { useStore } from '@xyflow/react';
import { createContext, useContext, type ReactNode } from 'react';

/**
 * Below this zoom a card's text (12 px) is drawn under 5 px and cannot be read, so the canvas draws compact cards:
 * frame, colour, type icon and title. At a 500-node template's fit view (zoom 0.1 in a 1500 × 950 window) full cards
 * made 11,206 elements on the page against 6,716, and its first render took 1.28 s against 0.80 s (bench/designer.ts).
 */
export const FULL_CARDS_FROM_ZOOM = 0.4;

const CompactCards = createContext(false);

/** Tells the cards of one canvas whether they are compact; only crossing the threshold redraws them. */
export function CardDetailProvider({ children }: { children: ReactNode }) {
  const compact = useStore((state) => state.transform[2] < FULL_CARDS_FROM_ZOOM);
  return <CompactCards.Provider value={compact}>{children}</CompactCards.Provider>;
}

/** Whether this canvas draws compact cards (see FULL_CARDS_FROM_ZOOM); full cards outside a CardDetailProvider. */
export function useCompactCards(): boolean {
  return useContext(CompactCards);
}
