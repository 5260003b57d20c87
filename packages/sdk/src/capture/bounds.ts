/** Cuts `value` to at most `max` characters: the SDK bounds what it captures itself, to the contract's limits. */
export const clip = (value: string, max: number): string => (value.length > max ? value.slice(0, max) : value);
