/** Moved to lib/now.ts (the platform's clock is shared by every feature); kept for old imports. */
export { useNow } from '../../lib/now'
