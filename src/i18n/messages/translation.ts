/** Another language's catalogue: the same keys as the English one, each a string. */
export type Translation<English> = { readonly [K in keyof English]: string };
