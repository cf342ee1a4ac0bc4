import { useStore } from '@xyflow/react';
import { createContext, useContext, type ReactNode } from 'react';

/**
 * Below this zoom a card's text (12 px) is drawn under 6 px and cannot be read, so the canvas draws compact cards:
 * frame, colour, type icon and title. A 500-node template's fit view is at about 0.2; mounting its full cards was
 * most of its first render, and painting their texts most of a drag's frame.
 */
export const FULL_CARDS_FROM_ZOOM = 0.5;

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
