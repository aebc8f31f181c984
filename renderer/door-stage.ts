/** Door stages only move forward: opening → open → an outcome. A late answer never moves one back. */
export const stageRank = (stage: string): number => (stage === 'opening' ? 0 : stage === 'open' ? 1 : 2);
