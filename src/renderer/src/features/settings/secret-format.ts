/** The only rendering of a secret: its status hint (last 4 characters), masked in front. */
export const maskedHint = (hint: string): string => `••••${hint}`
