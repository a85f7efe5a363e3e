/** An object's own entry: names from data may be `constructor` or `toString`, which plain objects inherit. */
export const own = <T>(o: Record<string, T>, name: string): T | undefined => (Object.hasOwn(o, name) ? o[name] : undefined);
